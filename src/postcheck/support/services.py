"""Business rules of the support app, shared by the web pages, the API and the CLI.

Views and API endpoints stay thin: they validate the request's shape and call these
functions. Post text passes through ``check_post`` in memory and is never stored,
logged or written to the audit log.
"""

from __future__ import annotations

import atexit
import contextlib
import secrets
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from postcheck.engine import (
    LEVELS,
    Assessment,
    Contact,
    Context,
    Course,
    Finding,
    InputError,
    Post,
    default_engine,
)
from postcheck.engine.text import merge_spans

from .models import (
    AuditEntry,
    CheckTally,
    Consultation,
    ConsultationMessage,
    ConsultationStatus,
    Feedback,
    Membership,
    Organization,
    OrganizationContact,
    RecipientRole,
    Role,
    TallyKind,
)

# ---------------------------------------------------------------------- errors


class SupportError(Exception):
    """Base of the errors the support services raise on purpose."""


class CheckRefused(SupportError, ValueError):
    """The post or its context cannot be checked as given (the message says why)."""


class RateLimited(SupportError):
    """Too many requests from one client in the current window."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"too many requests: try again in {retry_after} seconds")


class ConsultationNotFound(SupportError):
    """No consultation with that id is visible to this person (or it does not exist)."""


class InvalidReceipt(SupportError):
    """The receipt code does not match any consultation."""


class NotAllowed(SupportError):
    """The person's role does not allow this action."""


# ---------------------------------------------------------------------- audit


def audit(
    action: str,
    *,
    actor=None,  # type: ignore[no-untyped-def]
    organization: Organization | None = None,
    obj: object | None = None,
    **detail: object,
) -> AuditEntry:
    """Append one entry to the audit log. Never pass post or message text here."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organization=organization,
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        detail=detail,
    )


# ---------------------------------------------------------------------- rate limits


def parse_rate(rate: str) -> tuple[int, int]:
    """``"60/60"`` -> (60 requests, 60 seconds)."""
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def rate_limit(scope: str, client: str, rate: str) -> None:
    """Count one request of ``client`` in ``scope``; raise :class:`RateLimited` past the rate.

    A fixed window in the cache: cheap, and good enough to stop a runaway script.
    """
    limit, window = parse_rate(rate)
    if limit <= 0:
        return
    bucket = int(timezone.now().timestamp()) // window
    key = f"rl:{scope}:{client}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        retry = window - int(timezone.now().timestamp()) % window
        raise RateLimited(max(retry, 1))


def client_address(request) -> str:  # type: ignore[no-untyped-def]
    """The client's address as the server sees it (set a trusted proxy to pass it on)."""
    return request.META.get("REMOTE_ADDR", "unknown")


def current_lang() -> str:
    """The language of the page being served: "en" or "fr"."""
    return "fr" if (get_language() or "en").startswith("fr") else "en"


# ---------------------------------------------------------------------- checks


def build_context(data: dict[str, object] | None) -> Context:
    """A :class:`Context` from form or JSON data; raises :class:`CheckRefused` when wrong."""
    try:
        return Context.from_dict(data)
    except InputError as exc:
        raise CheckRefused(str(exc)) from None


def check_post(
    text: str,
    *,
    lang: str | None = None,
    context: Context | None = None,
    platform: str | None = None,
) -> Assessment:
    """Check one post. The text stays in memory: nothing about it is stored or logged.

    Only the anonymous weekly counts (level, consideration codes) are incremented. The
    contacts are the engine's; :func:`present` and :func:`organization_contacts` give
    them as an organization reaches them.
    """
    if not isinstance(text, str) or not text.strip():
        raise CheckRefused("the post is empty: paste the text you want to check")
    if len(text) > settings.POSTCHECK_MAX_TEXT:
        raise CheckRefused(
            f"the post is {len(text)} characters long: the limit is {settings.POSTCHECK_MAX_TEXT}"
        )
    if lang not in (None, "auto", "en", "fr"):
        raise CheckRefused(f"unknown language {lang!r}: use auto, en or fr")
    assessment = default_engine().assess(
        Post(text, lang=None if lang in (None, "auto") else lang, platform=platform or None),
        context or Context(),
    )
    record_tally(assessment.level.value, assessment.codes)
    return assessment


