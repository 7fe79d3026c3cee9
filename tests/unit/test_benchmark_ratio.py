"""The first-render benchmark's verdict figure: each round's page / bare, with its interval."""

from benchmarks.pages import paired_ratio


def test_a_page_as_fast_as_bare_is_one_with_no_spread():
    assert paired_ratio([0.8, 0.9, 1.0], [0.8, 0.9, 1.0]) == (1.0, 1.0, 1.0)


def test_pairs_cancel_the_drift_of_the_machine():
    # The machine slows down round by round; the page is always 1.1x the bare page of its
    # own round. Unpaired medians would mix rounds; the pairs say 1.1 exactly.
    bare = [0.8, 1.0, 1.4, 2.0, 0.9]
    page = [b * 1.1 for b in bare]
    median, low, high = paired_ratio(page, bare)
    assert round(median, 6) == round(low, 6) == round(high, 6) == 1.1


def test_the_interval_holds_the_median_and_widens_with_noise():
    bare = [1.0] * 9
    steady = paired_ratio([1.18, 1.19, 1.2, 1.21, 1.22, 1.19, 1.2, 1.21, 1.2], bare)
    noisy = paired_ratio([1.0, 1.1, 1.2, 1.3, 1.4, 1.05, 1.2, 1.35, 1.2], bare)
    for median, low, high in (steady, noisy):
        assert low <= median <= high
    assert (noisy[2] - noisy[1]) > (steady[2] - steady[1])
    # a target of 1.2 is not decided by the noisy run: its interval straddles it
    assert noisy[1] < 1.2 < noisy[2]
