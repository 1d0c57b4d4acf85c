"""Rule packs are data: validated at load, with errors naming file, rule and line."""

import re
import shutil
from pathlib import Path

import pytest

from postcheck.engine import CODES, Context, Engine, RulePackError
from postcheck.engine.packs import default_rules_dir, load_ruleset


@pytest.fixture()
def rules_copy(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), dst)
    return dst


EXAMPLES = "    examples: {flag: [x], pass: [y]}\n"


def _append_rule(rules: Path, text: str, pack: str = "ps01-test.yaml") -> None:
    """Add a pack holding one rule (``text``: its YAML, examples excepted)."""
    path = rules / "en" / pack
    path.write_text("lang: en\nrules:\n" + text + EXAMPLES, encoding="utf-8")


def test_packaged_rules_load_for_both_languages():
    rs = load_ruleset()
    assert rs.rules["en"] and rs.rules["fr"]
    assert {r.code for r in rs.rules["en"]} == set(CODES)
    assert {r.code for r in rs.rules["fr"]} == set(CODES)


def test_unknown_code_names_file_rule_and_line(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.bad\n    code: PS99\n    kind: terms\n    terms: [x]\n    message: m\n",
    )
    with pytest.raises(RulePackError) as err:
        load_ruleset(rules_copy)
    e = err.value
    assert e.file.endswith("en/ps01-test.yaml") and e.rule_id == "en.test.bad" and e.line == 3
    assert "PS99" in str(e)


def test_invalid_regex_is_refused(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.re\n    code: PS01\n    kind: pattern\n    pattern: '(unclosed'\n    message: m\n",
    )
    with pytest.raises(RulePackError, match="invalid regular expression"):
        load_ruleset(rules_copy)


def test_unknown_list_reference_is_refused(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.list\n    code: PS01\n    kind: terms\n    terms: ['@nope']\n    message: m\n",
    )
    with pytest.raises(RulePackError, match="unknown list '@nope'"):
        load_ruleset(rules_copy)


def test_bad_yaml_syntax_gives_the_line(rules_copy):
    (rules_copy / "en" / "ps01-test.yaml").write_text(
        "lang: en\nrules: [\n  - id: x\n", encoding="utf-8"
    )
    with pytest.raises(RulePackError) as err:
        load_ruleset(rules_copy)
    assert err.value.line is not None and "invalid YAML" in str(err.value)


def test_duplicate_rule_id_is_refused(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.partisan.slogan\n    code: PS01\n    kind: terms\n    terms: [x]\n    message: m\n",
    )
    with pytest.raises(RulePackError, match="duplicate rule id"):
        load_ruleset(rules_copy)


def test_unknown_field_is_refused(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.f\n    code: PS01\n    kind: terms\n    terms: [x]\n    message: m\n    wieght: 2\n",
    )
    with pytest.raises(RulePackError, match="wieght"):
        load_ruleset(rules_copy)


def test_a_guidance_owner_adds_a_synonym_in_one_line(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.new\n    code: PS11\n    kind: terms\n    terms: [flibbertigibbet]\n    weight: 0.6\n    message: Rude word.\n",
        pack="ps11-test.yaml",
    )
    engine = Engine(rules_copy, learned=False)
    a = engine.assess("what a flibbertigibbet", None)
    assert any(f.rule_id == "en.test.new" for f in a.findings)


def test_exceptions_cancel_innocent_senses(engine):
    for text in (
        "Party of 6 at brunch, they sat us by the door",
        "Add a liberal amount of garlic",
        "A conservative estimate: 40 hours of work",
        "Leader of the pack, she refuses the leash",
        "Cabinet reshuffle at my house: the good mugs moved",
    ):
        assert engine.assess(text).codes == [], text
    for text in (
        "Le bloc de béton pèse plus que mon char",
        "Le ministre du culte s'est trompé de nom",
    ):
        assert engine.assess(text).codes == [], text


def test_terms_are_inflected_and_prefixes_match():
    from postcheck.engine.matcher import inflections

    assert {"vote", "voted", "voting", "votes"} <= inflections("vote", "en")
    assert {"corrompu", "corrompus", "corrompue"} <= inflections("corrompu", "fr")


def test_scoring_refuses_a_role_that_is_not_a_posting_role(rules_copy):
    path = rules_copy / "shared" / "scoring.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "executive: 1.5}", "executive: 1.5, intern: 1.1}"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulePackError, match="intern") as err:
        load_ruleset(rules_copy)
    assert err.value.file.endswith("shared/scoring.yaml")


