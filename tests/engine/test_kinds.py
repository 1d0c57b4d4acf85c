"""Every rule kind (``engine/kinds/``) has a fixture folder, ``tests/fixtures/engine/kinds/
<kind>/``: small packs in ``en/`` and ``fr/`` (named for their consideration, as the shipped
packs are) using only that kind, each rule with its examples: the posts it flags (where it
is the one rule that fires) and those it passes. Every folder runs through both ``assess``
and ``assess_batch`` (as ijson runs every test over every backend): a new kind's folder is
picked up with no test code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from postcheck.engine import LANGS, Assessment, Context, Engine, Post
from postcheck.engine.kinds import KINDS
from postcheck.engine.packs import default_rules_dir, load_ruleset

KINDS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "engine" / "kinds"
FOLDERS = sorted(p for p in KINDS_DIR.iterdir() if p.is_dir())


def _rules_dir(folder: Path, tmp_path: Path) -> Path:
    """The packaged shared data and n-gram model, with the folder's packs as the only rules."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir() / "shared", rules / "shared")
    shutil.copytree(default_rules_dir() / "model", rules / "model")
    for lang in LANGS:
        shutil.copytree(folder / lang, rules / lang)
    return rules


def _posts(rules_dir: Path) -> list[tuple[Post, Context, set[str]]]:
    """Each rule's examples: a flag example fires that rule alone, a pass example none."""
    ruleset = load_ruleset(rules_dir)
    return [
        (Post(ex.text, lang=rule.lang), ex.context, {rule.id} if ex.flag else set())
        for lang in LANGS
        for rule in ruleset.rules[lang]
        for ex in rule.examples
    ]


def _fired(a: Assessment) -> set[str]:
    return {f.rule_id for f in a.findings if f.source == "rule"}


def test_every_kind_has_a_fixture_folder() -> None:
    assert [p.name for p in FOLDERS] == sorted(KINDS)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_kinds_fixture_packs_use_only_that_kind(folder: Path, tmp_path: Path) -> None:
    ruleset = load_ruleset(_rules_dir(folder, tmp_path))
    kinds = {r.kind for rules in ruleset.rules.values() for r in rules}
    assert kinds == {folder.name}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_kinds_rules_flag_and_pass_its_posts_alone_and_in_a_batch(
    folder: Path, tmp_path: Path
) -> None:
    # the n-gram model on, so that the batch runs its pre-check; only rules are compared
    rules_dir = _rules_dir(folder, tmp_path)
    engine = Engine(rules_dir, semantic=False)
    posts = _posts(rules_dir)
    assert any(want for _p, _c, want in posts) and any(not want for _p, _c, want in posts)
    batch = engine.assess_batch([(p, c) for p, c, _want in posts])
    for (post, ctx, want), in_batch in zip(posts, batch, strict=True):
        alone = engine.assess(post, ctx)
        assert _fired(alone) == want, post.text
        assert in_batch == alone, post.text
