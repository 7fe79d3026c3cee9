"""Page-wide styles: hide the few English texts Streamlit 1.67 does not let us set.

Streamlit writes some texts of its own widgets in English and offers no parameter for them.
Where we cannot set the text, we hide it here and say the same in Dutch next to the widget:

- the input hint "Press Enter to apply" / "Press Ctrl+Enter to apply" (text fields outside
  a form; forms use ``enter_to_submit=False`` and show no hint). The character counter
  that follows it ("12/2000") stays; the login form submits on Enter as people expect, so
  its hint is hidden entirely.
- the file uploader's button "Upload" (relabelled "Bestand kiezen") and its line
  "20MB per file • CSV, XLSX, JSON" (the page says the types and the limit in Dutch).

What stays English is listed in README ("Taal"). One layout rule: on a phone the page title is
a little smaller, so a long Dutch word such as "Consensusgesprek" stays whole at 390 px. ``display: none`` keeps the hidden text out
of the page text and of what a screen reader announces; the button's new label is
generated content, which is part of its accessible name.
"""

from __future__ import annotations

import streamlit as st

UPLOAD_BUTTON_LABEL = "Bestand kiezen"

_CSS = f"""
<style>
[data-testid="InputInstructions"] > span:not(:last-child) {{ display: none; }}
[data-testid="InputInstructions"] > span:last-child::before {{ display: none; }}
.st-key-login_box [data-testid="InputInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{UPLOAD_BUTTON_LABEL}";
}}
@media (max-width: 640px) {{ [data-testid="stMain"] h1 {{ font-size: 2rem; }} }}
</style>
"""


def apply() -> None:
    """Add the styles to this run of the page (takes no room on the page)."""
    st.html(_CSS)
