"""Context weighting: the same words weigh differently for different people."""

from postcheck.engine import Context, Level, Post, scoring

TEXT_EN = "Four more years of the Liberals? No thanks. Time for a change."


def test_same_words_low_visibility_moderate_high_visibility_high(engine):
    small = engine.assess(Post(TEXT_EN, lang="en"), Context(role="employee", followers=80))
    big = engine.assess(
        Post(TEXT_EN, lang="en"),
        Context(role="executive", followers=20000, identifiable=True),
    )
    assert small.level is Level.MODERATE
    assert big.level is Level.HIGH


def test_an_election_raises_partisan_weight(engine):
    ctx = dict(role="manager", followers=900, identifiable=True)
    calm = engine.assess(Post(TEXT_EN, lang="en"), Context(**ctx))
    elect = engine.assess(Post(TEXT_EN, lang="en"), Context(**ctx, election_period=True))
    assert elect.considerations[0].score > calm.considerations[0].score


def test_anonymity_does_not_lower_the_weight(engine):
    a = engine.assess(Post(TEXT_EN, lang="en"), Context(followers=300))
    b = engine.assess(Post(TEXT_EN, lang="en"), Context(followers=300, anonymous=True))
    assert a.multiplier == b.multiplier and a.level == b.level


def test_authorization_lowers_own_work_concerns(engine):
    text = "Speaking as a CRA auditor: register for GST/HST past $30k."
    ctx = dict(role="employee", followers=900, identifiable=True, about_own_work=True)
    plain = engine.assess(Post(text, lang="en"), Context(**ctx))
    ok = engine.assess(Post(text, lang="en"), Context(**ctx, authorized=True))
    assert "PS04" in plain.codes and "PS04" not in ok.codes


def test_multiplier_formula(engine):
    spec = engine.scoring
    ctx = Context(role="executive", followers=12000, identifiable=True)
    w = scoring.weighting(spec, ctx, disclaimer=False)
    assert w.base == spec.role["executive"] * spec.audience["10000"] * spec.identifiable


def test_evidence_adds_little_for_more_cues_of_the_same_code():
    assert scoring.evidence([0.6]) == 0.6
    two = scoring.evidence([0.6, 0.6])
    assert 0.6 < two < 0.7


def test_a_strong_cue_is_high_on_its_own(engine):
    a = engine.assess(Post("Le code de la porte du quai, c'est encore 1234", lang="fr"), Context())
    assert a.level is Level.HIGH and "PS07" in a.codes


def test_empty_and_whitespace_posts_are_low(engine):
    for text in ("", "   \n\t", "🙂"):
        a = engine.assess(Post(text))
        assert a.level is Level.LOW and a.findings == ()
