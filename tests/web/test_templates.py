"""The page frame every page shares: the GC Design System components with their
plain-HTML fallbacks, the breadcrumb trail, the footer's links and the CSP nonce."""

from __future__ import annotations

import html
import json
import re

import pytest

pytestmark = pytest.mark.django_db


def attribute(page: str, tag: str, name: str) -> str:
    m = re.search(rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\"", page)
    assert m, (tag, name)
    return html.unescape(m.group(1))


@pytest.mark.parametrize(
    ("path", "about", "site"),
    [
        (
            "/en/learn/",
            {
                "About the guidance": "/en/guidance/",
                "Give feedback": "/en/guidance/feedback/",
                "Read replies with a receipt code": "/en/consultation/receipt/",
            },
            {
                "Home": "/en/",
                "Privacy": "/en/privacy/",
                "Accessibility": "/en/accessibility/",
                "API (OpenAPI)": "/api/v1/openapi.json",
            },
        ),
        (
            "/fr/apprendre/",
            {
                "À propos de l'orientation": "/fr/orientation/",
                "Donner de la rétroaction": "/fr/orientation/retroaction/",
                "Lire les réponses avec un code de reçu": "/fr/consultation/recu/",
            },
            {
                "Accueil": "/fr/",
                "Confidentialité": "/fr/confidentialite/",
                "Accessibilité": "/fr/accessibilite/",
                "API (OpenAPI)": "/api/v1/openapi.json",
            },
        ),
    ],
)
def test_each_component_has_its_plain_html_fallback(client, path, about, site):
    page = client.get(path).content.decode()
    for tag in ("gcds-header", "gcds-footer", "gcds-date-modified"):
        assert re.search(rf'<{tag} class="pc-gcds-only"', page), tag
    assert page.count('class="pc-nojs"') == 1  # the header's wrapper
    assert 'class="pc-footer pc-nojs"' in page and 'class="pc-date-modified pc-nojs"' in page
    assert json.loads(attribute(page, "gcds-footer", "contextual-links")) == about
    assert json.loads(attribute(page, "gcds-footer", "sub-links")) == site
    for label, url in {**about, **site}.items():
        assert f'<li><a href="{url}">{html.escape(label)}</a></li>' in page
    assert attribute(page, "gcds-header", "skip-to-href") == "#main-content"
    # one module script, no inline script
    assert re.findall(r"<script\b[^>]*>", page) == [
        '<script src="/static/postcheck/site.js" defer>',
        '<script type="module" src="/static/postcheck/gcds.js">',
    ]
    assert "<script>" not in page and "style=" not in page


def test_the_style_nonce_is_the_responses_and_scripts_have_none(client):
    response = client.get("/en/")
    page = response.content.decode()
    nonce = attribute(page, "meta", "nonce")
    csp = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, _, value = directive.strip().partition(" ")
        csp[name] = value
    assert csp["style-src"] == f"'self' 'nonce-{nonce}'"
    assert csp["script-src"] == "'self'"
    assert nonce != attribute(client.get("/en/").content.decode(), "meta", "nonce")


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        ("/en/", []),
        ("/en/check/", [("postcheck", "/en/")]),
        ("/en/guidance/feedback/", [("postcheck", "/en/"), ("Guidance", "/en/guidance/")]),
        (
            "/fr/orientation/retroaction/",
            [("postcheck", "/fr/"), ("Orientation", "/fr/orientation/")],
        ),
        (
            "/fr/consultation/recu/",
            [("postcheck", "/fr/"), ("Parler à quelqu'un", "/fr/consultation/")],
        ),
    ],
)
def test_breadcrumbs_in_the_component_and_the_fallback(client, path, trail):
    page = html.unescape(client.get(path).content.decode())
    items = re.findall(r'<gcds-breadcrumbs-item href="([^"]*)">([^<]*)<', page)
    assert [(label, url) for url, label in items] == trail
    fallback = re.search(r'<nav class="pc-breadcrumbs".*?</nav>', page, re.S)
    if not trail:
        assert fallback is None and "<gcds-breadcrumbs" not in page
        return
    assert fallback is not None
    links = re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', fallback.group(0))
    assert [(label, url) for url, label in links] == trail
    label = "Breadcrumb" if path.startswith("/en/") else "Chemin de navigation"
    assert f'aria-label="{label}"' in fallback.group(0)


CASES_LINK = {"en": ("/en/cases/", "Cases"), "fr": ("/fr/dossiers/", "Dossiers")}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("username", ["demo-manager", "demo-ethics", "demo-coi", "demo-ombud"])
def test_the_menu_links_to_the_cases_for_the_roles_that_have_cases(signed_in, username, lang):
    url, label = CASES_LINK[lang]
    page = signed_in(username).get(f"/{lang}/").content.decode()
    assert f'<gcds-nav-link href="{url}">{label}</gcds-nav-link>' in page
    assert f'<li><a href="{url}">{label}</a></li>' in page


@pytest.mark.parametrize("username", ["demo-employee", "demo-admin", "demo-auditor"])
def test_the_menu_has_no_cases_link_for_the_roles_without_cases(signed_in, username):
    page = signed_in(username).get("/en/").content.decode()
    assert 'href="/en/cases/"' not in page


def test_the_menu_has_no_cases_link_for_a_visitor_not_signed_in(client):
    assert 'href="/en/cases/"' not in client.get("/en/").content.decode()


def test_the_cases_link_is_marked_current_on_the_cases_page(signed_in):
    page = signed_in("demo-manager").get("/en/cases/").content.decode()
    assert '<gcds-nav-link href="/en/cases/" current>Cases</gcds-nav-link>' in page
    assert '<li><a href="/en/cases/" aria-current="page">Cases</a></li>' in page
