"""Routing: who can help and which course fits each consideration."""

from postcheck.engine import CODES, Context, Engine, Post


def test_trn125_is_always_suggested(engine):
    a = engine.assess(Post("Nice weather today", lang="en"), Context())
    assert [c.code for c in a.courses] == ["TRN125"]


def test_security_exposure_suggests_social_engineering_course(engine):
    a = engine.assess(Post("The door code for the loading dock is still 1234", lang="en"))
    assert "PS07" in a.codes
    assert "DDN2-A29" in [c.code for c in a.courses]
    assert "security" in [c.id for c in a.contacts]


def test_misinformation_suggests_trn506(engine):
    a = engine.assess(
        Post(
            "Friend of a friend at TBS says everyone goes back 5 days. No link, just passing it on.",
            lang="en",
        )
    )
    assert "PS13" in a.codes and "TRN506" in [c.code for c in a.courses]


def test_conflict_of_interest_routes_to_the_designated_senior_official(engine):
    a = engine.assess(
        Post(
            "Thank you Northwind Consulting for the bottle of wine right after we signed the renewal!",
            lang="en",
        ),
        Context(about_own_work=True),
    )
    assert "PS14" in a.codes and a.contacts[0].id == "dso_coi"


def test_contacts_speak_the_posts_language(engine):
    a = engine.assess(Post("Votez orange le 28 avril!", lang="fr"), Context(election_period=True))
    assert a.contacts and all(
        "bureau" in c.name or "gestionnaire" in c.name or "ombudsman" in c.name for c in a.contacts
    )


def test_organization_can_configure_how_to_reach_a_contact():
    eng = Engine(
        contacts={
            "security": {
                "how": {"en": "Call 613-555-0100 (DSO desk)", "fr": "Composez le 613-555-0100"}
            }
        },
        learned=False,
    )
    a = eng.assess(Post("The east door turnstile is broken, just walk right in", lang="en"))
    sec = next(c for c in a.contacts if c.id == "security")
    assert sec.how == "Call 613-555-0100 (DSO desk)"


def test_every_consideration_has_both_languages_and_a_contact(engine):
    for lang in ("en", "fr"):
        cons = engine.considerations(lang)
        assert [c["code"] for c in cons] == list(CODES)
        for c in cons:
            assert c["name"] and c["why"] and c["questions"] and c["examples"] and c["instead"]
            assert c["contacts"]


def test_five_intake_channels_in_both_languages(engine):
    assert [c["id"] for c in engine.channels("en")] == [
        "media_query",
        "public_comment",
        "colleague_report",
        "social_media",
        "professional_network",
    ]
    assert all(c["label"] for c in engine.channels("fr"))
