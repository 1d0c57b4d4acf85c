"""Views of the support app: thin, they call services and render templates."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language_from_request


def root(request: HttpRequest) -> HttpResponse:
    """``/``: send the visitor to their language's home page."""
    lang = get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{'fr' if lang.startswith('fr') else 'en'}/")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "support/home.html")
