"""Opening a case about a post that reached a manager, or about an employee to support.

Every change is audited (who, what, when; never the content). Time is passed in as
``now`` where it matters so that tests control it without freezing the clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from postcheck.engine import Context, InputError, Post, default_engine
from postcheck.support.audit import audit
from postcheck.support.errors import NotAllowed
from postcheck.support.models import Membership, Organization, StaffRole
from postcheck.support.roles import has_role

from . import attachments, workflow
from .errors import InvalidCase
from .models import Case, CaseStatusChange
from .safeguards import check_surveillance
from .scenarios import CONTEXT_KEYS
from .workflow import CaseKind

OPENER_ROLES = (StaffRole.MANAGER,)


def refuse_nul(**fields: Any) -> None:
    """Refuse NUL characters (PostgreSQL cannot store them; they are never meaningful)."""
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            raise InvalidCase(_("The field %(field)s contains a NUL character.") % {"field": name})


def assess(text: str, lang: str, context: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The engine's assessment of the post in its context (None when there is no text)."""
    if not text.strip():
        return None
    try:
        ctx = Context.from_dict({k: v for k, v in context.items() if k in CONTEXT_KEYS})
    except InputError as exc:
        raise InvalidCase(str(exc)) from None
    return default_engine().assess(Post(text, lang=lang if lang in ("en", "fr") else None), ctx)


@transaction.atomic
def open_case(
    user,  # type: ignore[no-untyped-def]
    organization: Organization,
    *,
    kind: str,
    employee,  # type: ignore[no-untyped-def]
    raised_by: str,
    raised_at: datetime,
    channel: str = "",
    post_url: str = "",
    post_text: str = "",
    post_lang: str = "en",
    context: dict[str, Any] | None = None,
    uploads: list[tuple[str, bytes]] | None = None,
    now: datetime | None = None,
) -> Case:
    """Open a case about a post that reached the manager through one of the five channels."""
    now = now or timezone.now()
    if not has_role(user, organization.pk, *OPENER_ROLES):
        raise NotAllowed(_("Only a manager of this organization can open a case."))
    kind_enum = workflow._kind(kind)
    refuse_nul(raised_by=raised_by, post_url=post_url, post_text=post_text)
    channel = workflow.validate_channel(channel, kind_enum)
    if not Membership.objects.filter(user=employee, organization=organization).exists():
        raise InvalidCase(_("The employee concerned must belong to your organization."))
    if employee == user:
        raise InvalidCase(_("You cannot open a case about yourself; talk to your own manager."))
    if not raised_by.strip():
        raise InvalidCase(_("Say who raised the post with you."))
    if raised_at > now + timedelta(minutes=5):
        raise InvalidCase(_("The date the post was brought to your attention is in the future."))
    uploads = uploads or []
    if kind_enum == CaseKind.POST and not (post_url.strip() or post_text.strip() or uploads):
        raise InvalidCase(_("Give the post's link, its text, or a screenshot."))
    checked = [(name, data, attachments.check(data)) for name, data in uploads]
    context = {k: v for k, v in (context or {}).items() if k in CONTEXT_KEYS}
    # A support case is about someone else's posts: the employee is not assessed.
    if kind_enum == CaseKind.SUPPORT:
        context, assessment = {}, None
    else:
        assessment = assess(post_text, post_lang, context)
    case = Case.objects.create(
        organization=organization,
        kind=kind_enum.value,
        channel=channel,
        raised_by=raised_by.strip(),
        raised_at=raised_at,
        post_url=post_url.strip(),
        post_text=post_text.strip(),
        post_lang=post_lang,
        employee=employee,
        context=context,
        level=assessment.level.value if assessment else "",
        codes=assessment.codes if assessment else [],
        opened_by=user,
        created_at=now,
        updated_at=now,
    )
    CaseStatusChange.objects.create(case=case, status=case.status, at=now, by=user)
    audit(
        "case.create",
        actor=user,
        organization_id=organization.pk,
        obj=case,
        at=now,
        kind=case.kind,
        channel=channel,
    )
    for name, data, content_type in checked:
        attachments.store(user, case, name, data, content_type, now)
    check_surveillance(organization, employee, now)
    return case
