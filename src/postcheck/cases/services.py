"""Business rules of the cases app. Views, the API and management commands call these.

Every function that reads or changes a case or consultation writes an audit entry
(who, what, when; never the content). Time is passed in as ``now`` where it matters
(retention, alerts) so tests control it without freezing the clock.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from postcheck.engine import Context, InputError, Post, default_engine
from postcheck.support import services as support_services
from postcheck.support.models import AuditEntry, Membership, Organization, Role

from . import attachments as files
from . import conf, workflow
from .access import has_role, visible_cases, visible_notes
from .models import (
    Attachment,
    Case,
    CaseStatusChange,
    Note,
    NoteVisibility,
    ScenarioAttempt,
    SurveillanceAlert,
)
from .scenarios import CONTEXT_KEYS, grade, scenario
from .workflow import CaseKind, CaseWorkflowError

AttachmentRejected = files.AttachmentRejected
CaseError = CaseWorkflowError


class NotAllowed(CaseError):
    """The person's role or assignment does not allow this action."""


class InvalidCase(CaseError):
    """The case as submitted is incomplete or inconsistent; the message says what to fix."""


class EditConflict(CaseError):
    """Someone else changed the case since it was loaded; nothing was overwritten."""

    def __init__(self, case_id: int, expected: int, current: int | None) -> None:
        self.case_id, self.expected, self.current = case_id, expected, current
        super().__init__(
            "Someone else changed this case while you were working on it "
            f"(you had version {expected}, it is now version {current}). Your change was "
            "not saved, so nothing was overwritten: reload the case, check what changed, "
            "and make your change again."
        )


OPENER_ROLES = (Role.MANAGER,)
ASSIGNABLE_ROLES = (Role.MANAGER, Role.VALUES_ETHICS, Role.DSO_COI, Role.OMBUD, Role.GUIDANCE_ADMIN)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _no_nul(**fields: Any) -> None:
    """Refuse NUL characters (PostgreSQL cannot store them; they are never meaningful)."""
    for name, value in fields.items():
        if isinstance(value, str) and "\x00" in value:
            raise InvalidCase(_("The field %(field)s contains a NUL character.") % {"field": name})


# --- audit -------------------------------------------------------------------------


def audit(
    actor,
    organization_id: int | None,
    action: str,
    obj: Any = None,  # type: ignore[no-untyped-def]
    now: datetime | None = None,
    **detail: Any,
) -> AuditEntry:
    """Append an audit entry. ``detail`` holds metadata only, never case content."""
    object_type = type(obj).__name__ if obj is not None else ""
    return AuditEntry.objects.create(
        at=_now(now),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organization_id=organization_id,
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail,
    )


# --- opening a case ----------------------------------------------------------------


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
    now = _now(now)
    if not has_role(user, organization.pk, *OPENER_ROLES):
        raise NotAllowed(_("Only a manager of this organization can open a case."))
    kind_enum = workflow._kind(kind)
    _no_nul(raised_by=raised_by, post_url=post_url, post_text=post_text)
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
    checked = [(name, data, files.check(data)) for name, data in uploads]
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
    audit(user, organization.pk, "case.create", case, now, kind=case.kind, channel=channel)
    for name, data, content_type in checked:
        _store_attachment(user, case, name, data, content_type, now)
    check_surveillance(organization, employee, now)
    return case


# --- reading -----------------------------------------------------------------------


