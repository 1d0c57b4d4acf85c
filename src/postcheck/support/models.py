"""Data of the support app. Post text from a check is never stored here.

Roles are per organization (``Membership``); what a person may see follows from their
role there. Every read and change of need-to-know data is written to ``AuditEntry``,
which is append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import SeparationOfDuties
from .fields import EncryptedTextField


class StaffRole(models.TextChoices):
    """A person's role in an organization's handling of social-media matters.

    Not the posting role of :class:`postcheck.engine.Context` (employee, executive,
    ...), which says who wrote a post.
    """

    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    VALUES_ETHICS = "values_ethics", _("Values and ethics advisor")
    DSO_COI = "dso_coi", _("Designated senior official for conflict of interest")
    OMBUD = "ombud", _("Ombud")
    GUIDANCE_ADMIN = "guidance_admin", _("Guidance administrator")
    AUDITOR = "auditor", _("Auditor")


class RecipientRole(models.TextChoices):
    """Who an employee can consult: the staff roles that answer consultations.

    The values match the engine's contact ids.
    """

    MANAGER = StaffRole.MANAGER.value, _("My manager")
    VALUES_ETHICS = StaffRole.VALUES_ETHICS.value, _("The values and ethics office")
    DSO_COI = StaffRole.DSO_COI.value, _("The designated senior official for conflict of interest")
    OMBUD = StaffRole.OMBUD.value, _("The Ombud")


class Organization(models.Model):
    slug = models.SlugField(_("short name"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    retention_days = models.PositiveIntegerField(
        _("retention (days)"),
        default=730,
        help_text=_("Consultations are deleted this many days after their last message."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name_en

    def name(self, lang: str) -> str:
        return self.name_fr if lang == "fr" else self.name_en


class OrganizationContact(models.Model):
    """How to reach one of the engine's contacts (manager, ombud, ...) in an organization."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    contact_id = models.CharField(_("contact"), max_length=40)
    how_en = models.TextField(_("how to reach (English)"))
    how_fr = models.TextField(_("how to reach (French)"))
    email = models.EmailField(
        _("notification address"),
        blank=True,
        help_text=_("Receives a link (never the content) when a consultation arrives."),
    )

    class Meta:
        verbose_name = _("organization contact")
        verbose_name_plural = _("organization contacts")
        constraints = (
            models.UniqueConstraint(
                fields=["organization", "contact_id"], name="support_unique_org_contact"
            ),
        )

    def __str__(self) -> str:
        return f"{self.organization.slug}: {self.contact_id}"

    def how(self, lang: str) -> str:
        return self.how_fr if lang == "fr" else self.how_en


class MembershipQuerySet(models.QuerySet):
    """Roles change one membership at a time, through ``save()`` and ``delete()``, where
    the separation of duties is checked and the change audited (``support.duties``)."""

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        if set(kwargs) & {
            "user",
            "user_id",
            "organization",
            "organization_id",
            "role",
            "manager",
            "manager_id",
        }:
            raise SeparationOfDuties(
                "Change roles one membership at a time (save()), so that the separation of "
                "duties is checked and the change is audited."
            )
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise SeparationOfDuties(
            "Grant roles one membership at a time (save()), so that the separation of "
            "duties is checked and the grant is audited."
        )


class Membership(models.Model):
    """A person's role in an organization. One person may hold several roles.

    Who may hold and grant which roles: ``support.duties`` (docs/separation-of-duties.md).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reports to"),
        help_text=_("For employees: the manager who receives their consultations."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = (
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="support_unique_membership"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organization.slug})"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self):  # type: ignore[no-untyped-def]
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntry(models.Model):
    """One read or change of need-to-know data. Append-only."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=["object_type", "object_id"]),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a reply")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Consultation(models.Model):
    """A question from an employee to a manager, an office or the Ombud.

    When anonymous, ``requester`` is empty and only a hash of the one-time receipt
    code is kept. ``shared_text`` holds the post only when the employee chose to
    include it.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("organization"),
    )
    recipient_role = models.CharField(
        _("addressed to"), max_length=20, choices=RecipientRole.choices
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("requester"),
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    receipt_hash = models.CharField(_("receipt (hashed)"), max_length=200, blank=True)
    receipt_lookup = models.CharField(max_length=16, blank=True, db_index=True)
    lang = models.CharField(_("language"), max_length=2, default="en")
    result_level = models.CharField(_("check level"), max_length=10, blank=True)
    result_codes = models.JSONField(_("check codes"), default=list, blank=True)
    shared_text = EncryptedTextField(_("post text (shared by the employee)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ("-updated_at",)

    def __str__(self) -> str:
        return f"#{self.pk} → {self.get_recipient_role_display()}"


class ConsultationMessage(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("consultation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    from_requester = models.BooleanField(_("from the employee"), default=True)
    body = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "id")


class FeedbackStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    DONE = "done", _("Done")


class Feedback(models.Model):
    """Feedback on the guidance and its tools, read by the guidance administrator."""

    guidance_version = models.CharField(_("guidance version"), max_length=40)
    lang = models.CharField(_("language"), max_length=2, default="en")
    topic = models.CharField(_("about"), max_length=40, blank=True)
    message = models.TextField(_("feedback"))
    email = models.EmailField(_("reply address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW
    )
    note = models.TextField(_("triage note"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.topic or '-'} ({self.status})"


class TallyKind(models.TextChoices):
    LEVEL = "level", _("level")
    CODE = "code", _("consideration")


class CheckTally(models.Model):
    """How many checks reached a level or raised a consideration in an ISO week.

    Only counts: no text, no user, no time finer than the week.
    """

    week = models.CharField(_("ISO week"), max_length=8)  # "2026-W48"
    kind = models.CharField(_("kind"), max_length=5, choices=TallyKind.choices)
    key = models.CharField(_("level or code"), max_length=10)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("check tally")
        verbose_name_plural = _("check tallies")
        ordering = (
            "-week",
            "kind",
            "key",
        )
        constraints = (
            models.UniqueConstraint(fields=["week", "kind", "key"], name="support_unique_tally"),
        )

    def __str__(self) -> str:
        return f"{self.week} {self.kind}:{self.key} = {self.count}"
