"""Page-wide styles: hide the few English texts Streamlit 1.67 does not let us set.

The style sheet :data:`STYLE_SHEET` is part of the page Streamlit serves: the middleware
:class:`readiness.ui.page_head.PageHead` puts it into the page's head, so it holds from
the first paint on, before any run, and is no element of a page (issue 24: an ``st.html``
element made every first render load its code and DOMPurify).

Streamlit writes some texts of its own widgets in English and offers no parameter for them.
Where we cannot set the text, we hide it here and say the same in Dutch next to the widget:

- the input hint "Press Enter to apply" / "Press Ctrl+Enter to apply" (text fields outside
  a form; forms use ``enter_to_submit=False`` and show no hint). The character counter
  that follows it ("12/2000") stays; the login form submits on Enter as people expect, so
  its hint is hidden entirely.
- the file uploader's button "Upload" (relabelled "Bestand kiezen") and its line
  "20MB per file • CSV, XLSX, JSON" (the page says the types and the limit in Dutch).
- the keyboard link "Skip to main content" (hidden: the page's landmarks, main and
  navigation, let a screen reader jump past the menu);
- the dialog "Connection error / Streamlit server is not responding..." when the server
  cannot be reached: its title and text are drawn in Dutch over the English ones
  (:data:`CONNECTION_TITLE`, :data:`CONNECTION_TEXT`). The app uses no ``st.dialog``, so
  a Streamlit dialog is always one of Streamlit's own; the only other one a user can meet,
  "Page not found", no longer occurs (readiness/ui/router.py gives every path a page).

Figure tiles (:func:`readiness.ui.widgets.tiles`, containers keyed ``vc_tile_...``) get
st.metric's sizes: a small label, a large value, the note close under it.

What stays English is listed in docs/vocabulary.md. One layout rule: on a phone the page title is
a little smaller, so a long Dutch word such as "Consensusgesprek" stays whole at 390 px. ``display: none`` keeps the hidden text out
of the page text and of what a screen reader announces; the button's new label is
generated content, which is part of its accessible name.
"""

from __future__ import annotations

UPLOAD_BUTTON_LABEL = "Bestand kiezen"
TILE = "vc_tile"  # readiness.ui.widgets.TILE_KEY: a figure tile's label and value sized like st.metric's
CONNECTION_TITLE = "Geen verbinding"
CONNECTION_TEXT = (
    "Voordeurcheck reageert op dit moment niet. Wacht even; lukt het daarna nog niet, laad de pagina "
    "dan opnieuw. Wat u al had opgeslagen, blijft bewaard."
)

STYLE_SHEET = f"""
<style>
[data-testid="InputInstructions"] > span:not(:last-child) {{ display: none; }}
[data-testid="InputInstructions"] > span:last-child::before {{ display: none; }}
.st-key-login_box [data-testid="InputInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{UPLOAD_BUTTON_LABEL}";
}}
[data-testid="stSkipToContent"] {{ display: none; }}
[role="dialog"] h2[slot="title"] {{ font-size: 0; }}
[role="dialog"] h2[slot="title"]::after {{ content: "{CONNECTION_TITLE}"; font-size: 1.5rem; }}
[role="dialog"] h2[slot="title"] + div > div {{ font-size: 0; }}
[role="dialog"] h2[slot="title"] + div > div::after {{ content: "{CONNECTION_TEXT}"; font-size: 1rem; }}
@media (max-width: 640px) {{ [data-testid="stMain"] h1 {{ font-size: 2rem; }} }}
[class*="st-key-{TILE}_"] {{ gap: 0; }}
[class*="st-key-{TILE}_"] > :first-child p {{ font-size: 0.875rem; }}
[class*="st-key-{TILE}_"] > :nth-child(2) p:first-child {{ font-size: 2.25rem; line-height: normal; }}
[class*="st-key-{TILE}_"] > :nth-child(2) p:first-child:has(+ p) {{ margin-bottom: 0.5rem; }}
</style>
"""
