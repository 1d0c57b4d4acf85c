"""Middleware of the support app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .duties import acting_as


class ActorMiddleware:
    """Attribute the role changes made during a request to the signed-in person.

    ``support.duties`` refuses a change of one's own roles and audits every change with
    who made it. The user is read only when a role changes (``request.user`` is lazy).
    Place it after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None), via="web"):
            return self.get_response(request)