@dataclass(frozen=True)
class ShownConsideration:
    code: str
    name: str
    level: str
    why: str
    questions: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Presentation:
    """An assessment laid out for a page in the reader's language."""

    level: str
    post_lang: str
    considerations: tuple[ShownConsideration, ...]
    contacts: tuple[Contact, ...]
    courses: tuple[Course, ...]
    codes: tuple[str, ...]
    reason: str = ""  # why this level, in the post's language
    checked: bool = True  # False: a language postcheck does not check (post_lang names it)


def present(
    assessment: Assessment, lang: str, organization: Organization | None = None
) -> Presentation:
    """Group findings under their consideration, in the reader's language ``lang``.

    Rule messages stay in the post's language (the page marks them with ``lang``).
    """
    engine = default_engine()
    info = {c["code"]: c for c in engine.considerations(lang)}
    ordered = sorted(assessment.considerations, key=lambda c: (-c.level.rank, -c.score, c.code))
    shown = tuple(
        ShownConsideration(
            code=c.code,
            name=info[c.code]["name"],
            level=c.level.value,
            why=info[c.code]["why"],
            questions=tuple(info[c.code]["questions"]),
            findings=tuple(f for f in assessment.findings if f.code == c.code),
        )
        for c in ordered
    )
    return Presentation(
        level=assessment.level.value if assessment.checked else "unchecked",
        post_lang=assessment.lang,
        reason=assessment.reason,
        checked=assessment.checked,
        considerations=shown,
        contacts=organization_contacts(organization, [c.id for c in assessment.contacts], lang),
        courses=tuple(engine.course(c.code, lang) for c in assessment.courses),
        codes=tuple(assessment.codes),
    )


