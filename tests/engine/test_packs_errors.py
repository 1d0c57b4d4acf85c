"""A broken rule pack names the file, the rule and the line, in the error and in the CLI's
one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from postcheck.engine import Engine, RulePackError
from postcheck.engine.packs import default_rules_dir


@pytest.fixture
def rules(tmp_path) -> Path:
    dst = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), dst)
    return dst


def _rule_line(path: Path, rule_id: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() == f"- id: {rule_id}":
            return n
    raise AssertionError(f"{rule_id} not in {path}")


def _replace_in_rule(path: Path, rule_id: str, old: str, new: str) -> int:
    """Replace the first ``old`` after the rule's ``- id:`` line; return that line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = _rule_line(path, rule_id)
    for i in range(start - 1, len(lines)):
        if old in lines[i]:
            lines[i] = lines[i].replace(old, new, 1)
            path.write_text("".join(lines), encoding="utf-8")
            return start
    raise AssertionError(f"{old!r} not found in rule {rule_id}")


def _first_rule(path: Path, kind: str) -> str:
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("- id: "):
            current = line.strip()[len("- id: ") :]
        elif line.strip() == f"kind: {kind}" and current:
            return current
    raise AssertionError(f"no {kind} rule in {path}")


def load_error(rules_dir: Path) -> RulePackError:
    with pytest.raises(RulePackError) as info:
        Engine(rules_dir=rules_dir)
    return info.value


def test_pristine_copy_loads(rules):
    Engine(rules_dir=rules)


def test_rule_with_bad_weight_names_file_rule_and_line(rules):
    pack = rules / "en" / "ps01-partisan.yaml"
    rule_id = _first_rule(pack, "terms")
    line = _replace_in_rule(pack, rule_id, "weight: ", "weight: heavy #")
    exc = load_error(rules)
    assert exc.file == "rules/en/ps01-partisan.yaml" and exc.rule_id == rule_id and exc.line == line
    assert f"ps01-partisan.yaml:{line}" in str(exc) and rule_id in str(exc) and "weight" in str(exc)


def test_unknown_code_is_refused(rules):
    pack = rules / "fr" / "ps01-partisan.yaml"
    rule_id = _first_rule(pack, "terms")
    line = _replace_in_rule(pack, rule_id, "code: PS", "code: PS99 #")
    exc = load_error(rules)
    assert (exc.rule_id, exc.line) == (rule_id, line)
    assert "PS99" in str(exc) and "fr/ps01-partisan.yaml" in str(exc)


def test_unknown_list_reference_is_refused(rules):
    pack = rules / "en" / "ps01-partisan.yaml"
    rule_id = _first_rule(pack, "cooccur")
    line = _replace_in_rule(pack, rule_id, '"@parties"', '"@no_such_list"')
    exc = load_error(rules)
    assert (exc.rule_id, exc.line) == (rule_id, line)
    assert "@no_such_list" in str(exc)


def test_invalid_regex_is_refused(rules):
    pack = rules / "en" / "ps01-partisan.yaml"
    rule_id = _first_rule(pack, "pattern")
    line = _replace_in_rule(pack, rule_id, 'pattern: "', 'pattern: "(unclosed ')
    exc = load_error(rules)
    assert (exc.rule_id, exc.line) == (rule_id, line)
    assert "regular expression" in str(exc)


def test_bad_yaml_syntax_names_the_line(rules):
    pack = rules / "en" / "ps01-partisan.yaml"
    lines = pack.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "  broken: [unclosed, list\n")
    pack.write_text("".join(lines), encoding="utf-8")
    exc = load_error(rules)
    assert exc.file == "rules/en/ps01-partisan.yaml"
    assert "invalid YAML" in str(exc)
    assert exc.line is not None and 4 <= exc.line <= 6


def test_missing_rule_field_is_refused(rules):
    pack = rules / "en" / "ps01-partisan.yaml"
    rule_id = _first_rule(pack, "terms")
    line = _replace_in_rule(pack, rule_id, "message:", "note:")
    exc = load_error(rules)
    assert (exc.rule_id, exc.line) == (rule_id, line)


def test_cli_reports_a_broken_pack_in_one_line(rules, monkeypatch, capsys):
    from postcheck import cli
    from postcheck.engine import packs

    pack = rules / "en" / "ps01-partisan.yaml"
    rule_id = _first_rule(pack, "terms")
    _replace_in_rule(pack, rule_id, "code: PS", "code: PS99 #")
    monkeypatch.setattr(packs, "default_rules_dir", lambda: rules)
    assert cli.main(["check", "Hello"]) == 2
    stderr = capsys.readouterr().err
    assert stderr.startswith("postcheck: bad rule pack: rules/en/ps01-partisan.yaml:")
    assert rule_id in stderr and "Traceback" not in stderr
