"""Inloggen: the login form of the shared installation (see readiness.ui.auth)."""

from readiness.ui.auth import login_view

login_view()
