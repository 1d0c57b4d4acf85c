"""Data of the cases app. Business rules live in modules named by job (``intake``,
``handling``, ``safeguards``, ``retention``, ...); visibility in ``access``.

A case exists only when a post reached a manager through one of the five channels
(or an employee needs support because they are harassed online). Nothing here lists
or searches anyone's posts.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from postcheck.engine.packs import ChannelSpec, load_channels
from postcheck.support.fields import EncryptedTextField, FernetTokenField


class CaseKind(models.TextChoices):
    POST = "post", _("A post was brought to my attention")
    SUPPORT = "support", _("An employee is harassed online because they are a public servant")


def _channel_label(channel: ChannelSpec) -> str:
    return getattr(channel.label, "fr" if (get_language() or "en").startswith("fr") else "en")


# The five intake channels of the guidance data, each labelled in the language of the page.
CHANNEL_CHOICES = [(c.id, lazy(_channel_label, str)(c)) for c in load_channels()]


# The only kinds of link to a post that are recorded, and shown as links.
LINK_SCHEMES = ("http", "https")


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    OUTCOME_RECORDED = "outcome_recorded", _("Outcome recorded")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    NO_ACTION = "no_action", _("No action")
    INFORMAL_CONVERSATION = "informal_conversation", _("Informal conversation")
    ADVICE_EDIT_REMOVE = "advice_edit_remove", _("Advice to edit or remove the post")
    REFERRAL_VALUES_ETHICS = "referral_values_ethics", _("Referral to values and ethics")
    REFERRAL_COI = "referral_coi", _("Referral to the conflict-of-interest official")
    HARASSMENT_SUPPORT = "harassment_support", _("Support for harassment")
    SUPPORT_PROVIDED = "support_provided", _("Support provided")
    REFERRED_OMBUD = "referred_ombud", _("Referred to the Ombud")
    REFERRED_EAP = "referred_eap", _("Referred to the employee assistance program")
    REFERRED_SECURITY = "referred_security", _("Referred to departmental security")
    EMPLOYEE_DECLINED = "employee_declined", _("The employee declined support")


class Case(models.Model):
    """A guided case: a post brought to a manager's attention, or a support case."""

    organization = models.ForeignKey(
        "support.Organization",
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CaseKind.choices)
    channel = models.CharField(
        _("how the post reached you"), max_length=24, choices=CHANNEL_CHOICES, blank=True
    )
    raised_by = models.CharField(
        _("who raised it"),
        max_length=200,
        help_text=_(
            "For example: a journalist from a named outlet, a member of the public, a colleague."
        ),
    )
    raised_at = models.DateTimeField(_("when it was brought to your attention"))
    post_url = models.URLField(_("link to the post"), max_length=500, blank=True)
    post_text = EncryptedTextField(_("text of the post"), blank=True)
    post_lang = models.CharField(_("language of the post"), max_length=2, default="en")
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_about",
        verbose_name=_("employee concerned"),
    )
    # The poster's context as the manager knows it (role, followers, identifiable...).
    context = models.JSONField(_("context"), default=dict, blank=True)
    level = models.CharField(_("level"), max_length=10, blank=True)
    codes = models.JSONField(_("considerations"), default=list, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="cases_opened",
        verbose_name=_("opened by"),
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="cases_assigned",
        verbose_name=_("assigned to"),
    )
    # The office a referral outcome handed the case to (values_ethics, dso_coi, ombud).
    referred_to = models.CharField(_("referred to"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    steps_done = models.JSONField(_("steps done"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Optimistic locking: every change bumps it; a change based on an older version
    # is refused (errors.EditConflict) instead of silently overwriting.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = (
            "-updated_at",
            "-id",
        )
        indexes = (models.Index(fields=["organization", "employee", "created_at"]),)

    def __str__(self) -> str:
        return f"Case #{self.pk}"

    @property
    def post_link(self) -> str:
        """The link to the post when it may be shown as a link (http or https), else ""."""
        scheme = urlsplit(self.post_url.strip()).scheme.lower()
        return self.post_url if scheme in LINK_SCHEMES else ""


class CaseStatusChange(models.Model):
    """One entry of a case's history (workflow.Change): who changed its status or outcome,
    when, and the outcome in force after it. Entries are only ever added."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    # The reopening of a closed case; the outcome it set aside is the entry before it.
    reopened = models.BooleanField(_("reopened"), default=False)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = (
            "at",
            "id",
        )


class NoteVisibility(models.TextChoices):
    CASE = "case", _("Everyone who can see the case")
    OMBUD = "ombud", _("Ombud only")


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = EncryptedTextField(_("note"))
    step = models.CharField(_("step"), max_length=40, blank=True)
    visibility = models.CharField(
        _("visible to"),
        max_length=10,
        choices=NoteVisibility.choices,
        default=NoteVisibility.CASE,
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = (
            "created_at",
            "id",
        )


class Attachment(models.Model):
    """A screenshot or document, encrypted with the key ring in the database, never on a
    web path."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    ciphertext = FernetTokenField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = (
            "created_at",
            "id",
        )


class SurveillanceAlert(models.Model):
    """Many cases about one employee in a short time: the values and ethics office looks."""

    organization = models.ForeignKey(
        "support.Organization", on_delete=models.CASCADE, related_name="+"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    case_count = models.PositiveIntegerField()
    window_days = models.PositiveIntegerField()
    managers = models.PositiveIntegerField(help_text="distinct people who opened those cases")
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)


class ScenarioAttempt(models.Model):
    """A manager's answer to a practice scenario. Figures are shown as counts only."""

    organization = models.ForeignKey(
        "support.Organization", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scenario_id = models.CharField(max_length=80)
    level = models.CharField(max_length=10)
    codes = models.JSONField(default=list)
    outcome = models.CharField(max_length=30)
    agrees = models.BooleanField()
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-completed_at",)