def organization_contacts(
    organization: Organization | None, contact_ids: Sequence[str], lang: str
) -> tuple[Contact, ...]:
    """The engine's contacts, with how to reach them in this organization when known."""
    engine = default_engine()
    overrides: dict[str, OrganizationContact] = {}
    if organization is not None:
        overrides = {
            c.contact_id: c
            for c in OrganizationContact.objects.filter(
                organization=organization, contact_id__in=list(contact_ids)
            )
        }
    out = []
    for cid in contact_ids:
        base = engine.contact(cid, lang)
        how = overrides[cid].how(lang) if cid in overrides else base.how
        out.append(Contact(id=cid, name=base.name, how=how))
    return tuple(out)


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """The text, HTML-escaped, with each span wrapped in ``<mark>`` (overlaps merged)."""
    parts: list[str] = []
    pos = 0
    for start, end in merge_spans(spans, len(text)):
        parts.append(escape(text[pos:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    parts.append(escape(text[pos:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(parts))


# ---------------------------------------------------------------------- figures


def iso_week(day: date | None = None) -> str:
    year, week, _ = (day or timezone.localdate()).isocalendar()
    return f"{year}-W{week:02d}"


def record_tally(level: str, codes: Iterable[str], *, day: date | None = None) -> None:
    """Count one check this week: one for its level, one per code raised.

    Counts gather in memory and reach the database at most every
    ``POSTCHECK_TALLY_FLUSH_SECONDS`` (a crash loses only those seconds of counts).
    """
    week = iso_week(day)
    keys = [(TallyKind.LEVEL.value, level)] + [
        (TallyKind.CODE.value, c) for c in sorted(set(codes))
    ]
    _TALLY.add(week, keys)
    _TALLY.flush_if_due(settings.POSTCHECK_TALLY_FLUSH_SECONDS)


class _TallyBuffer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._last_flush = time.monotonic()

    def add(self, week: str, keys: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            for kind, key in keys:
                self._counts[(week, kind, key)] += 1

    def flush_if_due(self, interval: float) -> None:
        if time.monotonic() - self._last_flush >= interval:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        if not counts:
            return
        try:
            with transaction.atomic():
                for (week, kind, key), n in sorted(counts.items()):
                    updated = CheckTally.objects.filter(week=week, kind=kind, key=key).update(
                        count=F("count") + n
                    )
                    if not updated:
                        _, created = CheckTally.objects.get_or_create(
                            week=week, kind=kind, key=key, defaults={"count": n}
                        )
                        if not created:
                            CheckTally.objects.filter(week=week, kind=kind, key=key).update(
                                count=F("count") + n
                            )
        except Exception:
            with self._lock:  # keep the counts for the next flush
                self._counts.update(counts)
            raise


_TALLY = _TallyBuffer()
atexit.register(lambda: _safe_flush())


def _safe_flush() -> None:
    with contextlib.suppress(Exception):
        _TALLY.flush()


def flush_tallies() -> None:
    """Write the counts gathered in memory now (tests, shutdown)."""
    _TALLY.flush()


@dataclass(frozen=True)
class WeekFigures:
    week: str
    levels: dict[str, int | None]  # None: fewer than the minimum, not shown
    codes: dict[str, int | None]


def weekly_figures(min_count: int | None = None) -> list[WeekFigures]:
    """Counts per ISO week; a count below ``min_count`` (default 10) is withheld."""
    floor = settings.POSTCHECK_FIGURES_MIN_COUNT if min_count is None else min_count
    flush_tallies()
    by_week: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in CheckTally.objects.all():
        by_week[row.week][row.kind][row.key] = row.count

    def shown(counts: dict[str, int], keys: Iterable[str]) -> dict[str, int | None]:
        return {k: (counts.get(k, 0) if counts.get(k, 0) >= floor else None) for k in keys}

    from postcheck.engine import CODES

    return [
        WeekFigures(
            week=week,
            levels=shown(kinds.get(TallyKind.LEVEL.value, {}), list(LEVELS)),
            codes=shown(kinds.get(TallyKind.CODE.value, {}), CODES),
        )
        for week, kinds in sorted(by_week.items(), reverse=True)
    ]


# ---------------------------------------------------------------------- roles


def roles_of(user, organization: Organization | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False):
        return set()
    qs = Membership.objects.filter(user=user)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return set(qs.values_list("role", flat=True))


def organization_of(user) -> Organization | None:  # type: ignore[no-untyped-def]
    """The person's organization, or the only one when there is a single organization."""
    if getattr(user, "is_authenticated", False):
        membership = Membership.objects.filter(user=user).select_related("organization").first()
        if membership is not None:
            return membership.organization
    orgs = list(Organization.objects.all()[:2])
    return orgs[0] if len(orgs) == 1 else None


def can_see_figures(user, roles: set[str] | None = None) -> bool:  # type: ignore[no-untyped-def]
    """``roles``: :func:`roles_of` the user, when the caller has it already."""
    held = roles_of(user) if roles is None else roles
    return bool(getattr(user, "is_superuser", False) or held & {Role.GUIDANCE_ADMIN, Role.AUDITOR})


def recipient_roles_of(user, roles: set[str] | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    """The consultation roles this person answers for (in any organization)."""
    return (roles_of(user) if roles is None else roles) & set(RecipientRole.values)


# ---------------------------------------------------------------------- consultations


RECEIPT_LOOKUP_LEN = 8
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _receipt() -> tuple[str, str, str]:
    """A new receipt code: (code shown once, lookup part, secret part)."""
    lookup = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LOOKUP_LEN))
    secret = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    raw = lookup + secret
    code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    return code, lookup, secret


def _normalize_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class Opened:
    consultation: Consultation
    receipt: str | None  # shown once to an anonymous requester, never stored


@transaction.atomic
def open_consultation(
    *,
    organization: Organization,
    recipient_role: str,
    question: str,
    requester=None,  # type: ignore[no-untyped-def]
    anonymous: bool = False,
    result_level: str = "",
    result_codes: Sequence[str] = (),
    shared_text: str = "",
    lang: str = "en",
) -> Opened:
    """Open a consultation. Anonymous ones keep no link to a person, only a receipt hash."""
    if recipient_role not in RecipientRole.values:
        raise NotAllowed(f"unknown recipient {recipient_role!r}")
    if not question.strip():
        raise SupportError("the question is empty")
    signed_in = requester is not None and requester.is_authenticated
    anonymous = anonymous or not signed_in
    recipient = None
    if recipient_role == RecipientRole.MANAGER and signed_in:
        membership = (
            Membership.objects.filter(user=requester, organization=organization)
            .exclude(manager=None)
            .first()
        )
        recipient = membership.manager if membership else None
    receipt = lookup = None
    receipt_hash = ""
    if anonymous:
        receipt, lookup, secret = _receipt()
        receipt_hash = make_password(secret)
    consultation = Consultation.objects.create(
        organization=organization,
        recipient_role=recipient_role,
        recipient=recipient,
        requester=None if anonymous else requester,
        anonymous=anonymous,
        receipt_hash=receipt_hash,
        receipt_lookup=lookup or "",
        lang=lang,
        result_level=result_level if result_level in LEVELS else "",
        result_codes=[c for c in result_codes if _is_code(c)],
        shared_text=shared_text.strip(),
    )
    ConsultationMessage.objects.create(
        consultation=consultation,
        author=None if anonymous else requester,
        from_requester=True,
        body=question.strip(),
    )
    audit(
        "consultation.open",
        actor=None if anonymous else requester,
        organization=organization,
        obj=consultation,
        recipient_role=recipient_role,
        anonymous=anonymous,
    )
    transaction.on_commit(lambda: notify_recipients(consultation))
    return Opened(consultation=consultation, receipt=receipt)


def _is_code(code: object) -> bool:
    from postcheck.engine import CODES

    return isinstance(code, str) and code in CODES


def visible_consultations(user) -> QuerySet[Consultation]:  # type: ignore[no-untyped-def]
    """Consultations addressed to this person's roles in their organizations.

    A manager sees those addressed to them, or to managers when no one was named.
    The Ombud's consultations are visible to the Ombud only.
    """
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    memberships = Membership.objects.filter(user=user, role__in=RecipientRole.values).values_list(
        "organization_id", "role"
    )
    condition = Q(pk__in=[])
    for org_id, role in memberships:
        if role == RecipientRole.MANAGER:
            condition |= Q(organization_id=org_id, recipient_role=role) & (
                Q(recipient=user) | Q(recipient=None)
            )
        else:
            condition |= Q(organization_id=org_id, recipient_role=role)
    return Consultation.objects.filter(condition).select_related("organization", "requester")


def own_consultations(user) -> QuerySet[Consultation]:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return Consultation.objects.filter(requester=user, anonymous=False).select_related(
        "organization", "requester"
    )


def consultation_for_staff(user, pk: int) -> Consultation:  # type: ignore[no-untyped-def]
    """A consultation addressed to this person; the read is audited."""
    consultation = visible_consultations(user).filter(pk=pk).first()
    if consultation is None:
        raise ConsultationNotFound(f"no consultation {pk} is addressed to you")
    audit("consultation.read", actor=user, organization=consultation.organization, obj=consultation)
    return consultation


def consultation_for_requester(user, pk: int) -> Consultation:  # type: ignore[no-untyped-def]
    consultation = own_consultations(user).filter(pk=pk).first()
    if consultation is None:
        raise ConsultationNotFound(f"you have no consultation {pk}")
    audit(
        "consultation.read",
        actor=user,
        organization=consultation.organization,
        obj=consultation,
        as_requester=True,
    )
    return consultation


def consultation_by_receipt(code: str) -> Consultation:
    """The anonymous consultation a receipt code opens; raises :class:`InvalidReceipt`."""
    raw = _normalize_receipt(code)
    lookup, secret = raw[:RECEIPT_LOOKUP_LEN], raw[RECEIPT_LOOKUP_LEN:]
    consultation = None
    if len(lookup) == RECEIPT_LOOKUP_LEN and secret:
        consultation = Consultation.objects.filter(receipt_lookup=lookup).first()
    if consultation is None:
        make_password(secret)  # same work either way: timing says nothing
        raise InvalidReceipt("no consultation matches this receipt code")
    if not check_password(secret, consultation.receipt_hash):
        raise InvalidReceipt("no consultation matches this receipt code")
    audit(
        "consultation.read",
        organization=consultation.organization,
        obj=consultation,
        by_receipt=True,
    )
    return consultation


@transaction.atomic
def reply(
    consultation: Consultation,
    body: str,
    *,
    author=None,  # type: ignore[no-untyped-def]
    from_requester: bool,
) -> ConsultationMessage:
    """Add a message to the thread and tell the other side (a link, never the content)."""
    if not body.strip():
        raise SupportError("the message is empty")
    if consultation.status == ConsultationStatus.CLOSED:
        raise NotAllowed("this consultation is closed")
    message = ConsultationMessage.objects.create(
        consultation=consultation,
        author=None if (from_requester and consultation.anonymous) else author,
        from_requester=from_requester,
        body=body.strip(),
    )
    consultation.status = ConsultationStatus.OPEN if from_requester else ConsultationStatus.ANSWERED
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=["status", "updated_at"])
    audit(
        "consultation.reply",
        actor=None if (from_requester and consultation.anonymous) else author,
        organization=consultation.organization,
        obj=consultation,
        from_requester=from_requester,
    )
    if from_requester:
        transaction.on_commit(lambda: notify_recipients(consultation))
    else:
        transaction.on_commit(lambda: notify_requester(consultation))
    return message


def close_consultation(consultation: Consultation, *, by) -> None:  # type: ignore[no-untyped-def]
    consultation.status = ConsultationStatus.CLOSED
    consultation.updated_at = timezone.now()
    consultation.save(update_fields=["status", "updated_at"])
    audit("consultation.close", actor=by, organization=consultation.organization, obj=consultation)


# ---------------------------------------------------------------------- notifications


def recipient_addresses(consultation: Consultation) -> list[str]:
    """Who is told about a new message: the named manager, or everyone in the role."""
    if consultation.recipient_id is not None:
        users = [consultation.recipient]
    else:
        users = [
            m.user
            for m in Membership.objects.filter(
                organization=consultation.organization, role=consultation.recipient_role
            ).select_related("user")
        ]
    addresses = {u.email for u in users if u is not None and u.email}
    contact = OrganizationContact.objects.filter(
        organization=consultation.organization, contact_id=consultation.recipient_role
    ).first()
    if contact is not None and contact.email and consultation.recipient_id is None:
        addresses.add(contact.email)
    return sorted(addresses)


def _send(to: list[str], link: str) -> None:
    if not to:
        return
    subject = "postcheck: new message in a consultation / nouveau message dans une consultation"
    body = (
        "A consultation in postcheck has a new message. For privacy, this e-mail does not "
        f"contain it. Read it here (sign-in required):\n{link}\n\n"
        "Une consultation dans postcheck a un nouveau message. Pour protéger la vie privée, "
        "ce courriel ne le contient pas. Lisez-le ici (connexion requise) :\n"
        f"{link.replace('/en/', '/fr/', 1)}\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)


def notify_recipients(consultation: Consultation) -> None:
    from django.urls import reverse
    from django.utils.translation import override

    with override("en"):
        path = reverse("support:inbox_detail", args=[consultation.pk])
    _send(recipient_addresses(consultation), settings.SITE_URL + path)


def notify_requester(consultation: Consultation) -> None:
    """Only a named requester with an e-mail address is told; anonymous ones check back."""
    from django.urls import reverse
    from django.utils.translation import override

    requester = consultation.requester
    if consultation.anonymous or requester is None or not requester.email:
        return
    with override("en"):
        path = reverse("support:my_consultation", args=[consultation.pk])
    _send([requester.email], settings.SITE_URL + path)


# ---------------------------------------------------------------------- feedback


def submit_feedback(
    *, message: str, topic: str = "", email: str = "", lang: str = "en"
) -> Feedback:
    """Store feedback on the guidance; forward it when an address is configured."""
    if not message.strip():
        raise SupportError("the feedback is empty")
    feedback = Feedback.objects.create(
        guidance_version=default_engine().guidance.version,
        lang=lang,
        topic=topic,
        message=message.strip(),
        email=email,
    )
    if settings.POSTCHECK_FEEDBACK_EMAIL:
        send_mail(
            f"postcheck feedback ({topic or 'general'}, {lang})",
            f"{feedback.message}\n\nGuidance version {feedback.guidance_version}."
            + (f"\nReply to: {email}" if email else ""),
            settings.DEFAULT_FROM_EMAIL,
            [settings.POSTCHECK_FEEDBACK_EMAIL],
            fail_silently=True,
        )
    return feedback


# ---------------------------------------------------------------------- retention


def purge_expired_consultations(now=None) -> int:  # type: ignore[no-untyped-def]
    """Delete consultations idle longer than their organization's retention period."""
    from datetime import timedelta

    now = now or timezone.now()
    deleted = 0
    for organization in Organization.objects.all():
        cutoff = now - timedelta(days=organization.retention_days)
        expired = Consultation.objects.filter(organization=organization, updated_at__lt=cutoff)
        ids = list(expired.values_list("pk", flat=True))
        if ids:
            expired.delete()
            deleted += len(ids)
            audit("consultation.purge", organization=organization, count=len(ids))
    return deleted
