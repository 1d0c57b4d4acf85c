"""Forms of the support app: plain HTML controls (no JavaScript needed), validated here."""

from __future__ import annotations

import contextlib

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from postcheck.engine import LEVELS, PLATFORMS
from postcheck.engine import ROLES as POSTING_ROLES

from .errors import RateLimited
from .models import Organization, RecipientRole
from .ratelimits import check_limit, rate_limit
from .roles import manager_of

PASSWORD_LIMITED = _(
    "Too many sign-ins failed with this password. Try again later, or use another password."
)


class SignInForm(AuthenticationForm):
    """Local account sign-in.

    django-axes locks an account out after repeated failures. This form also refuses a
    password that failed too often across all usernames (``POSTCHECK_RATE_SIGN_IN_PASSWORD``):
    one password sprayed over many accounts. The password is counted only as a keyed hash.
    """

    def clean(self):  # type: ignore[no-untyped-def]
        password = self.cleaned_data.get("password")
        if not password:
            return super().clean()
        key = salted_hmac("postcheck.sign-in-password", password).hexdigest()
        rate = settings.POSTCHECK_RATE_SIGN_IN_PASSWORD
        try:
            check_limit("sign-in-password", key, rate)
        except RateLimited:
            raise forms.ValidationError(PASSWORD_LIMITED, code="password_limited") from None
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                with contextlib.suppress(RateLimited):  # counted; refused as invalid
                    rate_limit("sign-in-password", key, rate)
            raise


PLATFORM_CHOICES = [
    ("", _("Not specified")),
    *PLATFORMS.items(),
    ("other", _("Other")),
]

_ROLE_LABELS = {
    "employee": _("Employee"),
    "manager": _("Supervisor or manager"),
    "executive": _("Executive"),
    "communications": _("Communications or spokesperson role"),
}
ROLE_CHOICES = [(role, _ROLE_LABELS[role]) for role in POSTING_ROLES]

# The largest audience a form or the API accepts: beyond it the number is a typo.
MAX_FOLLOWERS = 1_000_000_000

LANGS = [
    ("auto", _("Detect automatically")),
    ("en", _("English")),
    ("fr", _("French")),
]


class CheckForm(forms.Form):
    """The post and its context. The text is only ever held in memory."""

    text = forms.CharField(
        label=_("Your post"),
        help_text=_("Paste the text you plan to post. It is checked and then forgotten."),
        max_length=settings.POSTCHECK_MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off"}),
    )
    lang = forms.ChoiceField(label=_("Language of the post"), choices=LANGS, initial="auto")
    platform = forms.ChoiceField(label=_("Platform"), choices=PLATFORM_CHOICES, required=False)
    role = forms.ChoiceField(label=_("Your role"), choices=ROLE_CHOICES, initial="employee")
    followers = forms.IntegerField(
        label=_("Audience size"),
        help_text=_("About how many followers or connections will see it."),
        min_value=0,
        max_value=MAX_FOLLOWERS,
        initial=0,
    )
    identifiable = forms.BooleanField(
        label=_("People can tell I am a public servant (profile, photo, past posts)"),
        required=False,
    )
    about_own_work = forms.BooleanField(
        label=_("The post relates to my own work or my organization"), required=False
    )
    authorized = forms.BooleanField(
        label=_("I am authorized to speak on this topic"), required=False
    )
    election_period = forms.BooleanField(
        label=_("An election or campaign period is under way"), required=False
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("Paste the text you want to check."), code="empty")
        return text

    def context_data(self) -> dict[str, object]:
        d = self.cleaned_data
        return {
            "role": d["role"],
            "followers": d["followers"],
            "identifiable": d["identifiable"],
            "about_own_work": d["about_own_work"],
            "authorized": d["authorized"],
            "election_period": d["election_period"],
        }


