"""Practice scenarios for managers: loading, validation and grading. No Django here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from postcheck.engine import CODES, LEVELS

from .errors import ScenarioError
from .workflow import CHANNELS, OUTCOMES, CaseKind

__all__ = ["Grade", "Scenario", "grade", "load_scenarios", "scenario"]

SCENARIOS_FILE = Path(__file__).with_name("scenarios.yaml")
# The context facts a case (and a practice scenario) records about the post.
CONTEXT_KEYS = ("role", "followers", "identifiable", "about_own_work", "election_period")


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    kind: str
    title: dict[str, str]
    post_lang: str
    post: dict[str, str]
    context: dict[str, Any]
    channel: str
    level: str
    considerations: tuple[str, ...]
    outcome: str
    reasoning: dict[str, str]
    what_to_do: dict[str, str]

    def t(self, field: str, lang: str) -> str:
        """A bilingual field in ``lang`` (falls back to English)."""
        value: dict[str, str] = getattr(self, field)
        return value.get(lang) or value["en"]

    @property
    def no_action(self) -> bool:
        return self.outcome == "no_action"


def _bilingual(raw: dict[str, Any], key: str, where: str) -> dict[str, str]:
    value = raw.get(key)
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value[lang].strip() for lang in ("en", "fr")
    ):
        raise ScenarioError(f"{where}: {key} needs non-empty 'en' and 'fr' texts")
    return {"en": value["en"], "fr": value["fr"]}


def _parse(raw: dict[str, Any], index: int) -> Scenario:
    sid = raw.get("id")
    where = f"{SCENARIOS_FILE.name}, scenario #{index + 1} ({sid or 'no id'})"
    if not isinstance(sid, str) or not sid:
        raise ScenarioError(f"{where}: missing id")
    kind = raw.get("kind")
    if kind not in {k.value for k in CaseKind}:
        raise ScenarioError(f"{where}: kind must be 'post' or 'support', got {kind!r}")
    post = raw.get("post") or {}
    if post.get("lang") not in ("en", "fr"):
        raise ScenarioError(f"{where}: post.lang must be 'en' or 'fr'")
    context = raw.get("context") or {}
    missing = [k for k in CONTEXT_KEYS if k not in context]
    if missing:
        raise ScenarioError(f"{where}: context lacks {', '.join(missing)}")
    if raw.get("channel") not in CHANNELS:
        raise ScenarioError(f"{where}: channel must be one of {', '.join(CHANNELS)}")
    ref = raw.get("reference") or {}
    if ref.get("level") not in LEVELS:
        raise ScenarioError(f"{where}: reference.level must be one of {', '.join(LEVELS)}")
    codes = tuple(ref.get("considerations") or ())
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise ScenarioError(f"{where}: unknown consideration code(s) {', '.join(unknown)}")
    outcome = ref.get("outcome")
    if outcome not in OUTCOMES[CaseKind.POST]:
        raise ScenarioError(f"{where}: unknown reference outcome {outcome!r}")
    return Scenario(
        id=sid,
        kind=kind,
        title=_bilingual(raw, "title", where),
        post_lang=post["lang"],
        post=_bilingual(raw, "post", where),
        context={k: context[k] for k in CONTEXT_KEYS},
        channel=raw["channel"],
        level=ref["level"],
        considerations=codes,
        outcome=outcome,
        reasoning=_bilingual(ref, "reasoning", where),
        what_to_do=_bilingual(ref, "what_to_do", where),
    )


@cache
def load_scenarios(path: Path = SCENARIOS_FILE) -> tuple[Scenario, ...]:
    """All scenarios, validated. Raises :class:`ScenarioError` on the first problem."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get("scenarios")
    if not isinstance(items, list) or not items:
        raise ScenarioError(f"{path.name}: expected a non-empty 'scenarios' list")
    result = tuple(_parse(raw, i) for i, raw in enumerate(items))
    seen: set[str] = set()
    for s in result:
        if s.id in seen:
            raise ScenarioError(f"{path.name}: duplicate scenario id {s.id!r}")
        seen.add(s.id)
    return result


def scenario(scenario_id: str) -> Scenario:
    for s in load_scenarios():
        if s.id == scenario_id:
            return s
    raise KeyError(scenario_id)


@dataclass(frozen=True, slots=True)
class Grade:
    """How a manager's answer compares with the reference, part by part: the level, the
    considerations and the action. Feedback, not a score on a person."""

    level: str
    codes: tuple[str, ...]
    outcome: str
    level_matches: bool
    outcome_matches: bool
    codes_found: tuple[str, ...]
    codes_missed: tuple[str, ...]
    codes_extra: tuple[str, ...]

    @property
    def codes_match(self) -> bool:
        """The same considerations as the reference: none missed, none added."""
        return not self.codes_missed and not self.codes_extra

    @property
    def agrees(self) -> bool:
        return self.level_matches and self.codes_match and self.outcome_matches


def grade(s: Scenario, level: str, codes: list[str] | tuple[str, ...], outcome: str) -> Grade:
    """Compare an answer (level, considerations, action) with the scenario's reference."""
    chosen = set(codes)
    ref = set(s.considerations)
    return Grade(
        level=level,
        codes=tuple(sorted(chosen)),
        outcome=outcome,
        level_matches=level == s.level,
        outcome_matches=outcome == s.outcome,
        codes_found=tuple(sorted(chosen & ref)),
        codes_missed=tuple(sorted(ref - chosen)),
        codes_extra=tuple(sorted(chosen - ref)),
    )
