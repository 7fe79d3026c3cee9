"""Words that must not reach a user (issue 11, point 5), shared by the page and export scans.

Written out here, not read from the glossary under test: English Streamlit defaults, the
synonyms that lost to the glossary's word, setting names and folder names.
"""

from __future__ import annotations

import re

FORBIDDEN: dict[str, str] = {
    # English texts of Streamlit or of earlier versions of our own pages
    r"\bdeadline": "English; the glossary says 'streefdatum'",
    r"\bpress\b[^.\n]{0,12}\benter\b": "Streamlit's English input hint",
    r"\bsubmit": "English",
    r"\bbrowse files\b": "the file uploader's English button",
    r"\bdrag and drop\b": "the file uploader's English text",
    r"\bupload\b": "the file uploader's English button",
    r"\bper file\b": "the file uploader's English limit line",
    r"\bchoose an option\b": "Streamlit's English placeholder",
    # synonyms that lost to the glossary's word
    r"\bvervallen\b": "a dropped action is 'geschrapt'; overdue is 'over tijd'",
    r"\bverlopen\b": "overdue is 'over tijd'",
    r"\bte laat\b": "overdue is 'over tijd'",
    r"\beinddatum": "target date is 'streefdatum'",
    r"\bdoel\s*[:(]?\s*\d": "target level is 'streefniveau'",
    r"\bdoel(niveau|score)": "target level is 'streefniveau'",
    r"\brondes?\b": "a round is a 'meting'",
    # settings and folders are for the installer (docs/configuration.md), not for users
    r"VOORDEURCHECK_": "a setting name",
    r"DATABASE_URL": "a setting name",
    r"\breports/": "a folder name",
}
_PATTERNS = [(re.compile(pattern, re.IGNORECASE), why) for pattern, why in FORBIDDEN.items()]


def forbidden_in(text: str) -> list[str]:
    """Every forbidden word in ``text``, with a little context and the reason."""
    found = []
    for pattern, why in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
            found.append(f"{match.group(0)!r} ({why}) in …{' '.join(text[start:end].split())}…")
    return found
