"""Pages of the cases app: thin, they call the business rules and render templates.

A case a person may not see answers 404, exactly as if it did not exist.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from postcheck.engine import default_engine
from postcheck.support.audit import audit
from postcheck.support.errors import NotAllowed
from postcheck.support.i18n import current_lang
from postcheck.support.models import AuditEntry, Organization, StaffRole
from postcheck.support.roles import has_role, orgs_with_role, roles_of

from .access import cases_about_self, get_case, notes_for, visible_cases
from .attachments import EXTENSIONS, add_attachment, read_attachment
from .errors import (
    AttachmentRejected,
    CaseError,
    CaseIsAboutYou,
    EditConflict,
    InvalidCase,
    InvalidTransition,
    StepPrerequisiteMissing,
    UnknownChannel,
    UnknownOutcome,
    UnknownStep,
)
from .export import export_case
from .forms import (
    ENGINE_ROLES,
    LEVEL_LABELS,
    AssignForm,
    AttachmentForm,
    CaseForm,
    DetailsForm,
    NoteForm,
    OutcomeForm,
    PracticeForm,
    StepForm,
    SupportCaseForm,
)
from .handling import (
    ASSIGNABLE_ROLES,
    add_note,
    allowed_actions,
    assign,
    close_case,
    complete_step,
    record_outcome,
    reopen_case,
    update_details,
)
from .intake import assess, open_case
from .models import (
    Attachment,
    Case,
    CaseStatus,
    NoteVisibility,
    Outcome,
    ScenarioAttempt,
    SurveillanceAlert,
)
from .readiness import readiness_figures, record_attempt
from .retention import retention_days
from .safeguards import acknowledge_alert, office_overview
from .scenarios import Grade, Scenario, load_scenarios, scenario
from .steps import step_guide


def _org_for(user, *roles: str) -> Organization:  # type: ignore[no-untyped-def]
    ids = orgs_with_role(user, *roles)
    if not ids:
        raise PermissionDenied
    return Organization.objects.get(pk=sorted(ids)[0])


def _case_or_404(request: HttpRequest, pk: int, action: str = "case.view") -> Case:
    try:
        return get_case(request.user, pk, action=action)
    except Case.DoesNotExist:
        raise Http404 from None


def _tells_whom_a_case_is_about(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Where the reader's role would show a case about them: say so, and that someone
    else in their office handles it (403), in place of the case."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except CaseIsAboutYou:
            return render(request, "cases/about_you.html", status=403)

    return wrapped


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    # Deliberately no search and no filter by employee: cases are not a way to follow people.
    cases = visible_cases(request.user).select_related("employee").order_by("-updated_at")
    held = roles_of(request.user)  # in any organization
    return render(
        request,
        "cases/list.html",
        {
            "cases": cases,
            "about_you": cases_about_self(request.user).exists(),
            "is_manager": StaffRole.MANAGER in held,
            "is_office": StaffRole.VALUES_ETHICS in held,
            "is_auditor": StaffRole.AUDITOR in held,
            "sees_readiness": bool(held & {StaffRole.VALUES_ETHICS, StaffRole.GUIDANCE_ADMIN}),
        },
    )


def _open(request: HttpRequest, form_class, template: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    org = _org_for(request.user, StaffRole.MANAGER)
    form = form_class(
        request.POST or None, request.FILES or None, organization=org, exclude_user=request.user
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        uploads = []
        if d.get("screenshot"):
            uploads.append((d["screenshot"].name, d["screenshot"].read()))
        try:
            case = open_case(
                request.user,
                org,
                kind=form.kind.value,
                employee=d["employee"],
                raised_by=d["raised_by"],
                raised_at=d["raised_at"],
                channel=d.get("channel") or "",
                post_url=d.get("post_url") or "",
                post_text=d.get("post_text") or "",
                post_lang=d["post_lang"],
                context=form.context(),
                uploads=uploads,
            )
        except (NotAllowed, CaseError) as exc:
            form.add_error(None, user_message(exc))
        else:
            messages.success(request, _("The case was opened."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request, template, {"form": form, "channels": default_engine().channels(current_lang())}
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    return _open(request, CaseForm, "cases/new.html")


@login_required
def support_new(request: HttpRequest) -> HttpResponse:
    return _open(request, SupportCaseForm, "cases/support_new.html")


def _assessment(case: Case):  # type: ignore[no-untyped-def]
    if case.kind != "post" or not case.post_text:
        return None
    # Re-assessed on display so names and questions follow the reader's language.
    a = assess(case.post_text, case.post_lang, case.context)
    names = {c["code"]: c for c in default_engine().considerations(current_lang())}
    words: dict[str, list[str]] = {}
    for f in a.findings:
        if f.matched and f.matched not in words.setdefault(f.code, []):
            words[f.code].append(f.matched)
    return {
        "level": a.level.value,
        "considerations": [
            {
                "code": c.code,
                "name": names[c.code]["name"],
                "why": names[c.code]["why"],
                "questions": names[c.code]["questions"],
                "words": words.get(c.code, []),
            }
            for c in a.considerations
        ],
    }


def _context_rows(case: Case) -> list[tuple[str, str]]:
    """What the manager recorded of the employee's context, as label/value pairs."""
    ctx = case.context or {}
    if not ctx:
        return []
    yes, no = _("yes"), _("no")
    return [
        (_("The employee's role"), str(dict(ENGINE_ROLES).get(ctx.get("role", ""), ""))),
        (_("Followers"), str(ctx.get("followers", 0))),
        (_("Identifiable as a public servant"), yes if ctx.get("identifiable") else no),
        (_("About their own work"), yes if ctx.get("about_own_work") else no),
        (_("Election period"), yes if ctx.get("election_period") else no),
    ]


