"""The front door and the guides (issue 25): a README a newcomer reads in five minutes, in
one language; guides whose pictures exist; every page of the app in some guide; links
that lead somewhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
GUIDES = DOCS / "handleiding"
ROUTER = ROOT / "readiness" / "ui" / "router.py"
MAX_README_LINES = 150
GUIDE_NAMES = ("bestuurder", "projectleider", "respondent", "denktank", "beheerder")

# Words that say which language a heading is in. Names (Voordeurcheck, Meerdijk, page
# names such as Resultaten) are neither; a heading with none of these words counts as both.
DUTCH = {
    "de", "het", "een", "en", "van", "voor", "met", "over", "hoe", "wat", "wie", "waar",
    "werkt", "gedeelde", "installatie", "woorden", "handleiding", "handleidingen",
    "documentatie", "gebruikers", "beginnen", "starten", "testen", "instellingen",
    "gesprek", "consensusgesprek", "instrument", "recept", "taal", "opbouw", "snelheid",
    "geeft", "u", "uw", "is", "zijn", "bij", "naar", "op", "in", "ontwikkelaars", "koppelingen",
}
ENGLISH = {
    "the", "a", "an", "and", "of", "for", "with", "about", "how", "what", "who", "where",
    "works", "shared", "installation", "words", "guide", "guides", "documentation", "users",
    "start", "tests", "testing", "configuration", "meeting", "layout", "performance", "gives",
    "you", "your", "is", "are", "to", "on", "in", "developers", "links", "command", "line",
    "privacy", "architecture", "vocabulary", "score", "sector", "comparison",
}
# Words both languages use the same way say nothing.
NEUTRAL = DUTCH & ENGLISH


def headings(markdown: str) -> list[str]:
    """The Markdown headings (``#`` lines outside fenced code blocks)."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            found.append(line.lstrip("#").strip())
    return found


def languages(heading: str) -> set[str]:
    """{"nl"}, {"en"}, both (words of both) or empty (only names and neutral words)."""
    words = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", re.sub(r"`[^`]*`", "", heading))}
    found = set()
    if words & (DUTCH - NEUTRAL):
        found.add("nl")
    if words & (ENGLISH - NEUTRAL):
        found.add("en")
    return found


def mixed(all_headings: list[str]) -> list[str]:
    """The headings that break the rule "one language": empty when they all agree."""
    langs = [(h, languages(h)) for h in all_headings]
    seen = set().union(*(lang for _, lang in langs)) if langs else set()
    if len(seen) <= 1:
        return []
    return [f"{h!r}: {sorted(lang)}" for h, lang in langs if lang]


def app_pages() -> dict[str, str]:
    """url_path -> title of every page in the router (its ``page(target, title, icon, url)`` calls)."""
    tree = ast.parse(ROUTER.read_text(encoding="utf-8"))
    pages = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "page" and len(node.args) == 4:
            title, url = node.args[1], node.args[3]
            if isinstance(title, ast.Constant) and isinstance(url, ast.Constant):
                pages[url.value] = title.value
    return pages


def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def local_links(path: Path) -> list[tuple[str, Path]]:
    """(link text, target file) of every relative link or image in a Markdown file."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    out = []
    for target in re.findall(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        out.append((target, (path.parent / target.split("#")[0]).resolve()))
    return out


# ------------------------------------------------------------------------------ README


def test_readme_is_a_short_front_door():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_README_LINES, (
        f"README.md has {len(lines)} lines; at most {MAX_README_LINES}: move details to docs/"
    )


def test_readme_headings_are_in_one_language():
    found = headings(README.read_text(encoding="utf-8"))
    assert found, "README.md has no headings"
    assert mixed(found) == [], f"README.md mixes languages in its headings: {mixed(found)}"


def test_the_language_check_catches_the_old_mixed_headings():
    """The headings of the README before issue 25 mixed Dutch and English."""
    old = ["What it is for", "How the score works", "Het consensusgesprek", "Gedeelde installatie en accounts"]
    assert languages("Het consensusgesprek") == {"nl"}
    assert languages("How the score works") == {"en"}
    assert languages("Voordeurcheck") == set()
    assert len(mixed(old)) == 4
    assert mixed(["Start", "What `make run` gives you", "Tests", "Links"]) == []


def test_readme_names_the_two_commands_the_demo_corporations_and_every_guide():
    text = README.read_text(encoding="utf-8")
    for needed in ("make run", "make test", "Meerdijk", "Vlietoever", "http://127.0.0.1:8501"):
        assert needed in text, f"README.md does not mention {needed}"
    linked = {target for target, _ in local_links(README)}
    for name in GUIDE_NAMES:
        assert f"docs/handleiding/{name}.md" in linked, f"README.md does not link {name}.md"
    assert any(t.startswith("docs/handleiding/img/") and t.endswith(".png") for t in linked), (
        "README.md shows no screenshot"
    )


# ------------------------------------------------------------------------------ links and guides


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_image_exists(path):
    missing = [target for target, file in local_links(path) if not file.exists()]
    assert missing == [], f"{path.relative_to(ROOT)} links to files that do not exist: {missing}"


def test_there_is_a_guide_per_user_with_pictures():
    for name in GUIDE_NAMES:
        guide = GUIDES / f"{name}.md"
        assert guide.exists(), f"docs/handleiding/{name}.md is missing"
        images = [t for t, _ in local_links(guide) if t.endswith(".png")]
        assert images, f"docs/handleiding/{name}.md shows no screenshot"


def test_every_page_of_the_app_is_in_some_guide():
    """A page is in a guide when a guide names it in bold (**Resultaten**)."""
    pages = app_pages()
    assert {"start", "vragenlijst", "resultaten", "denktank", "beheer"} <= set(pages), pages
    text = "\n".join(p.read_text(encoding="utf-8") for p in GUIDES.glob("*.md"))
    missing = [title for title in pages.values() if f"**{title}**" not in text]
    assert missing == [], f"pages in no guide in docs/handleiding/: {missing}"


def test_guide_screenshots_are_small():
    """The screenshots are committed: each at most 1200 px wide and 400 kB."""
    import struct

    for png in sorted((GUIDES / "img").glob("*.png")):
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{png.name} is not a PNG"
        width, _height = struct.unpack(">II", header[16:24])
        assert width <= 1200, f"{png.name} is {width} px wide"
        assert png.stat().st_size <= 400_000, f"{png.name} is {png.stat().st_size} bytes"
