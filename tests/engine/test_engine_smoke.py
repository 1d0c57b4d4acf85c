from postcheck.engine import Context, Level, Post


def test_partisan_vote_call_is_flagged(engine):
    a = engine.assess(Post("Vote NDP on Monday!", lang="en"), Context())
    assert "PS01" in a.codes
    assert a.level is not Level.LOW


def test_everyday_party_is_not_partisan(engine):
    a = engine.assess(Post("Party of 6 at brunch and they sat us by the kitchen door.", lang="en"))
    assert a.codes == []
    assert a.level is Level.LOW