def test_scoring_refuses_a_code_that_is_not_a_consideration(rules_copy):
    path = rules_copy / "shared" / "scoring.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "authorized: {PS04", "authorized: {PS99: 0.5, PS04"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulePackError, match="PS99"):
        load_ruleset(rules_copy)


def test_every_pack_is_named_for_a_consideration_and_paired_in_both_languages():
    rules_dir = default_rules_dir()
    codes = {}
    for lang in ("en", "fr"):
        names = sorted(p.name for p in (rules_dir / lang).glob("*.yaml"))
        codes[lang] = [name[:4].upper() for name in names]
        assert all(re.fullmatch(r"ps\d\d-[a-z0-9-]+\.yaml", n) for n in names), names
    assert codes["en"] == codes["fr"] == list(CODES)


def test_every_rule_sits_in_the_pack_of_its_consideration():
    for rules in load_ruleset().rules.values():
        for rule in rules:
            assert Path(rule.file).name.startswith(rule.code.lower() + "-"), (rule.id, rule.file)


def test_a_rule_in_another_considerations_pack_is_refused(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.elsewhere\n    code: PS11\n    kind: terms\n    terms: [x]\n    message: m\n",
        pack="ps01-test.yaml",
    )
    with pytest.raises(RulePackError, match="a PS11 rule in the PS01 pack") as err:
        load_ruleset(rules_copy)
    e = err.value
    assert e.file.endswith("en/ps01-test.yaml") and e.rule_id == "en.test.elsewhere" and e.line == 3


def test_a_pack_not_named_for_a_consideration_is_refused(rules_copy):
    _append_rule(
        rules_copy,
        "  - id: en.test.misc\n    code: PS01\n    kind: terms\n    terms: [x]\n    message: m\n",
        pack="misc.yaml",
    )
    with pytest.raises(RulePackError, match="named for its consideration") as err:
        load_ruleset(rules_copy)
    assert err.value.file.endswith("en/misc.yaml")


def _pack_with_examples(rules: Path, examples: str) -> None:
    (rules / "en" / "ps01-test.yaml").write_text(
        "lang: en\nrules:\n"
        "  - id: en.test.ex\n    code: PS01\n    kind: terms\n    terms: [x]\n    message: m\n"
        + examples,
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("examples", "complaint"),
    [
        ("", "examples: Field required"),
        ("    examples: {flag: [x]}\n", "examples.pass: Field required"),
        ("    examples: {flag: [], pass: [y]}\n", "examples.flag: List should have at least 1"),
        ("    examples: {flag: [x], pass: ['']}\n", "at least 1 character"),
        ("    examples: {flag: [x], pass: [y], maybe: [z]}\n", "maybe"),
        (
            "    examples: {flag: [{text: x, context: {identifable: true}}], pass: [y]}\n",
            "unknown context field(s) identifable",
        ),
        (
            "    examples: {flag: [{text: x, context: {role: king}}], pass: [y]}\n",
            "unknown role 'king'",
        ),
    ],
)
def test_a_bad_example_list_names_file_rule_and_line(rules_copy, examples, complaint):
    _pack_with_examples(rules_copy, examples)
    with pytest.raises(RulePackError) as err:
        load_ruleset(rules_copy)
    e = err.value
    assert e.file.endswith("en/ps01-test.yaml") and e.rule_id == "en.test.ex" and e.line == 3
    assert complaint in str(e), str(e)


def test_examples_load_with_their_context(rules_copy):
    _pack_with_examples(
        rules_copy,
        "    examples:\n      flag: [x]\n"
        "      pass: [y, {text: z, context: {about_own_work: true, followers: 20}}]\n",
    )
    rule = next(r for r in load_ruleset(rules_copy).rules["en"] if r.id == "en.test.ex")
    assert [(ex.text, ex.flag) for ex in rule.examples] == [("x", True), ("y", False), ("z", False)]
    assert rule.examples[0].context == Context()
    assert rule.examples[2].context == Context(about_own_work=True, followers=20)


def test_the_codes_are_the_fourteen_considerations_of_the_guidance():
    """The one place a test names the count: a consideration dropped from
    considerations.yaml by mistake fails here (adding PS15 edits this line on purpose)."""
    assert tuple(f"PS{n:02d}" for n in range(1, 15)) == CODES
