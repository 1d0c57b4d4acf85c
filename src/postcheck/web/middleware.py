"""Middleware of the web project."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Every answer of the app is ``Cache-Control: no-store`` unless its view chose otherwise.

    Pages and API answers carry a case, a consultation, a checked post or at least the
    signed-in person's name and a CSRF token: none may be kept by a browser's disk cache
    or a shared proxy. Listed after WhiteNoise, which answers static files itself (with
    their own long-lived caching) before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
