"""CPU time of the personal-data guard on hostile free text, at doubling lengths.

    python -m benchmarks.guard            # each text at 25, 50, 100 and 200 KB

A free-text field holds at most a few thousand characters, but an import reads up to
1 MB of them, so the guard must cost time in proportion to the length of the text, not
to the square of the number of dates or findings in it. Each line shows the CPU seconds
and microseconds per character; a linear guard keeps the second column flat as the
length doubles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from readiness.privacy import find_personal_data

#: Texts made to be expensive: many dates, many dates with a person word, dates in words,
#: many phone-like numbers, digits with spaces (loose dates and split numbers).
TEXTS = {
    "dates": "12 maart ",
    "dates with a person": "hij 12 maart 1985 ",
    "titles and dates": "Mw. 12-03-1985; ",
    "dates in words": "hij twaalf maart negentien vijfentachtig ",
    "phone numbers": "06-12345678 ",
    "loose digits": "1 2 ",
}
TODAY = dt.date(2026, 12, 6)


def measure(unit: str, length: int) -> tuple[float, int]:
    text = (unit * (length // len(unit) + 1))[:length]
    started = time.process_time()
    findings = find_personal_data(text, today=TODAY)
    return time.process_time() - started, len(findings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    args = parser.parse_args(argv)
    print(f"| text | {' | '.join(f'{n // 1000} KB' for n in args.sizes)} |")
    print(f"|---|{'---:|' * len(args.sizes)}")
    for name, unit in TEXTS.items():
        cells = []
        for length in args.sizes:
            seconds, found = measure(unit, length)
            cells.append(f"{seconds:.3f} s ({seconds / length * 1e6:.1f} µs/char, {found} found)")
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
