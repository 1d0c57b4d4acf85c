"""Detectors that need code: identifiers, markings, URLs, language."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postcheck.engine import Context, Post
from postcheck.engine.detectors import (
    detect_identifiers,
    detect_language,
    detect_markings,
    detect_urls,
    sin_valid,
)
from postcheck.engine.text import fold


def _ids(text):
    return [(d.detector, text[d.start : d.end]) for d in detect_identifiers(text, fold(text))]


def test_sin_checksum_accepts_a_valid_number():
    assert sin_valid("130692544")


def test_sin_checksum_rejects_a_changed_digit():
    assert not sin_valid("130692545")


def test_sin_is_found_with_spaces_or_dashes():
    assert ("id.sin", "130 692 544") in _ids("my SIN is 130 692 544 lol")
    assert ("id.sin", "130-692-544") in _ids("SIN: 130-692-544")


def test_nine_digits_failing_the_checksum_are_not_a_sin():
    assert not any(d == "id.sin" for d, _ in _ids("order number 123 456 789"))


def test_phone_number_north_american_formats():
    found = _ids("call 613-555-0147 or (819) 555-0199 or +1 613 555 0100")
    assert [t for d, t in found if d == "id.phone"] == [
        "613-555-0147",
        "(819) 555-0199",
        "+1 613 555 0100",
    ]


def test_email_address():
    assert ("id.email", "jane.doe@example.gc.ca") in _ids("write jane.doe@example.gc.ca today")


def test_postal_code_with_and_without_space():
    found = [t for d, t in _ids("K1A 0B1 and j8x4b3") if d == "id.postal_code"]
    assert found == ["K1A 0B1", "j8x4b3"]


def test_street_address_english_and_french():
    assert any(d == "id.street_address" for d, _ in _ids("party at 42 Maple Street tonight"))
    assert any(
        d == "id.street_address" for d, _ in _ids("Party chez nous, 112, rue Principale à Aylmer")
    )


def _marks(text):
    return [(d.detector, text[d.start : d.end]) for d in detect_markings(text, fold(text))]


@pytest.mark.parametrize(
    "text, marking",
    [
        ("the deck is PROTECTED B, don't share", "PROTECTED B"),
        ("un document Protégé B", "Protégé B"),
        ("stamped SECRET on every page", "SECRET"),
        ("this is a Cabinet confidence", "Cabinet confidence"),
        ("release is embargoed until 10am", "embargoed"),
        ("for internal use only", "for internal use only"),
        ("document sous embargo jusqu'à lundi", "sous embargo"),
        ("pour usage interne seulement", "pour usage interne"),
        ("draft deck, not for distribution yet", "not for distribution"),
        ("version de travail, ne pas diffuser", "ne pas diffuser"),
    ],
)
def test_document_markings_in_both_languages(text, marking):
    assert ("marking.document", marking) in _marks(text)


def test_a_secret_recipe_is_not_a_marking():
    assert _marks("my secret recipe for tourtière") == []


def test_a_clearance_is_about_the_person_not_a_document():
    found = _marks("interview for my top secret clearance today")
    assert [d for d, _ in found] == ["marking.clearance"]


def test_url_domains_are_classified(engine):
    domains = engine.ruleset.domains
    found = {
        h: d.detector
        for d, h in detect_urls(
            "see canada.ca/benefits and https://www.conservative.ca/join and infowars.com/x",
            domains,
        )
    }
    assert found == {
        "canada.ca": "url.official",
        "conservative.ca": "url.party",
        "infowars.com": "url.disinformation",
    }


def test_party_site_link_is_a_partisan_cue(engine):
    a = engine.assess(Post("Join us: https://www.ndp.ca/volunteer", lang="en"))
    assert any(f.rule_id == "url.party" and f.code == "PS01" for f in a.findings)


def test_official_link_raises_nothing(engine):
    a = engine.assess(Post("Check your eligibility at canada.ca/child-benefit", lang="en"))
    assert a.codes == []


@pytest.mark.parametrize(
    "text, lang",
    [
        ("I can't believe the weather in Ottawa this week", "en"),
        ("J'ai tellement hâte aux vacances de la construction", "fr"),
        ("Le gouvernement devrait avoir honte", "fr"),
        ("What's everyone reading this summer?", "en"),
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_language_is_detected_when_not_given(engine):
    a = engine.assess(Post("Votez pour le NPD, c'est le seul vrai plan"), Context())
    assert a.lang == "fr"


def test_disclaimer_is_detected_and_weighs_only_a_little(engine):
    base = "Vote Conservative on Monday!"
    plain = engine.assess(Post(base, lang="en"), Context(identifiable=True))
    with_disc = engine.assess(
        Post(base + " Views are my own.", lang="en"), Context(identifiable=True)
    )
    assert with_disc.disclaimer_detected and not plain.disclaimer_detected
    assert with_disc.multiplier < plain.multiplier
    assert with_disc.multiplier >= 0.9 * plain.multiplier
    assert "PS01" in with_disc.codes


def _urls_by_full_scan(text: str, domains) -> list:
    """What detect_urls found before it searched only the runs with a hint."""
    from postcheck.engine import detectors as det

    out = []
    for m in det.URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)":
            end -= 1
        host = det.host_of(text[m.start() : end])
        if "@" in text[max(0, m.start() - 1) : m.start()]:
            continue
        cls = "other"
        for name in ("official", "party", "disinformation"):
            if any(host == d or host.endswith("." + d) for d in domains.get(name, ())):
                cls = name
                break
        out.append((det.Detection(f"url.{cls}", m.start(), end), host))
    return out


_URL_BITS = [
    "http://",
    "https://",
    "www.",
    "ndp.ca",
    ".CA",
    ".Com",
    "x.co",
    "(",
    ")",
    "<",
    ">",
    '"',
    "'",
    " ",
    "\n",
    "\u00a0",
    "\u0130nfo",
    ".\u0131nfo",
    "ne\u017fs",
    ".u\u017f",
    "@",
    "a@b.ca",
    "caf\u00e9.com",
    "foo-bar.org/path?x=1",
    "\u2026",
    "\u00ab",
    ".",
    "..",
    "-",
    ".gc.ca",
    "canada.ca/en",
    "WWW.X.CA",
    "word",
    "Mot",
    "\u00e9t\u00e9",
    "12",
    "conservative.ca",
    "www.liberal.ca",
    "sub.ndp.ca",
    "xndp.ca",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_URL_BITS) | st.text(max_size=3), max_size=14))
def test_urls_are_found_as_a_scan_of_the_whole_text_finds_them(engine, bits):
    text = "".join(bits)
    want = _urls_by_full_scan(text, engine.ruleset.domains)
    assert detect_urls(text, engine.ruleset.domains) == want  # domain lists as tuples
    sets = {name: frozenset(ds) for name, ds in engine.ruleset.domains.items()}
    assert detect_urls(text, sets) == want


@pytest.mark.parametrize(
    "text",
    [
        "[photo of a briefing binder stamped TOP SECRET on my kitchen table] long night",
        "Screenshot of the SECRET slide deck lol",
        "[capture d'écran d'un courriel PROTÉGÉ B du sous-ministre]",
        "[photo des documents classés TRÈS SECRET sur la table]",
    ],
)
def test_a_marked_document_shown_in_an_image_is_high_in_any_context(engine, text):
    """levels.md §2 PS06 high ("any content, direction, figure or image") and §3."""
    from postcheck.engine import Context, Post

    assert [d for d, _ in _marks(text)] == ["marking.image"]
    a = engine.assess(Post(text), Context())
    assert a.level.value == "high" and "PS06" in a.codes


@pytest.mark.parametrize(
    "text",
    [
        "stamped SECRET on every page",  # a marking, nothing shown
        "[photo] the SECRET to a good tourtière 😉",  # emphasis, no document
        # an image and a document, but the marking is not a classification
        "[photo of the report's cover, embargoed until Monday]",
    ],
)
def test_a_marking_without_a_shown_document_stays_a_plain_marking(text):
    assert "marking.image" not in [d for d, _ in _marks(text)]
