"""JSON API for cases (``/api/v1/cases/``): the same rules as the pages, the same functions.

Signed-in sessions only (the people who handle cases use the web app). A case the
caller may not see answers 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth
from pydantic import ConfigDict

from postcheck.cases import access, attachments, export, handling
from postcheck.cases.errors import CaseError, CaseIsAboutYou, EditConflict
from postcheck.cases.forms import DetailsForm, NoteForm
from postcheck.cases.models import Attachment, Case, NoteVisibility
from postcheck.support.errors import NotAllowed
from postcheck.support.models import AuditEntry, StaffRole
from postcheck.support.roles import orgs_with_role

from .schemas import ErrorOut

router = Router(auth=django_auth, tags=["cases"])


# Every answer an operation may give besides its success, documented for the schema.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ErrorOut,
}


class CaseSummaryOut(Schema):
    id: int
    kind: str
    status: str
    channel: str
    level: str
    updated_at: datetime
    version: int


# The request bodies give the shape; the limits are the pages' forms' (cases.forms), so a
# page and the API accept exactly the same values. Unknown fields are refused by name.
class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: str
    visibility: str = NoteVisibility.CASE


class NoteOut(Schema):
    id: int
    body: str
    visibility: str
    created_at: datetime


class DetailsIn(Schema):
    """A correction: the version it is based on (GET gives it) and the fields to change."""

    model_config = ConfigDict(extra="forbid")

    version: int
    raised_by: str | None = None
    post_url: str | None = None
    post_text: str | None = None


class AuditOut(Schema):
    id: int
    at: datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str


def _not_found() -> HttpError:
    return HttpError(404, "no such case, or you may not see it")


def _validated(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or a 422 naming each refused field (as for a bad schema)."""
    if form.is_valid():
        return form.cleaned_data
    raise ValidationError(
        [
            {
                "loc": ("body", "payload", "body" if field == "__all__" else field),
                "type": error.code or "invalid",
                "msg": " ".join(error.messages),
            }
            for field, errors in form.errors.as_data().items()
            for error in errors
        ]
    )


@router.get("/", response={200: list[CaseSummaryOut], **ERRORS}, summary="Cases you can see")
def list_cases(request: HttpRequest) -> Any:
    return list(access.visible_cases(request.user).order_by("-updated_at"))


@router.get("/audit", response={200: list[AuditOut], **ERRORS}, summary="Audit log (auditors)")
def audit_log(request: HttpRequest, limit: int = 200) -> Any:
    orgs = orgs_with_role(request.user, StaffRole.AUDITOR)
    if not orgs:
        raise HttpError(403, "only auditors can read the audit log")
    entries = AuditEntry.objects.filter(organization_id__in=orgs).select_related("actor")
    return [
        {
            "id": e.pk,
            "at": e.at,
            "actor": e.actor.get_username() if e.actor else None,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
        }
        for e in entries[: max(1, min(limit, 1000))]
    ]


@router.get(
    "/{case_id}", response={200: dict[str, Any], **ERRORS}, summary="One case (the read is audited)"
)
def get_case(request: HttpRequest, case_id: int) -> Any:
    try:
        return export.export_case(request.user, case_id, audit_as="case.view")
    except Case.DoesNotExist:
        raise _not_found() from None
    except CaseIsAboutYou as exc:
        raise HttpError(403, str(exc)) from None


@router.get(
    "/{case_id}/export",
    response={200: dict[str, Any], **ERRORS},
    summary="Export one case (audited as an export)",
)
def export_case(request: HttpRequest, case_id: int) -> Any:
    try:
        return export.export_case(request.user, case_id)
    except Case.DoesNotExist:
        raise _not_found() from None
    except CaseIsAboutYou as exc:
        raise HttpError(403, str(exc)) from None


@router.patch(
    "/{case_id}",
    response={200: dict[str, int], **ERRORS},
    summary="Correct a case's details (optimistic locking)",
)
def update_case(request: HttpRequest, case_id: int, payload: DetailsIn) -> Any:
    given = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    data = _validated(DetailsForm({**given, "version": payload.version}, only=set(given)))
    changes = {k: v for k, v in data.items() if k != "version"}
    try:
        case = handling.update_details(request.user, case_id, payload.version, **changes)
    except NotAllowed:
        raise _not_found() from None
    except EditConflict as exc:
        raise HttpError(409, str(exc)) from None
    except CaseError as exc:
        raise HttpError(400, str(exc)) from None
    return {"id": case.pk, "version": case.version}


@router.get(
    "/{case_id}/notes", response={200: list[NoteOut], **ERRORS}, summary="Notes you may see"
)
def list_notes(request: HttpRequest, case_id: int) -> Any:
    try:
        case = access.get_case(request.user, case_id, action="case.view")
    except Case.DoesNotExist:
        raise _not_found() from None
    except CaseIsAboutYou as exc:
        raise HttpError(403, str(exc)) from None
    return list(access.notes_for(request.user, case))


@router.post("/{case_id}/notes", response={201: NoteOut, **ERRORS}, summary="Add a note")
def add_note(request: HttpRequest, case_id: int, payload: NoteIn) -> Any:
    data = _validated(NoteForm(payload.dict()))
    try:
        return Status(
            201, handling.add_note(request.user, case_id, data["body"], data["visibility"])
        )
    except NotAllowed as exc:
        if not access.visible_cases(request.user).filter(pk=case_id).exists():
            raise _not_found() from None
        raise HttpError(403, str(exc)) from None
    except CaseError as exc:
        raise HttpError(400, str(exc)) from None


@router.get(
    "/{case_id}/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    summary="Download an attachment",
)
def get_attachment(request: HttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    try:
        att, data = attachments.read_attachment(request.user, case_id, attachment_id)
    except (Case.DoesNotExist, Attachment.DoesNotExist):
        raise _not_found() from None
    except CaseIsAboutYou as exc:
        raise HttpError(403, str(exc)) from None
    response = HttpResponse(data, content_type=att.content_type)
    response["Cache-Control"] = "no-store"
    return response
