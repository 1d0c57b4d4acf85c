"""The JSON API: a thin layer over the engine and the support app's business rules.

Errors are JSON with ``error`` (kind), ``message`` (what is wrong and what to do) and,
for validation errors, ``detail`` (one entry per problem).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser
from pydantic import Field as PydanticField

from postcheck.engine import MAX_TEXT_CHARS, Context, default_engine
from postcheck.support.checking import check_post
from postcheck.support.contacts import organization_contacts
from postcheck.support.errors import CheckRefused, RateLimited
from postcheck.support.models import Organization
from postcheck.support.ratelimits import client_key, rate_limit

from .schemas import CheckIn, CheckOut, ConsiderationOut, ContactOut, CourseOut, ErrorOut


class UnsupportedMediaType(Exception):
    """The request body is not declared as JSON."""


class _JSONOnly(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        content_type = request.content_type or ""
        if content_type != "application/json":
            raise UnsupportedMediaType(
                f"send the body as JSON with Content-Type: application/json "
                f"(got {content_type or 'none'!r})"
            )
        return json.loads(request.body)  # type: ignore[no-any-return]


api = NinjaAPI(
    title="postcheck API",
    version="1",
    description=(
        "Check a post against the guidance on public servants' personal use of social "
        "media. The text is never stored or logged."
    ),
    docs_url=None,
    urls_namespace="api",
    parser=_JSONOnly(),
)

ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def _error(
    request: HttpRequest,
    status: int,
    error: str,
    message: str,
    detail: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"error": error, "message": message}
    if detail is not None:
        body["detail"] = detail
    return api.create_response(request, body, status=status)


_FRIENDLY = {
    ("text", "string_pattern_mismatch"): "the post is empty: send the text to check",
    ("text", "string_too_short"): "the post is empty: send the text to check",
    ("text", "string_too_long"): f"the post is longer than {MAX_TEXT_CHARS:,} characters",
    ("body", "missing"): 'the body is empty: send a JSON object with at least "text"',
}


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", ())]
        # ninja prefixes body fields with ("body", "payload"): show the JSON path only
        if loc[:2] == ["body", "payload"]:
            loc = loc[2:]
        elif loc[:1] == ["query"]:
            loc = loc[1:]
        field = ".".join(loc) or "body"
        kind = e.get("type", "invalid")
        msg = _FRIENDLY.get((field, kind)) or (
            "unknown field" if kind == "extra_forbidden" else str(e.get("msg", "invalid"))
        )
        detail.append({"field": field, "type": kind, "message": msg})
    message = "; ".join(f"{d['field']}: {d['message']}" for d in detail) or "invalid request"
    return _error(request, 422, "validation", message, detail)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, UnsupportedMediaType):
        return _error(request, 415, "unsupported_media_type", str(cause))
    if isinstance(cause, json.JSONDecodeError):
        return _error(
            request,
            400,
            "bad_json",
            f"the body is not valid JSON: {cause.msg} at line {cause.lineno} column {cause.colno}",
        )
    if isinstance(cause, UnicodeDecodeError):
        return _error(request, 400, "bad_json", "the body is not valid UTF-8 JSON")
    return _error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = _error(request, 429, "rate_limited", str(exc))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(CheckRefused)
def _refused(request: HttpRequest, exc: CheckRefused) -> HttpResponse:
    return _error(request, 422, "validation", str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "too_large", "the body is too large")


def _limit(request: HttpRequest) -> None:
    rate_limit("api", client_key(request), settings.POSTCHECK_RATE_API)


@api.post(
    "/check", response={200: CheckOut, **ERRORS}, summary="Check one post", operation_id="check"
)
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """Assess a post in its context: level, considerations, findings, contacts, courses."""
    _limit(request)
    context = Context(**payload.context.model_dump()) if payload.context else Context()
    assessment = check_post(
        payload.text, lang=payload.lang, context=context, platform=payload.platform
    )
    return assessment.to_dict()  # the response schema keeps the documented fields


class LangQuery(Schema):
    lang: Literal["en", "fr"] = "en"


class ContactsQuery(LangQuery):
    # a slug: anything else (a NUL byte, say) is a 422, never a database error
    organization: str | None = PydanticField(None, pattern=r"^[-a-zA-Z0-9_]{1,64}$")


@api.get(
    "/considerations",
    response={200: list[ConsiderationOut], **ERRORS},
    summary="The 14 considerations",
    operation_id="considerations",
)
def considerations(request: HttpRequest, q: Query[LangQuery]) -> list[dict[str, Any]]:
    _limit(request)
    return default_engine().considerations(q.lang)


@api.get(
    "/contacts",
    response={200: list[ContactOut], **ERRORS},
    summary="Who can help (optionally as an organization reaches them)",
    operation_id="contacts",
)
def contacts(request: HttpRequest, q: Query[ContactsQuery]) -> list[dict[str, Any]]:
    _limit(request)
    org = Organization.objects.filter(slug=q.organization).first() if q.organization else None
    ids = [c.id for c in default_engine().contacts(q.lang)]
    return [c.to_dict() for c in organization_contacts(org, ids, q.lang)]


@api.get(
    "/courses", response={200: list[CourseOut], **ERRORS}, summary="Courses", operation_id="courses"
)
def courses(request: HttpRequest, q: Query[LangQuery]) -> list[dict[str, Any]]:
    _limit(request)
    return [c.to_dict() for c in default_engine().courses(q.lang)]


from django.apps import apps as _apps  # noqa: E402

if _apps.is_installed("postcheck.cases"):  # the managers' cases (branch `cases`)
    from .cases import router as _cases_router

    api.add_router("/cases", _cases_router)