def _history_rows(case: Case) -> list[dict[str, Any]]:
    """The case's history for the page: each change, with the outcome it recorded, or for
    a reopening the outcome it set aside (the one in force before it)."""
    rows: list[dict[str, Any]] = []
    before = ""
    for change in case.status_changes.select_related("by"):
        rows.append(
            {
                "at": change.at,
                "by": change.by,
                "label": _("Reopened") if change.reopened else change.get_status_display(),
                "outcome": change.get_outcome_display()
                if change.status == CaseStatus.OUTCOME_RECORDED
                else "",
                "set_aside": Outcome(before).label if change.reopened and before else "",
            }
        )
        before = change.outcome
    return rows


@login_required
@_tells_whom_a_case_is_about
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    lang = current_lang()
    user = request.user
    ombud = has_role(user, case.organization_id, StaffRole.OMBUD)
    note_form = NoteForm()
    if not ombud:
        visibility = note_form.fields["visibility"]
        assert isinstance(visibility, forms.ChoiceField)
        visibility.choices = [(NoteVisibility.CASE, NoteVisibility.CASE.label)]
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "assessment": _assessment(case),
            "context_rows": _context_rows(case),
            "steps": step_guide(case, lang),
            "outcome_form": OutcomeForm(kind=case.kind, initial={"version": case.version}),
            "details_form": DetailsForm(
                initial={
                    "version": case.version,
                    "raised_by": case.raised_by,
                    "post_url": case.post_url,
                    "post_text": case.post_text,
                }
            ),
            "assign_form": AssignForm(
                organization=case.organization,
                roles=ASSIGNABLE_ROLES,
                initial={"version": case.version},
            ),
            "note_form": note_form,
            "attachment_form": AttachmentForm(),
            "notes": notes_for(user, case),
            "attachments": case.attachments.defer("ciphertext"),
            "history": _history_rows(case),
            "actions": {a.value for a in allowed_actions(case)},
            "channel_label": dict(
                (c["id"], c["label"]) for c in default_engine().channels(lang)
            ).get(case.channel, ""),
            "is_ombud": ombud,
        },
    )


def user_message(exc: Exception) -> str:
    """The error in the reader's language (the rules raise English messages for logs and CLI)."""
    if isinstance(exc, EditConflict):
        return _(
            "Someone else changed this case while you were working on it (you had version "
            "%(mine)s, it is now version %(now)s). Your change was not saved, so nothing was "
            "overwritten: reload the case, check what changed, and make your change again."
        ) % {"mine": exc.expected, "now": exc.current}
    if isinstance(exc, AttachmentRejected):
        return _(
            "The file was not accepted: only PNG, JPEG, WebP screenshots and PDF documents, "
            "up to the size limit, are accepted (checked from the file's content)."
        )
    if isinstance(exc, UnknownChannel):
        return _(
            "postcheck records only posts that reached you through one of the five channels. "
            "Employees should not routinely monitor one another's social media."
        )
    if isinstance(exc, StepPrerequisiteMissing):
        return _(
            "This outcome needs earlier steps first: consider the employee's rights and "
            "context, and talk with the employee before an outcome that involves them."
        )
    if isinstance(exc, InvalidTransition):
        return _("This action is not possible in the case's current status.")
    if isinstance(exc, (UnknownStep, UnknownOutcome)):
        return _("That step or outcome is not one postcheck knows: reload the case and try again.")
    if isinstance(exc, InvalidCase):
        return _("The change was not accepted: some of these fields cannot be changed here.")
    # Never show the rule's English text on a page: a general message instead.
    return _("The action could not be completed: reload the case and try again.")


