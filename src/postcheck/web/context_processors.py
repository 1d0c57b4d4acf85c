"""Values every page needs: the other language's URL for this page, the guidance date,
the footer's links."""

from __future__ import annotations

import json
from functools import cache

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from postcheck.engine import default_engine
from postcheck.support.figures import can_see_figures
from postcheck.support.i18n import current_lang
from postcheck.support.roles import recipient_roles_of, roles_of


def other_language(request: HttpRequest) -> tuple[str, str]:
    """The other official language and this page's URL in it (query string kept)."""
    other = "fr" if current_lang() == "en" else "en"
    url = translate_url(request.path, other)
    if url == request.path:  # not translatable: fall back to that language's home
        url = f"/{other}/"
    query = request.META.get("QUERY_STRING", "")
    if query:
        url = f"{url}?{query}"
    return other, url


def footer_links() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The footer's postcheck links (gcds-footer shows at most 3) and its site links
    (at most 5), as (label, URL) in the current language."""
    about = [
        (_("About the guidance"), reverse("support:guidance")),
        (_("Give feedback"), reverse("support:feedback")),
        (_("Read replies with a receipt code"), reverse("support:receipt")),
    ]
    site = [
        (_("Home"), reverse("support:home")),
        (_("Privacy"), reverse("site:privacy")),
        (_("Accessibility"), reverse("site:accessibility")),
        (_("API (OpenAPI)"), "/api/v1/openapi.json"),
    ]
    return about, site


# The pages above each page, after the home page (which every trail starts with).
_TRAILS: dict[str, tuple[str, ...]] = {
    "support:receipt": ("support:consult",),
    "support:my_consultations": ("support:consult",),
    "support:my_consultation": ("support:consult", "support:my_consultations"),
    "support:inbox_detail": ("support:inbox",),
    "support:feedback": ("support:guidance",),
    "cases:practice": ("cases:list", "cases:practice_list"),
}


def _crumb_label(view_name: str) -> str:
    labels = {
        "support:consult": _("Talk to someone"),
        "support:my_consultations": _("My consultations"),
        "support:inbox": _("Consultations for me"),
        "support:guidance": _("Guidance"),
        "cases:list": _("Cases"),
        "cases:practice_list": _("Practice scenarios"),
    }
    return labels[view_name]


def breadcrumbs(request: HttpRequest) -> list[tuple[str, str]]:
    """The breadcrumb trail above this page as (label, URL): home, then its parents.
    Empty on the home page and on pages that are not the app's (admin, errors)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name == "support:home":
        return []
    if match.namespace not in ("support", "cases", "site"):
        return []
    parents = _TRAILS.get(match.view_name, ())
    if match.namespace == "cases" and match.view_name != "cases:list" and not parents:
        parents = ("cases:list",)
    trail = [("postcheck", reverse("support:home"))]
    trail += [(_crumb_label(name), reverse(name)) for name in parents]
    return trail


def has_cases(user, roles: set[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether the menu links to the cases pages (when the cases app is installed)."""
    if not apps.is_installed("postcheck.cases"):
        return False
    from postcheck.cases.access import has_cases as handles_cases

    return handles_cases(user, roles)


def site(request: HttpRequest) -> dict[str, object]:
    other, url = other_language(request)
    about, site_links = footer_links()
    guidance = default_engine().guidance
    user = getattr(request, "user", None)
    held = cache(lambda: roles_of(user))
    return {
        "breadcrumbs": breadcrumbs(request),
        "footer_about": about,
        "footer_site": site_links,
        # gcds-footer takes its links as a JSON object {label: URL} in an attribute.
        "footer_about_json": json.dumps(dict(about), ensure_ascii=False),
        "footer_site_json": json.dumps(dict(site_links), ensure_ascii=False),
        "other_lang": other,
        "other_lang_url": url,
        "date_modified": str(guidance.date_modified),
        "guidance_version": guidance.version,
        "oidc_enabled": settings.OIDC_ENABLED,
        # evaluated only if a template asks, and then with one query for both
        "nav_inbox": SimpleLazyObject(lambda: bool(recipient_roles_of(user, held()))),
        "nav_figures": SimpleLazyObject(lambda: can_see_figures(user, held())),
        "nav_cases": SimpleLazyObject(lambda: has_cases(user, held())),
    }
