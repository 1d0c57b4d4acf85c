"""Views of the support app: thin; they validate forms, call the business rules, render templates."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from postcheck.engine import default_engine

from .checking import build_context, check_post
from .consultations import (
    close_consultation,
    consultation_for_requester,
    consultation_for_staff,
    open_consultation,
    own_consultations,
    reply,
    visible_consultations,
)
from .contacts import organization_contacts
from .errors import (
    CheckRefused,
    ConsultationNotFound,
    InvalidReceipt,
    NoManagerOnRecord,
    NotAllowed,
    RateLimited,
)
from .feedback import submit_feedback
from .figures import can_see_figures, weekly_figures
from .forms import (
    NO_MANAGER_ON_RECORD,
    CheckForm,
    ConsultationForm,
    FeedbackForm,
    ReceiptForm,
    ReplyForm,
)
from .i18n import current_lang
from .models import ConsultationStatus
from .presentation import highlight, present
from .ratelimits import client_key, rate_limit
from .receipts import open_by_receipt
from .roles import organization_of, recipient_roles_of


def root(request: HttpRequest) -> HttpResponse:
    """``/``: send the visitor to their language's home page."""
    lang = get_language_from_request(request, check_path=False)
    return HttpResponseRedirect(f"/{'fr' if lang.startswith('fr') else 'en'}/")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "support/home.html")  # the nav's roles serve the page too