NO_MANAGER_ON_RECORD = _(
    "No manager is on record for you in postcheck, so your question cannot go to your "
    "manager. You can ask the values and ethics office, the designated senior official for "
    "conflict of interest or the Ombud, or ask your administrator to record your manager."
)
MANAGER_NEEDS_YOUR_NAME = _(
    "postcheck can only reach your manager under your name: only your name says who your "
    "manager is. Untick “Ask anonymously” to ask your manager, or choose the values and "
    "ethics office, the designated senior official for conflict of interest or the Ombud."
)
SIGN_IN_TO_ASK_YOUR_MANAGER = _(
    "To ask your manager, sign in: only your name says who your manager is, so an "
    "anonymous question cannot reach them. Anonymously, you can ask the values and ethics "
    "office, the designated senior official for conflict of interest or the Ombud."
)


class ConsultationForm(forms.Form):
    """A question to someone who can help.

    "My manager" is the requester's own manager (:func:`~postcheck.support.roles.manager_of`);
    it is offered only to a signed-in requester who has one, and only under their name.
    """

    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.all(), empty_label=None
    )
    recipient_role = forms.ChoiceField(
        label=_("Who do you want to talk to?"),
        choices=RecipientRole.choices,
        widget=forms.RadioSelect,
    )
    question = forms.CharField(
        label=_("Your question"),
        help_text=_("Describe the situation. You can stay anonymous."),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    anonymous = forms.BooleanField(
        label=_(
            "Ask anonymously (your name is not shared; you get a receipt code to read replies)"
        ),
        required=False,
    )
    result_level = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((level, level) for level in LEVELS)],
        widget=forms.HiddenInput,
    )
    result_codes = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    include_text = forms.BooleanField(
        label=_("Include the text of my post with my question"), required=False
    )
    shared_text = forms.CharField(
        label=_("Text of the post to share"),
        help_text=_("Only sent if you tick the box above."),
        required=False,
        max_length=settings.POSTCHECK_MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )

    def __init__(self, *args, requester=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.requester = requester
        self.signed_in = bool(getattr(requester, "is_authenticated", False))
        self.manager = manager_of(requester, self.initial.get("organization"))
        field = self.fields["recipient_role"]
        if self.manager is None:
            # Not offered: say why above the form (manager_notice), and in the error of a
            # page sent from before.
            self.manager_notice = (
                NO_MANAGER_ON_RECORD if self.signed_in else SIGN_IN_TO_ASK_YOUR_MANAGER
            )
            field.choices = [c for c in RecipientRole.choices if c[0] != RecipientRole.MANAGER]
            field.error_messages["invalid_choice"] = self.manager_notice
        else:
            self.manager_notice = ""
            name = self.manager.get_full_name() or self.manager.get_username()
            field.choices = [
                (value, _("My manager, %(name)s (under your name only)") % {"name": name})
                if value == RecipientRole.MANAGER
                else (value, label)
                for value, label in RecipientRole.choices
            ]

    def codes(self) -> list[str]:
        raw = self.cleaned_data.get("result_codes") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("include_text") and not (data.get("shared_text") or "").strip():
            self.add_error("shared_text", _("Paste the text to share, or untick the box."))
        if data.get("recipient_role") == RecipientRole.MANAGER:
            if data.get("anonymous") or not self.signed_in:
                self.add_error("recipient_role", MANAGER_NEEDS_YOUR_NAME)
            elif manager_of(self.requester, data.get("organization")) is None:
                self.add_error("recipient_role", NO_MANAGER_ON_RECORD)
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        help_text=_(
            "The code you received when you sent your question, e.g. ABCD-EFGH-JKLM-NPQR-STUV-WXYZ."
        ),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )


FEEDBACK_TOPICS = [
    ("guidance", _("The guidance")),
    ("check", _("A check result")),
    ("contacts", _("Contacts or courses")),
    ("accessibility", _("Accessibility")),
    ("other", _("Something else")),
]


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=FEEDBACK_TOPICS)
    message = forms.CharField(
        label=_("Your feedback"),
        help_text=_("Please do not include personal information or the text of a post."),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional, if you want a reply)"), required=False
    )
