"""Forms of the support app: plain HTML controls, validated here, rules in services."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Local account sign-in (django-axes locks out after repeated failures)."""