def get_case(user, pk: int, *, action: str = "case.view", now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    """The case if the user may see it (else Case.DoesNotExist); the read is audited."""
    case = visible_cases(user).select_related("organization", "employee", "opened_by").get(pk=pk)
    if action:
        audit(user, case.organization_id, action, case, now)
    return case


def notes_for(user, case: Case):  # type: ignore[no-untyped-def]
    return visible_notes(user, case).select_related("author")


def export_case(
    user,
    pk: int,
    now: datetime | None = None,  # type: ignore[no-untyped-def]
    audit_as: str = "case.export",
) -> dict[str, Any]:
    """The case as a JSON-ready record for the people who may see it. Audited."""
    case = get_case(user, pk, action=audit_as, now=now)
    return {
        "id": case.pk,
        "organization": case.organization.slug,
        "kind": case.kind,
        "channel": case.channel,
        "raised_by": case.raised_by,
        "raised_at": case.raised_at.isoformat(),
        "employee": case.employee.get_username(),
        "post_url": case.post_url,
        "post_text": case.post_text,
        "post_lang": case.post_lang,
        "context": case.context,
        "level": case.level,
        "codes": case.codes,
        "status": case.status,
        "steps_done": case.steps_done,
        "outcome": case.outcome,
        "referred_to": case.referred_to,
        "opened_at": case.created_at.isoformat(),
        "closed_at": case.closed_at.isoformat() if case.closed_at else None,
        "notes": [
            {
                "at": n.created_at.isoformat(),
                "author": n.author.get_username() if n.author else None,
                "step": n.step,
                "visibility": n.visibility,
                "body": n.body,
            }
            for n in notes_for(user, case)
        ],
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in case.attachments.all()
        ],
        "status_history": [
            {"status": s.status, "at": s.at.isoformat()} for s in case.status_changes.all()
        ],
    }


# --- changing ----------------------------------------------------------------------


def _state(case: Case) -> workflow.CaseState:
    return workflow.CaseState(
        kind=CaseKind(case.kind),
        status=workflow.Status(case.status),
        steps_done=tuple(case.steps_done),
        outcome=case.outcome,
        closed_at=case.closed_at,
    )


def _save(case: Case, expected_version: int, now: datetime, **changes: Any) -> None:
    """Write ``changes`` only if the case is still at ``expected_version``.

    One conditional UPDATE: of two people editing the same version, exactly one wins
    and the other gets EditConflict. No update is lost, none overwrites another.
    """
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if updated != 1:
        current = Case.objects.filter(pk=case.pk).values_list("version", flat=True).first()
        raise EditConflict(case.pk, expected_version, current)
    for key, value in changes.items():
        setattr(case, key, value)
    case.version = expected_version + 1
    case.updated_at = now


@transaction.atomic
def _apply(
    user,
    case: Case,
    expected_version: int,
    new: workflow.CaseState,
    action: str,  # type: ignore[no-untyped-def]
    now: datetime,
    **extra: Any,
) -> Case:
    old_status = case.status
    _save(
        case,
        expected_version,
        now,
        status=new.status.value,
        steps_done=list(new.steps_done),
        outcome=new.outcome,
        closed_at=new.closed_at,
        **extra,
    )
    if new.status.value != old_status:
        CaseStatusChange.objects.create(case=case, status=new.status.value, at=now, by=user)
    audit(
        user,
        case.organization_id,
        action,
        case,
        now,
        status=new.status.value,
        **{k: v for k, v in extra.items() if k != "referred_to"},
    )
    return case


def _editable(user, pk: int) -> Case:  # type: ignore[no-untyped-def]
    try:
        return visible_cases(user).get(pk=pk)
    except Case.DoesNotExist:
        raise NotAllowed(_("You cannot change this case.")) from None


def complete_step(
    user,
    pk: int,
    step: str,
    expected_version: int,
    note: str = "",  # type: ignore[no-untyped-def]
    now: datetime | None = None,
) -> Case:
    now = _now(now)
    case = _editable(user, pk)
    new = workflow.complete_step(_state(case), step, now)
    with transaction.atomic():
        _apply(user, case, expected_version, new, "case.step", now)
        if note.strip():
            _note(user, case, note, step, NoteVisibility.CASE, now)
    return case


def record_outcome(
    user,
    pk: int,
    outcome: str,
    expected_version: int,
    note: str = "",  # type: ignore[no-untyped-def]
    now: datetime | None = None,
) -> Case:
    now = _now(now)
    case = _editable(user, pk)
    new = workflow.record_outcome(_state(case), outcome, now)
    referred_to = workflow.REFERRALS.get(outcome, "")
    with transaction.atomic():
        _apply(
            user,
            case,
            expected_version,
            new,
            "case.outcome",
            now,
            referred_to=referred_to or case.referred_to,
        )
        if note.strip():
            _note(user, case, note, "record_outcome", NoteVisibility.CASE, now)
    return case


