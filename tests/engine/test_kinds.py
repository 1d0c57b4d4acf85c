"""Every rule kind (``engine/kinds/``) has a fixture folder, ``tests/fixtures/engine/kinds/
<kind>/``: a small pack per language (``en.yaml``, ``fr.yaml``) using only that kind, and
``posts.yaml``, the posts its rules flag (each with the one rule that fires) and those
they pass. Every folder runs through both ``assess`` and ``assess_batch`` (as ijson runs
every test over every backend): a new kind's folder is picked up with no test code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from postcheck.engine import Assessment, Context, Engine, Post
from postcheck.engine.kinds import KINDS
from postcheck.engine.packs import default_rules_dir, load_ruleset

KINDS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "engine" / "kinds"
FOLDERS = sorted(p for p in KINDS_DIR.iterdir() if p.is_dir())


def _rules_dir(folder: Path, tmp_path: Path) -> Path:
    """The packaged shared data and n-gram model, with the folder's packs as the only rules."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir() / "shared", rules / "shared")
    shutil.copytree(default_rules_dir() / "model", rules / "model")
    for lang in ("en", "fr"):
        (rules / lang).mkdir()
        shutil.copy(folder / f"{lang}.yaml", rules / lang / f"{folder.name}.yaml")
    return rules


def _posts(folder: Path) -> list[tuple[Post, Context, set[str]]]:
    data = yaml.safe_load((folder / "posts.yaml").read_text(encoding="utf-8"))
    out = []
    for want, cases in (("flag", data["flag"]), ("pass", data["pass"])):
        for case in cases:
            post = Post(case["text"], lang=case.get("lang", "en"))
            ctx = Context.from_dict(case.get("context") or {})
            out.append((post, ctx, {case["rule"]} if want == "flag" else set()))
    return out


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
    engine = Engine(_rules_dir(folder, tmp_path), semantic=False)
    posts = _posts(folder)
    assert any(want for _p, _c, want in posts) and any(not want for _p, _c, want in posts)
    batch = engine.assess_batch([(p, c) for p, c, _want in posts])
    for (post, ctx, want), in_batch in zip(posts, batch, strict=True):
        alone = engine.assess(post, ctx)
        assert _fired(alone) == want, post.text
        assert in_batch == alone, post.text
