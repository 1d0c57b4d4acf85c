"""The engine's value objects: JSON-serializable, validated, spans exact."""

import orjson
import pytest

from postcheck.engine import Context, InputError, Post


def test_assessment_is_json_serializable(engine):
    a = engine.assess(Post("Vote NDP! Call me at 613-555-0147", lang="en"), Context(followers=10))
    d = orjson.loads(orjson.dumps(a.to_dict()))
    assert d["level"] in ("low", "moderate", "high")
    assert set(d) >= {"level", "codes", "findings", "considerations", "contacts", "courses"}


def test_spans_index_the_original_text_with_accents_and_emoji(engine):
    text = "🎉🎉 Élection : VOTEZ ORANGE le 28 avril! 🧡 Appelez-moi au 819-555-0199"
    a = engine.assess(Post(text, lang="fr"), Context(election_period=True))
    assert a.findings
    for f in a.findings:
        assert text[f.start : f.end] == f.matched


@pytest.mark.parametrize(
    "data, message",
    [
        ({"role": "king"}, "unknown role"),
        ({"followers": -3}, "cannot be negative"),
        ({"followers": "many"}, "whole number"),
        ({"identifable": True}, "unknown context field"),
        ({"election_period": "yes"}, "true or false"),
        ("executive", "must be an object"),
    ],
)
def test_bad_context_values_are_refused_clearly(data, message):
    with pytest.raises(InputError, match=message):
        Context.from_dict(data)


def test_batch_matches_single_assessments(engine):
    items = [
        (Post(t, lang="en"), Context()) for t in ("Vote NDP!", "Nice day", "you pathetic liar")
    ]
    batch = engine.assess_batch(items)
    assert [a.to_dict() for a in batch] == [engine.assess(p, c).to_dict() for p, c in items]


def test_context_hash_is_computed_once_and_survives_other_processes():
    import os
    import pickle
    import subprocess
    import sys

    from postcheck.engine import Context

    a = Context(role="manager", followers=5)
    assert hash(a) == hash(Context.from_dict({"role": "manager", "followers": 5}))
    assert {a: 1}[Context(role="manager", followers=5)] == 1
    assert "_hash" not in a.to_dict()
    # another process has other string hashes: an unpickled context must hash as its own
    code = (
        "import pickle, sys; from postcheck.engine import Context; "
        "b = pickle.loads(sys.stdin.buffer.read()); "
        "print(hash(b) == hash(Context(role='manager', followers=5)) and b == Context(role='manager', followers=5)); "
        "print(hash('manager'))"
    )
    # a seed other than this process's, so string hashes really differ there
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(a),
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    same, child_hash = out.stdout.split()
    assert same == b"True"
    assert int(child_hash) != hash("manager")