def close_case(user, pk: int, expected_version: int, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    now = _now(now)
    case = _editable(user, pk)
    return _apply(
        user, case, expected_version, workflow.close(_state(case), now), "case.close", now
    )


def reopen_case(user, pk: int, expected_version: int, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    now = _now(now)
    case = _editable(user, pk)
    return _apply(
        user, case, expected_version, workflow.reopen(_state(case), now), "case.reopen", now
    )


def update_details(
    user,
    pk: int,
    expected_version: int,
    now: datetime | None = None,  # type: ignore[no-untyped-def]
    **changes: Any,
) -> Case:
    """Correct what was recorded about the post (who raised it, link, text, context)."""
    now = _now(now)
    allowed = {"raised_by", "post_url", "post_text", "context"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidCase(f"These fields cannot be changed: {', '.join(sorted(unknown))}")
    _no_nul(**changes)
    case = _editable(user, pk)
    if "post_text" in changes or "context" in changes:
        a = assess(
            changes.get("post_text", case.post_text),
            case.post_lang,
            changes.get("context", case.context),
        )
        changes["level"] = a.level.value if a else ""
        changes["codes"] = a.codes if a else []
    with transaction.atomic():
        _save(case, expected_version, now, **changes)
        audit(
            user,
            case.organization_id,
            "case.update",
            case,
            now,
            fields=sorted(k for k in changes if k not in ("level", "codes")),
        )
    return case


def assign(user, pk: int, assignee, expected_version: int, now: datetime | None = None) -> Case:  # type: ignore[no-untyped-def]
    now = _now(now)
    case = _editable(user, pk)
    if not has_role(assignee, case.organization_id, *ASSIGNABLE_ROLES):
        raise InvalidCase(
            _(
                "Assign the case to a manager, a values and ethics advisor, the "
                "conflict-of-interest official, the Ombud or a guidance administrator of "
                "this organization."
            )
        )
    if assignee.pk == case.employee_id:
        raise InvalidCase(_("The employee concerned cannot be assigned to their own case."))
    with transaction.atomic():
        _save(case, expected_version, now)
        case.assignees.add(assignee)
        audit(user, case.organization_id, "case.assign", case, now, assignee=assignee.pk)
    return case


def _note(user, case: Case, body: str, step: str, visibility: str, now: datetime) -> Note:  # type: ignore[no-untyped-def]
    note = Note.objects.create(
        case=case, author=user, body=body.strip(), step=step, visibility=visibility, created_at=now
    )
    audit(user, case.organization_id, "note.add", note, now, case=case.pk, visibility=visibility)
    return note


def add_note(
    user,
    pk: int,
    body: str,
    visibility: str = NoteVisibility.CASE,  # type: ignore[no-untyped-def]
    now: datetime | None = None,
) -> Note:
    now = _now(now)
    case = _editable(user, pk)
    if not body.strip():
        raise InvalidCase(_("The note is empty."))
    _no_nul(body=body)
    if visibility not in NoteVisibility.values:
        raise InvalidCase(f"Unknown note visibility {visibility!r}.")
    if visibility == NoteVisibility.OMBUD and not has_role(user, case.organization_id, Role.OMBUD):
        raise NotAllowed(_("Only the Ombud can write Ombud-only notes."))
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(updated_at=now)
        return _note(user, case, body, "", visibility, now)


# --- attachments -------------------------------------------------------------------


def _store_attachment(
    user,
    case: Case,
    filename: str,
    data: bytes,
    content_type: str,  # type: ignore[no-untyped-def]
    now: datetime,
) -> Attachment:
    safe_name = "".join(c for c in filename if c.isalnum() or c in "._- ")[:150] or "file"
    att = Attachment.objects.create(
        case=case,
        filename=safe_name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        ciphertext=files.encrypt(data),
        uploaded_by=user,
        created_at=now,
    )
    audit(
        user,
        case.organization_id,
        "attachment.add",
        att,
        now,
        case=case.pk,
        content_type=content_type,
        size=len(data),
    )
    return att


def add_attachment(
    user, pk: int, filename: str, data: bytes, now: datetime | None = None
) -> Attachment:  # type: ignore[no-untyped-def]
    now = _now(now)
    case = _editable(user, pk)
    content_type = files.check(data)
    with transaction.atomic():
        return _store_attachment(user, case, filename, data, content_type, now)


def read_attachment(user, case_pk: int, attachment_pk: int, now: datetime | None = None):  # type: ignore[no-untyped-def]
    """(attachment, decrypted bytes) for someone who may see the case. Audited."""
    case = visible_cases(user).get(pk=case_pk)
    att = case.attachments.get(pk=attachment_pk)
    audit(user, case.organization_id, "attachment.view", att, now, case=case.pk)
    return att, files.decrypt(att.ciphertext)


# --- safeguards against surveillance -----------------------------------------------


def check_surveillance(
    organization: Organization, employee, now: datetime
) -> SurveillanceAlert | None:  # type: ignore[no-untyped-def]
    """Alert the values and ethics office when one employee is the subject of many cases."""
    threshold = conf.get("CASES_ALERT_THRESHOLD")
    window = conf.get("CASES_ALERT_WINDOW_DAYS")
    # Support cases (the employee is the one being harassed) do not count.
    recent = Case.objects.filter(
        organization=organization,
        employee=employee,
        kind=CaseKind.POST.value,
        created_at__gt=now - timedelta(days=window),
    )
    count = recent.count()
    if count <= threshold:
        return None
    alert = SurveillanceAlert.objects.create(
        organization=organization,
        employee=employee,
        case_count=count,
        window_days=window,
        managers=recent.values("opened_by").distinct().count(),
        created_at=now,
    )
    audit(None, organization.pk, "alert.raised", alert, now, case_count=count)
    recipients = list(
        Membership.objects.filter(organization=organization, role=Role.VALUES_ETHICS)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if recipients:
        site = getattr(settings, "SITE_URL", "")
        with translation.override("en"):
            link = site + reverse("cases:office")
        with translation.override("fr"):
            link_fr = site + reverse("cases:office")
        send_mail(
            "postcheck: a case pattern needs your attention / un profil de dossiers demande "
            "votre attention",
            "Several cases were opened about the same employee in a short time. Sign in to "
            f"postcheck to review the alert: {link}\n\n"
            "Plusieurs dossiers ont été ouverts au sujet d'une même personne en peu de temps. "
            f"Connectez-vous à postcheck pour examiner l'alerte : {link_fr}",
            None,
            recipients,
        )
    return alert


def _require_office(user, organization_id: int) -> None:  # type: ignore[no-untyped-def]
    if not has_role(user, organization_id, Role.VALUES_ETHICS):
        raise NotAllowed(_("Only the values and ethics office sees these figures."))


def office_overview(user, organization: Organization) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Counts of cases per manager and per channel, and open alerts. No case content."""
    _require_office(user, organization.pk)
    cases = Case.objects.filter(organization=organization)
    per_manager = list(
        cases.values("opened_by__username")
        .annotate(n=Count("id"))
        .order_by("-n", "opened_by__username")
    )
    per_channel = dict(cases.exclude(channel="").values_list("channel").annotate(n=Count("id")))
    alerts = SurveillanceAlert.objects.filter(organization=organization).select_related("employee")
    audit(user, organization.pk, "office.overview", organization)
    return {
        "per_manager": per_manager,
        "per_channel": per_channel,
        "alerts": list(alerts),
        "total": cases.count(),
    }


def acknowledge_alert(user, alert_pk: int, now: datetime | None = None) -> SurveillanceAlert:  # type: ignore[no-untyped-def]
    now = _now(now)
    alert = SurveillanceAlert.objects.get(pk=alert_pk)
    _require_office(user, alert.organization_id)
    SurveillanceAlert.objects.filter(pk=alert.pk).update(acknowledged_by=user, acknowledged_at=now)
    audit(user, alert.organization_id, "alert.acknowledge", alert, now)
    alert.refresh_from_db()
    return alert


# --- retention ---------------------------------------------------------------------


def retention_days() -> dict[str, int]:
    """Days each kind of record is kept. A setting may name only some kinds: the
    others keep their defaults."""
    return {**conf.DEFAULTS["CASES_RETENTION_DAYS"], **conf.get("CASES_RETENTION_DAYS")}


@dataclass
class PurgeReport:
    deleted: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        parts = [f"{n} {kind}(s)" for kind, n in sorted(self.deleted.items())]
        return "Purged " + (", ".join(parts) if parts else "nothing")


@transaction.atomic
def purge(now: datetime | None = None) -> PurgeReport:
    """Delete what is past its retention period; keep one audit line (metadata) per record."""
    now = _now(now)
    days = retention_days()
    report = PurgeReport()

    def cutoff(kind: str) -> datetime:
        return now - timedelta(days=days[kind])

    expired_cases = Case.objects.filter(
        Q(closed_at__isnull=False, closed_at__lt=cutoff("case"))
        | Q(closed_at__isnull=True, updated_at__lt=cutoff("case"))
    )
    for case in expired_cases:
        audit(
            None,
            case.organization_id,
            "case.purge",
            case,
            now,
            kind=case.kind,
            notes=case.notes.count(),
            attachments=case.attachments.count(),
        )
        case.delete()
        report.deleted["case"] += 1
    for note in (
        Note.objects.filter(created_at__lt=cutoff("note"))
        .select_related("case")
        .only("id", "case_id", "case__organization_id")
    ):
        audit(None, note.case.organization_id, "note.purge", note, now, case=note.case_id)
        note.delete()
        report.deleted["note"] += 1
    for att in (
        Attachment.objects.filter(created_at__lt=cutoff("attachment"))
        .select_related("case")
        .defer("ciphertext")
    ):
        audit(None, att.case.organization_id, "attachment.purge", att, now, case=att.case_id)
        att.delete()
        report.deleted["attachment"] += 1
    for alert in SurveillanceAlert.objects.filter(created_at__lt=cutoff("alert")):
        audit(None, alert.organization_id, "alert.purge", alert, now)
        alert.delete()
        report.deleted["alert"] += 1
    # Consultations follow their organization's own retention setting (web app's rule).
    report.deleted["consultation"] += support_services.purge_expired_consultations(now)
    return report


# --- manager readiness -------------------------------------------------------------


def record_attempt(
    user,
    organization: Organization,
    scenario_id: str,
    level: str,  # type: ignore[no-untyped-def]
    codes: list[str],
    outcome: str,
    now: datetime | None = None,
):
    """Record a practice answer; return (scenario, grade)."""
    s = scenario(scenario_id)
    g = grade(s, level, codes, outcome)
    ScenarioAttempt.objects.create(
        organization=organization,
        user=user,
        scenario_id=s.id,
        level=level,
        codes=sorted(codes),
        outcome=outcome,
        agrees=g.agrees,
        completed_at=_now(now),
    )
    return s, g


def readiness(organization: Organization) -> dict[str, int]:
    """Readiness figures for an organization, as counts only (no names, no answers)."""
    managers = Membership.objects.filter(organization=organization, role=Role.MANAGER)
    attempts = ScenarioAttempt.objects.filter(organization=organization)
    practised = attempts.values("user").distinct().count()
    return {
        "managers": managers.values("user").distinct().count(),
        "managers_practised": practised,
        "attempts": attempts.count(),
        "scenarios_completed": attempts.values("user", "scenario_id").distinct().count(),
        "answers_agreeing": attempts.filter(agrees=True).count(),
    }
