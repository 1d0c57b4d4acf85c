"""Every page of the URLconf reflows (WCAG 2.1, 1.4.10): no horizontal scroll at 320 and
at 1280 CSS pixels, in both languages, for a visitor who is not signed in and for each
demo role. A data table may scroll inside its own region; the page may not.

The pages are read from the URLconf, so a new page is covered without editing this test:
every named path of the app's namespaces (all but Django's admin, which brings its own
stylesheet). A path that needs an object gets one from the demo data. A path that answers
no one with an HTML page (an action that takes a POST, a download) is named in
``NOT_PAGES``; a page that no visitor reaches fails the test until it is given its object
or named there.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from browser_support import wait_for_components

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 1280)
VISITORS = [
    None,
    "demo-employee",
    "demo-manager",
    "demo-ethics",
    "demo-coi",
    "demo-ombud",
    "demo-admin",
    "demo-auditor",
]
# Named paths that are not pages: GET answers 405, a redirect or a file.
NOT_PAGES = {
    "support:logout": "signs out (POST)",
    "cases:step": "marks a step done (POST)",
    "cases:outcome": "records an outcome (POST)",
    "cases:close": "closes a case (POST)",
    "cases:reopen": "reopens a case (POST)",
    "cases:assign": "assigns a case (POST)",
    "cases:note_add": "adds a note (POST)",
    "cases:attachment_add": "adds an attachment (POST)",
    "cases:alert_ack": "acknowledges an alert (POST)",
    "cases:attachment": "downloads an attachment",
    "cases:export": "downloads a case as JSON",
    "cases:audit_export": "downloads the audit log as CSV",
}


def named_paths() -> list[tuple[str, dict[str, object]]]:
    """(view name, its converters) for every named path under the language prefix."""
    found: list[tuple[str, dict[str, object]]] = []

    def walk(patterns, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                found.append((namespace + p.name, dict(getattr(p.pattern, "converters", {}))))

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and isinstance(top.pattern, LocalePrefixPattern):
            walk(top.url_patterns, "")
    return found


def demo_objects() -> dict[str, dict[str, object]]:
    """The object ids the paths need, per namespace: a demo case, a consultation from
    the demo employee to their manager, a practice scenario."""
    from django.contrib.auth import get_user_model

    from postcheck.cases.models import Case
    from postcheck.cases.scenarios import load_scenarios
    from postcheck.support.consultations import open_consultation
    from postcheck.support.models import Organization, RecipientRole

    org = Organization.objects.get(slug="demo")
    employee = get_user_model().objects.get(username="demo-employee")
    consultation = open_consultation(
        organization=org,
        recipient_role=RecipientRole.MANAGER,
        question="Can I share my team's hiking photos?",
        requester=employee,
    ).consultation
    case = Case.objects.filter(organization=org, kind="post").order_by("pk").first()
    assert case is not None, "the demo data has a case"
    return {
        "support": {"pk": consultation.pk},
        "cases": {"pk": case.pk, "attachment_pk": 1, "scenario_id": load_scenarios()[0].id},
    }


def pages_for(client, lang: str, objects) -> tuple[list[str], set[str]]:
    """The paths that answer this client with an HTML page, and their view names."""
    paths, names = [], set()
    for name, converters in named_paths():
        given = objects.get(name.split(":")[0], {})
        with translation.override(lang):
            path = reverse(name, kwargs={k: given[k] for k in converters} or None)
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            paths.append(path)
            names.add(name)
    return paths, names


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_scrolls_sideways_at_320_or_1280_pixels(page, demo_live, sign_in, lang):
    from django.contrib.auth import get_user_model
    from django.test import Client

    objects = demo_objects()
    too_wide, reached = [], set()
    for username in VISITORS:
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        paths, names = pages_for(client, lang, objects)
        reached |= names
        sign_in(page, username)
        for path in paths:
            page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
            page.goto(demo_live.url + path)
            wait_for_components(page)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                extra = horizontal_overflow(page)
                if extra > 0:
                    too_wide.append(f"{path} as {username or 'visitor'} at {width}px: +{extra}px")
    assert too_wide == [], "\n".join(too_wide)
    unreached = {name for name, _ in named_paths()} - reached - set(NOT_PAGES)
    assert unreached == set(), (
        "give these pages an object in demo_objects, or name them in NOT_PAGES"
    )
    assert reached.isdisjoint(NOT_PAGES), "a path named in NOT_PAGES is a page now"
