"""Voordeurcheck: the Streamlit entry point.

``streamlit run app.py`` finds the ``st.App`` below and imports this module once at
start-up, before it serves anything: then :func:`readiness.ui.startup.refuse_unsafe_start`
refuses to start (exit status 78, the reason on the console) when the app may not serve,
e.g. local mode on an address other than the loopback one. Its middleware guards the
downloads of a corporation's data (:mod:`readiness.ui.sensitive`) and sends a page address
with more than one part to its first part (:mod:`readiness.ui.paths`), and adds the style
sheet and where the server is to the page Streamlit serves (:mod:`readiness.ui.page_head`); its
lifespan sets TCP_NODELAY on the listening socket (:mod:`readiness.ui.server_sockets`). Every page run executes this
file again as a script; it then only routes (:mod:`readiness.ui.router`).
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if get_script_run_ctx(suppress_warning=True) is None:  # start-up: the server imports this module
    from starlette.middleware import Middleware

    from readiness.ui.page_head import PageHead
    from readiness.ui.paths import NestedPaths
    from readiness.ui.sensitive import SensitiveDownloads
    from readiness.ui.server_sockets import lifespan
    from readiness.ui.startup import refuse_unsafe_start

    refuse_unsafe_start()
    app = st.App(
        __file__, middleware=[Middleware(SensitiveDownloads), Middleware(NestedPaths), Middleware(PageHead)],
        lifespan=lifespan,  # TCP_NODELAY on the listening socket (readiness.ui.server_sockets)
    )
else:  # a page run
    from readiness.ui.router import main

    main()
