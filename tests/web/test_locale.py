"""Both official languages everywhere: complete French catalogue, same page in the other
language one click away."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

import postcheck.web

LOCALE = Path(postcheck.web.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def _unquote(chunks: list[str]) -> str:
    return "".join(chunks).replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def parse_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block.splitlines())
        m = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if not m:
            continue
        msgid = _unquote(re.findall(r'"(.*)"', m.group(1)))
        msgstr = _unquote(re.findall(r'"(.*)"', m.group(2)))
        if msgid:
            entries.append((msgid, msgstr, fuzzy))
    return entries


def test_every_french_message_is_translated_and_not_fuzzy():
    entries = parse_po(LOCALE / "django.po")
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr.strip()]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    stale = [
        msgid
        for msgid, msgstr, _ in parse_po(LOCALE / "django.po")
        if catalogue.gettext(msgid) != msgstr
    ]
    assert stale == [], "run: msgfmt -o django.mo django.po"


PAGES = [
    ("/en/", "/fr/"),
    ("/en/check/", "/fr/verifier/"),
    ("/en/consultation/", "/fr/consultation/"),
    ("/en/consultation/receipt/", "/fr/consultation/recu/"),
    ("/en/learn/", "/fr/apprendre/"),
    ("/en/guidance/", "/fr/orientation/"),
    ("/en/guidance/feedback/", "/fr/orientation/retroaction/"),
    ("/en/sign-in/", "/fr/connexion/"),
    ("/en/privacy/", "/fr/confidentialite/"),
    ("/en/accessibility/", "/fr/accessibilite/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("en", "fr"), PAGES)
def test_language_toggle_keeps_the_current_page(client, en, fr):
    en_html = client.get(en).content.decode()
    fr_html = client.get(fr).content.decode()
    assert '<html lang="en">' in en_html and '<html lang="fr">' in fr_html
    assert f'<a href="{fr}" lang="fr" hreflang="fr" id="lang-toggle">Français</a>' in en_html
    assert f'<a href="{en}" lang="en" hreflang="en" id="lang-toggle">English</a>' in fr_html
    # the GC Design System header's toggle (shown when JavaScript runs) goes there too
    assert f'lang-href="{fr}"' in en_html and f'lang-href="{en}"' in fr_html


@pytest.mark.django_db
@pytest.mark.parametrize(("en", "fr"), PAGES)
def test_every_page_shows_the_date_modified(client, en, fr):
    assert "Date modified:" in client.get(en).content.decode()
    assert "Date de modification :" in client.get(fr).content.decode()


@pytest.mark.django_db
def test_french_pages_carry_no_leftover_english_headings(client):
    for _en, fr in PAGES:
        html = client.get(fr).content.decode()
        for english in ("Check a post", "Talk to someone", "Skip to main content", "Sign in<"):
            assert english not in html, (fr, english)
