"""Forms of the cases app. Validation of business rules stays in ``intake`` and ``handling``."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from postcheck.engine import CODES, LEVELS
from postcheck.support.forms import MAX_FOLLOWERS
from postcheck.support.forms import ROLE_CHOICES as ENGINE_ROLES
from postcheck.support.models import Membership

from .models import CHANNEL_CHOICES, LINK_SCHEMES, NoteVisibility, Outcome
from .workflow import OUTCOMES, CaseKind

# What a manager records, the same on every page and in the API (which validates with
# these forms).
MAX_RAISED_BY = 200
MAX_POST_URL = 500
MAX_POST_TEXT = 20_000
MAX_NOTE = 10_000


class PostLinkField(forms.URLField):
    """A link to the post: http or https only, so it is never a script when shown as a link."""

    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("label", _("Link to the post"))
        super().__init__(
            required=False,
            max_length=MAX_POST_URL,
            assume_scheme="https",
            error_messages={"invalid": _("Give a link that starts with http:// or https://.")},
            **kwargs,
        )
        # in place of URLField's own validator, which also lets ftp:// through
        self.validators = [v for v in self.validators if not isinstance(v, URLValidator)] + [
            URLValidator(schemes=list(LINK_SCHEMES))
        ]


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):  # type: ignore[no-untyped-def]
        full = obj.get_full_name()
        return f"{full} ({obj.get_username()})" if full else obj.get_username()


class CaseForm(forms.Form):
    """What a manager records when a post was brought to their attention."""

    channel = forms.ChoiceField(
        label=_("How did the post reach you?"),
        choices=CHANNEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Choose how the post reached you. postcheck records only posts that came "
                "through one of these five channels."
            )
        },
    )
    raised_by = forms.CharField(
        label=_("Who raised it with you?"),
        max_length=MAX_RAISED_BY,
        help_text=_(
            "For example: a journalist from a named outlet, a member of the public, a colleague."
        ),
    )
    raised_at = forms.DateTimeField(
        label=_("When was it brought to your attention?"),
        help_text=_("Date and time, for example 2026-11-02 14:30."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    employee = EmployeeChoiceField(label=_("Employee concerned"), queryset=None)  # type: ignore[arg-type]
    post_url = PostLinkField()
    post_text = forms.CharField(
        label=_("Text of the post, as you were shown it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_POST_TEXT,
    )
    post_lang = forms.ChoiceField(
        label=_("Language of the post"),
        choices=(("en", _("English")), ("fr", _("French"))),
    )
    screenshot = forms.FileField(
        label=_("Screenshot (PNG, JPEG, WebP or PDF)"),
        required=False,
        help_text=_("Checked from the file's content and encrypted when stored."),
    )
    role = forms.ChoiceField(label=_("The employee's role"), choices=ENGINE_ROLES)
    followers = forms.IntegerField(
        label=_("Followers or connections (about)"),
        min_value=0,
        max_value=MAX_FOLLOWERS,
        initial=0,
    )
    identifiable = forms.BooleanField(label=_("Identifiable as a public servant"), required=False)
    about_own_work = forms.BooleanField(
        label=_("The post relates to the employee's own work or organization"), required=False
    )
    election_period = forms.BooleanField(
        label=_("During an election or campaign period"), required=False
    )

    kind = CaseKind.POST

    def __init__(self, *args, organization=None, exclude_user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(organization=organization).values("user")
        qs = get_user_model().objects.filter(pk__in=members).order_by("username")
        if exclude_user is not None:
            qs = qs.exclude(pk=exclude_user.pk)
        self.fields["employee"].queryset = qs

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if self.kind == CaseKind.POST and not (
            data.get("post_url") or data.get("post_text") or data.get("screenshot")
        ):
            raise forms.ValidationError(_("Give the post's link, its text, or a screenshot."))
        return data

    def context(self) -> dict:
        d = self.cleaned_data
        return {
            "role": d["role"],
            "followers": d["followers"] or 0,
            "identifiable": d["identifiable"],
            "about_own_work": d["about_own_work"],
            "election_period": d["election_period"],
        }


class SupportCaseForm(CaseForm):
    """A support case: an employee harassed online because they are a public servant.

    No disciplinary fields and no assessment of the employee: the posts are someone
    else's. The channel is optional (the employee may have come to the manager).
    """

    kind = CaseKind.SUPPORT

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["channel"].required = False
        self.fields["channel"].label = _("How did you learn about it? (optional)")
        self.fields["post_text"].label = _("What was posted about the employee (optional)")
        self.fields["employee"].label = _("Employee who needs support")
        for name in ("role", "followers", "identifiable", "about_own_work", "election_period"):
            del self.fields[name]

    def context(self) -> dict:
        return {}


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepForm(VersionedForm):
    step = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomeForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, kind: str = CaseKind.POST, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        labels = dict(Outcome.choices)
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = [(o, labels[o]) for o in OUTCOMES[CaseKind(kind)]]


class DetailsForm(VersionedForm):
    """A correction of what was recorded about the post: on the edit page, every field;
    through the API, ``only`` the fields the request names."""

    raised_by = forms.CharField(label=_("Who raised it with you?"), max_length=MAX_RAISED_BY)
    post_url = PostLinkField()
    post_text = forms.CharField(
        label=_("Text of the post"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_POST_TEXT,
    )

    def __init__(self, *args, only: set[str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if only is not None:
            for name in set(self.fields) - only - {"version"}:
                del self.fields[name]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_NOTE
    )
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.CASE,
        widget=forms.RadioSelect,
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Screenshot or document (PNG, JPEG, WebP or PDF)"))


class AssignForm(VersionedForm):
    assignee = EmployeeChoiceField(label=_("Assign to"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args, organization=None, roles=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(organization=organization, role__in=roles).values(
            "user"
        )
        self.fields["assignee"].queryset = (
            get_user_model().objects.filter(pk__in=members).order_by("username")
        )


# The levels' names on the manager's pages, in the reader's language.
LEVEL_LABELS = dict(zip(LEVELS, (_("Low"), _("Moderate"), _("High")), strict=True))


class PracticeForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Level"),
        widget=forms.RadioSelect,
        choices=list(LEVEL_LABELS.items()),
    )
    codes = forms.MultipleChoiceField(
        label=_("Considerations raised"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(c, c) for c in CODES],
    )
    outcome = forms.ChoiceField(
        label=_("What would you do?"),
        widget=forms.RadioSelect,
        choices=[(o, dict(Outcome.choices)[o]) for o in OUTCOMES[CaseKind.POST]],
    )

    def __init__(self, *args, consideration_names: dict[str, str] | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if consideration_names:
            codes = self.fields["codes"]
            assert isinstance(codes, forms.ChoiceField)
            codes.choices = [(c, f"{c} — {consideration_names.get(c, '')}") for c in CODES]