def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = render(
        request, "support/rate_limited.html", {"retry_after": exc.retry_after}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@sensitive_post_parameters("text")
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Check a post. The result is rendered in the response; nothing about the text is kept."""
    highlighted = presentation = None
    if request.method == "POST":
        form = CheckForm(request.POST)
        if form.is_valid():
            try:
                rate_limit("check", client_key(request), settings.POSTCHECK_RATE_CHECK)
                assessment = check_post(
                    form.cleaned_data["text"],
                    lang=form.cleaned_data["lang"],
                    context=build_context(form.context_data()),
                    platform=form.cleaned_data["platform"],
                )
            except RateLimited as exc:
                return _rate_limited(request, exc)
            except CheckRefused as exc:
                form.add_error(None, str(exc))
            else:
                presentation = present(
                    assessment, current_lang(), organization_of(request.user), request.user
                )
                highlighted = highlight(
                    form.cleaned_data["text"],
                    [(f.start, f.end) for f in assessment.findings if f.end > f.start],
                )
    else:
        form = CheckForm()
    return render(
        request,
        "support/check.html",
        {
            "form": form,
            "result": presentation,
            "highlighted": highlighted,
            "codes_csv": ",".join(presentation.codes) if presentation else "",
        },
    )


def check_alias(request: HttpRequest) -> HttpResponse:
    """``/fr/check/`` and other untranslated spellings lead to the check page."""
    return redirect("support:check", permanent=True)


@never_cache
@sensitive_post_parameters("question", "shared_text")
@require_http_methods(["GET", "POST"])
def consult(request: HttpRequest) -> HttpResponse:
    """Ask a manager, an office or the Ombud; optionally anonymous, with a check result."""
    organization = organization_of(request.user)
    initial = {"organization": organization, "anonymous": not request.user.is_authenticated}
    if request.method == "POST" and request.POST.get("from_result") == "1":
        # Arriving from a check result: pre-fill the summary and offer (not send) the text.
        form = ConsultationForm(
            requester=request.user,
            initial={
                **initial,
                "result_level": request.POST.get("result_level", ""),
                "result_codes": request.POST.get("result_codes", ""),
                "shared_text": request.POST.get("shared_text", ""),
                "recipient_role": request.POST.get("recipient_role") or None,
            },
        )
    elif request.method == "POST":
        form = ConsultationForm(request.POST, initial=initial, requester=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                opened = open_consultation(
                    organization=d["organization"],
                    recipient_role=d["recipient_role"],
                    question=d["question"],
                    requester=request.user,
                    anonymous=d["anonymous"],
                    result_level=d["result_level"],
                    result_codes=form.codes(),
                    shared_text=d["shared_text"] if d["include_text"] else "",
                    lang=current_lang(),
                )
            except NoManagerOnRecord:  # the manager left between the page and the send
                form.add_error("recipient_role", NO_MANAGER_ON_RECORD)
            else:
                return render(
                    request,
                    "support/consult_sent.html",
                    {
                        "consultation": opened.consultation,
                        "receipt": opened.receipt,
                    },
                )
    else:
        form = ConsultationForm(
            requester=request.user,
            initial={
                **initial,
                "recipient_role": request.GET.get("to") or None,
            },
        )
    return render(request, "support/consult.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Read and answer an anonymous consultation with its receipt code (no account)."""
    consultation = None
    reply_form = ReplyForm()
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = open_by_receipt(form.cleaned_data["code"], client_key(request))
        except RateLimited as exc:
            return _rate_limited(request, exc)
        except InvalidReceipt:
            form.add_error(
                "code", _("No consultation matches this receipt code. Check it and try again.")
            )
        else:
            if "body" in request.POST:
                reply_form = ReplyForm(request.POST)
                if reply_form.is_valid():
                    try:
                        reply(consultation, reply_form.cleaned_data["body"], from_requester=True)
                    except NotAllowed:
                        reply_form.add_error(None, _("This consultation is closed."))
                    else:
                        messages.success(request, _("Your reply was sent."))
                        reply_form = ReplyForm()
    return render(
        request,
        "support/receipt.html",
        {
            "form": form,
            "consultation": consultation,
            "reply_form": reply_form,
            "code": form.cleaned_data.get("code", "") if consultation else "",
        },
    )


@login_required
def my_consultations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/my_consultations.html",
        {
            "consultations": own_consultations(request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        consultation = consultation_for_requester(request.user, pk)
    except ConsultationNotFound:
        raise Http404 from None
    return _thread(
        request,
        consultation,
        from_requester=True,
        back=reverse("support:my_consultation", args=[pk]),
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not recipient_roles_of(request.user):
        raise PermissionDenied
    return render(
        request,
        "support/inbox.html",
        {
            "consultations": visible_consultations(request.user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def inbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        consultation = consultation_for_staff(request.user, pk)
    except ConsultationNotFound:
        raise Http404 from None
    if request.method == "POST" and request.POST.get("action") == "close":
        close_consultation(consultation, by=request.user)
        messages.success(request, _("The consultation is closed."))
        return redirect("support:inbox_detail", pk=pk)
    return _thread(
        request, consultation, from_requester=False, back=reverse("support:inbox_detail", args=[pk])
    )


def _thread(request: HttpRequest, consultation, *, from_requester: bool, back: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply(
                consultation,
                form.cleaned_data["body"],
                author=request.user,
                from_requester=from_requester,
            )
        except NotAllowed:
            form.add_error(None, _("This consultation is closed."))
        else:
            messages.success(request, _("Your reply was sent."))
            return HttpResponseRedirect(back)
    return render(
        request,
        "support/thread.html",
        {
            "consultation": consultation,
            "thread": consultation.messages.all(),
            "form": form,
            "as_staff": not from_requester,
            "names": {
                c["code"]: c["name"] for c in default_engine().considerations(current_lang())
            },
            "closed": consultation.status == ConsultationStatus.CLOSED,
        },
    )


def learn(request: HttpRequest) -> HttpResponse:
    engine = default_engine()
    lang = current_lang()
    considerations = engine.considerations(lang)
    courses = engine.courses(lang)
    by_course = {
        c.code: [k["code"] for k in considerations if c.code in k["courses"]] for c in courses
    }
    return render(
        request,
        "support/learn.html",
        {
            "courses": [(c, by_course.get(c.code, [])) for c in courses],
            "considerations": considerations,
        },
    )


def guidance(request: HttpRequest) -> HttpResponse:
    engine = default_engine()
    lang = current_lang()
    g = engine.guidance
    return render(
        request,
        "support/guidance.html",
        {
            "guidance": g,
            "title": getattr(g.title, lang),
            "changelog": [
                {"version": e.version, "date": e.date, "summary": getattr(e.summary, lang)}
                for e in g.changelog
            ],
            "considerations": engine.considerations(lang),
            "contacts": organization_contacts(
                organization_of(request.user),
                [c.id for c in engine.contacts(lang)],
                lang,
                viewer=request.user,
            ),
            "feedback_form": FeedbackForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit("feedback", client_key(request), settings.POSTCHECK_RATE_FEEDBACK)
        except RateLimited as exc:
            return _rate_limited(request, exc)
        submit_feedback(lang=current_lang(), **form.cleaned_data)
        messages.success(request, _("Thank you: your feedback was received."))
        return redirect("support:guidance")
    return render(request, "support/feedback.html", {"form": form})


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    if not can_see_figures(request.user):
        raise PermissionDenied
    from postcheck.engine import CODES

    return render(
        request,
        "support/figures.html",
        {
            "weeks": weekly_figures(),
            "codes": CODES,
            "minimum": settings.POSTCHECK_FIGURES_MIN_COUNT,
        },
    )