def _act(request: HttpRequest, action: Any, *args: Any, **kwargs: Any) -> None:
    """Run a case action as this user: a case they may not touch is a 404, any other
    refusal (a conflict, a step out of order) a message on the page they go back to."""
    try:
        action(request.user, *args, **kwargs)
    except NotAllowed:
        raise Http404 from None
    except CaseError as exc:
        messages.error(request, user_message(exc))


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    form = StepForm(request.POST)
    if form.is_valid():
        _act(
            request,
            complete_step,
            pk,
            form.cleaned_data["step"],
            form.cleaned_data["version"],
            form.cleaned_data["note"],
        )
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
@_tells_whom_a_case_is_about
def case_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk, action="")
    form = OutcomeForm(request.POST, kind=case.kind)
    if form.is_valid():
        _act(
            request,
            record_outcome,
            pk,
            form.cleaned_data["outcome"],
            form.cleaned_data["version"],
            form.cleaned_data["note"],
        )
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    version = request.POST.get("version", "")
    func = {"close": close_case, "reopen": reopen_case}.get(action)
    if func is None or not str(version).isdigit():
        raise Http404
    _act(request, func, pk, int(version))
    return redirect("cases:detail", pk=pk)


@login_required
@_tells_whom_a_case_is_about
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk, action="" if request.method == "POST" else "case.view")
    form = DetailsForm(
        request.POST or None,
        initial={
            "version": case.version,
            "raised_by": case.raised_by,
            "post_url": case.post_url,
            "post_text": case.post_text,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            update_details(
                request.user,
                pk,
                d["version"],
                raised_by=d["raised_by"],
                post_url=d["post_url"],
                post_text=d["post_text"],
            )
        except EditConflict as exc:
            form.add_error(None, user_message(exc))
            return render(request, "cases/edit.html", {"case": case, "form": form}, status=409)
        except (NotAllowed, CaseError) as exc:
            form.add_error(None, user_message(exc))
        else:
            messages.success(request, _("The case was updated."))
            return redirect("cases:detail", pk=pk)
    return render(request, "cases/edit.html", {"case": case, "form": form})


@login_required
@require_POST
@_tells_whom_a_case_is_about
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk, action="")
    form = AssignForm(request.POST, organization=case.organization, roles=ASSIGNABLE_ROLES)
    if form.is_valid():
        _act(
            request,
            assign,
            pk,
            form.cleaned_data["assignee"],
            form.cleaned_data["version"],
        )
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if form.is_valid():
        _act(
            request,
            add_note,
            pk,
            form.cleaned_data["body"],
            form.cleaned_data["visibility"],
        )
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        _act(request, add_attachment, pk, upload.name, upload.read())
    return redirect("cases:detail", pk=pk)


@login_required
@_tells_whom_a_case_is_about
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    try:
        att, data = read_attachment(request.user, pk, attachment_pk)
    except (Case.DoesNotExist, Attachment.DoesNotExist):
        raise Http404 from None
    response = HttpResponse(data, content_type=att.content_type)
    response["Content-Disposition"] = f'attachment; filename="case-{pk}-{att.pk}{_ext(att)}"'
    response["Cache-Control"] = "no-store"
    return response


def _ext(att) -> str:  # type: ignore[no-untyped-def]
    return EXTENSIONS.get(att.content_type, "")


@login_required
@_tells_whom_a_case_is_about
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        data = export_case(request.user, pk)
    except Case.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="case-{pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


# --- the values and ethics office --------------------------------------------------


@login_required
def office(request: HttpRequest) -> HttpResponse:
    org = _org_for(request.user, StaffRole.VALUES_ETHICS)
    labels = {c["id"]: c["label"] for c in default_engine().channels(current_lang())}
    overview = office_overview(request.user, org)
    overview["per_channel"] = [(labels.get(k, k), v) for k, v in overview["per_channel"].items()]
    return render(request, "cases/office.html", {"org": org, **overview})


@login_required
@require_POST
def alert_ack(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        acknowledge_alert(request.user, pk)
    except (NotAllowed, SurveillanceAlert.DoesNotExist):
        raise Http404 from None
    return redirect("cases:office")


# --- audit -------------------------------------------------------------------------


def _audit_entries(request: HttpRequest):  # type: ignore[no-untyped-def]
    orgs = orgs_with_role(request.user, StaffRole.AUDITOR)
    if not orgs:
        raise PermissionDenied
    return AuditEntry.objects.filter(organization_id__in=orgs).select_related("actor")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = _audit_entries(request)[:200]
    return render(request, "cases/audit.html", {"entries": entries})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    entries = _audit_entries(request).order_by("at", "id")
    for org_id in orgs_with_role(request.user, StaffRole.AUDITOR):
        audit("audit.export", actor=request.user, organization_id=org_id)
    writer = csv.writer(_Echo())

    def rows():  # type: ignore[no-untyped-def]
        yield writer.writerow(
            ["id", "at", "actor", "organization", "action", "object_type", "object_id", "detail"]
        )
        for e in entries.iterator():
            yield writer.writerow(
                [
                    e.pk,
                    e.at.isoformat(),
                    e.actor.get_username() if e.actor else "",
                    e.organization_id or "",
                    e.action,
                    e.object_type,
                    e.object_id,
                    json.dumps(e.detail, sort_keys=True),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="postcheck-audit.csv"'
    return response


# --- retention, practice, readiness ------------------------------------------------


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    orgs = Organization.objects.filter(memberships__user=request.user.pk).distinct()
    return render(
        request,
        "cases/retention.html",
        {
            "days": retention_days(),
            "orgs": [{"name": o.name(current_lang()), "days": o.retention_days} for o in orgs],
        },
    )


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    lang = current_lang()
    done = set(
        ScenarioAttempt.objects.filter(user=request.user.pk).values_list("scenario_id", flat=True)
    )
    items = [
        {"id": s.id, "title": s.t("title", lang), "done": s.id in done} for s in load_scenarios()
    ]
    return render(request, "cases/practice_list.html", {"items": items, "done": len(done)})


def _comparison(s: Scenario, result: Grade, names: dict[str, str]) -> dict[str, Any]:
    """The answer beside the reference, part by part, every value in the reader's language."""
    outcomes = dict(Outcome.choices)

    def listed(codes: tuple[str, ...]) -> str:
        return "; ".join(f"{c} {names.get(c, '')}".strip() for c in codes) or _("none")

    return {
        "level": (LEVEL_LABELS[s.level], LEVEL_LABELS[result.level], result.level_matches),
        "codes": (listed(s.considerations), listed(result.codes), result.codes_match),
        "outcome": (outcomes[s.outcome], outcomes[result.outcome], result.outcome_matches),
        "missed": listed(result.codes_missed) if result.codes_missed else "",
        "extra": listed(result.codes_extra) if result.codes_extra else "",
    }


@login_required
def practice(request: HttpRequest, scenario_id: str) -> HttpResponse:
    lang = current_lang()
    try:
        s = scenario(scenario_id)
    except KeyError:
        raise Http404 from None
    names = {c["code"]: c["name"] for c in default_engine().considerations(lang)}
    form = PracticeForm(request.POST or None, consideration_names=names)
    result = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = _org_for(request.user, *StaffRole)
        _, result = record_attempt(request.user, org, s.id, d["level"], d["codes"], d["outcome"])
    channels = {c["id"]: c["label"] for c in default_engine().channels(lang)}
    return render(
        request,
        "cases/practice.html",
        {
            "s": s,
            "lang": lang,
            "form": form,
            "result": result,
            "comparison": _comparison(s, result, names) if result else None,
            "post": s.t("post", lang),
            "translated": s.post_lang != lang,
            "channel": channels[s.channel],
            "role": dict(ENGINE_ROLES)[s.context["role"]],
            "reasoning": s.t("reasoning", lang),
            "what_to_do": s.t("what_to_do", lang),
        },
    )


@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    org = _org_for(request.user, StaffRole.VALUES_ETHICS, StaffRole.GUIDANCE_ADMIN)
    return render(
        request,
        "cases/readiness.html",
        {
            "org_name": org.name(current_lang()),
            "figures": readiness_figures(org),
            "scenarios": len(load_scenarios()),
        },
    )
