"""Loading and validating rule packs (YAML) and the shared guidance data.

A pack is data the guidance owner edits. It is validated against a schema when it
loads; any problem raises :class:`RulePackError` naming the file, the rule id and
the line.

Layout of a rules directory::

    shared/considerations.yaml   the 14 considerations, both languages
    shared/contacts.yaml         who can help (organization may override)
    shared/courses.yaml          learning
    shared/channels.yaml         the five intake channels
    shared/guidance.yaml         guidance version, date modified, changelog
    shared/scoring.yaml          context weighting parameters
    data/*.yaml                  lists that change over time (parties, leaders, ...)
    en/psNN-*.yaml, fr/psNN-*.yaml  rules per language, one pack per consideration
                                 (``en/ps04-official-capacity.yaml`` and its French pair
                                 ``fr/ps04-qualite-officielle.yaml``): a rule sits in the
                                 pack of its code
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from .errors import InputError, RulePackError
from .kinds import KINDS
from .kinds.base import KindSettings, Term
from .model import LANGS, ROLES, Context

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# a pack is named for the consideration its rules raise: ps04-official-capacity.yaml
_PACK_NAME_RE = re.compile(r"^(?P<code>ps(0[1-9]|1[0-4]))(-[a-z0-9-]+)?\.yaml$")


# --------------------------------------------------------------------------- YAML


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader that records the line of every mapping as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def read_yaml(path: Path, label: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RulePackError(f"not UTF-8 text ({exc.reason})", file=label) from None
    except OSError as exc:
        raise RulePackError(f"cannot read: {exc.strerror}", file=label) from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RulePackError(
            f"invalid YAML: {exc.problem or exc.context}", file=label, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise RulePackError(f"invalid YAML: {exc}", file=label) from None


# --------------------------------------------------------------------------- schema


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Weight = Annotated[float, Field(ge=0.0, le=1.5)]


class ExampleSpec(_Strict):
    """A post of a rule's examples, written as plain text or as ``{text, context}`` when
    the rule counts only in some context (``when:``)."""

    text: str = Field(min_length=1)
    context: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, v: Any) -> Any:
        return {"text": v} if isinstance(v, str) else v

    @field_validator("context")
    @classmethod
    def _context(cls, v: dict[str, Any]) -> dict[str, Any]:
        try:
            Context.from_dict(v)
        except InputError as exc:
            raise ValueError(str(exc)) from None
        return v


class ExamplesSpec(_Strict):
    """Posts the rule raises (``flag``) and near-misses it must not raise (``pass``)."""

    flag: list[ExampleSpec] = Field(min_length=1)
    pass_: list[ExampleSpec] = Field(min_length=1, alias="pass")


class _RuleBase(_Strict):
    id: str
    code: str
    message: str = Field(min_length=1)
    weight: Weight = 0.6
    exceptions: list[Term] = Field(default_factory=list)
    when: dict[str, Any] = Field(default_factory=dict)
    doc: str = ""
    examples: ExamplesSpec

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError("id must be lower case letters, digits, '.', '_' or '-'")
        return v

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if v not in CODES:
            raise ValueError(f"code must be one of {CODES[0]}..{CODES[-1]}, got {v!r}")
        return v

    @field_validator("when")
    @classmethod
    def _when(cls, v: dict[str, Any]) -> dict[str, Any]:
        allowed = {
            "identifiable",
            "about_own_work",
            "authorized",
            "election_period",
            "role",
            "min_followers",
        }
        bad = set(v) - allowed
        if bad:
            raise ValueError(f"unknown 'when' key(s) {sorted(bad)}; allowed: {sorted(allowed)}")
        return v


# A rule: the fields every rule has and its kind's own (``kinds/<kind>.py``), told
# apart by ``kind``. The union is built from the registry, so mypy sees the common part.
if TYPE_CHECKING:
    RuleSpec = _RuleBase
else:
    RuleSpec = Annotated[
        Union[  # noqa: UP007 (a tuple of types: no | for it)
            tuple(
                create_model(f"{kind.__name__}Rule", __base__=(kind.settings, _RuleBase))
                for kind in KINDS.values()
            )
        ],
        Field(discriminator="kind"),
    ]


class PackFile(_Strict):
    lang: str
    rules: list[RuleSpec] = Field(default_factory=list)
    lists: dict[str, list[Term]] = Field(default_factory=dict)
    exceptions: list[Term] = Field(default_factory=list)

    @field_validator("lang")
    @classmethod
    def _lang(cls, v: str) -> str:
        if v not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}")
        return v


class DataFile(_Strict):
    about: str = ""
    updated: str = ""
    lists: dict[str, list[Term]] = Field(default_factory=dict)
    domains: dict[str, list[Term]] = Field(default_factory=dict)


class Bilingual(_Strict):
    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)


class BilingualList(_Strict):
    en: list[str] = Field(min_length=1)
    fr: list[str] = Field(min_length=1)


LiftFact = Literal[
    "visible", "manager", "identifiable", "own_work", "election", "broad", "very_large"
]


class ConsiderationSpec(_Strict):
    code: str
    name: Bilingual
    short: str
    covers: Bilingual
    why: Bilingual
    questions: BilingualList
    examples: BilingualList
    instead: Bilingual
    contacts: list[str] = Field(min_length=1)
    courses: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    floor: Literal["moderate", "high"] = "moderate"
    # levels.md §4: alternatives of context facts that lift a standard finding one step
    lifts: list[list[LiftFact]] = Field(default_factory=list)
    latent: bool = False


class ContactSpec(_Strict):
    id: str
    name: Bilingual
    how: Bilingual


class CourseSpec(_Strict):
    code: str
    title: Bilingual
    provider: Bilingual
    url: Bilingual
    always: bool = False


class ChannelSpec(_Strict):
    id: str
    label: Bilingual


class ChangeSpec(_Strict):
    version: str
    date: str
    summary: Bilingual


class GuidanceSpec(_Strict):
    version: str
    date_modified: str
    title: Bilingual
    source: str
    changelog: list[ChangeSpec] = Field(min_length=1)


class DetectorSpec(_Strict):
    """Message and weight of a detector that needs code (``engine/detectors.py``)."""

    id: str
    code: str | None = None
    weight: Weight = 0.5
    message: Bilingual

    @field_validator("code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        if v is not None and v not in CODES:
            raise ValueError(f"code must be one of {CODES[0]}..{CODES[-1]} or null, got {v!r}")
        return v


class ScoringSpec(_Strict):
    role: dict[str, float]
    audience: dict[str, float]
    identifiable: float
    election_period: dict[str, float]
    about_own_work: dict[str, float]
    authorized: dict[str, float]
    disclaimer: float
    anonymous: float
    report_threshold: float
    high_threshold: float
    combine_others: float
    learned: dict[str, float]

    @field_validator("role")
    @classmethod
    def _roles(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(ROLES))
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; the roles are {', '.join(ROLES)}")
        return v

    @field_validator("election_period", "about_own_work", "authorized")
    @classmethod
    def _codes(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(CODES))
        if unknown:
            raise ValueError(f"unknown code(s) {unknown}; the codes are {CODES[0]}..{CODES[-1]}")
        return v


# --------------------------------------------------------------------------- loaded


@dataclass(frozen=True, slots=True)
class RuleExample:
    """A post of a rule's documentation: ``flag`` if the rule must raise it, else a
    near-miss it must not raise, in the context it is checked in."""

    text: str
    context: Context
    flag: bool


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule, ready to compile."""

    id: str
    code: str
    lang: str
    message: str
    weight: float
    settings: KindSettings  # the kind's own fields (``kinds/<kind>.py``)
    exceptions: tuple[str, ...] = ()
    when: tuple[tuple[str, Any], ...] = ()
    doc: str = ""
    examples: tuple[RuleExample, ...] = ()
    file: str = ""
    line: int = 0

    @property
    def kind(self) -> str:
        return self.settings.kind


@dataclass(slots=True)
class RuleSet:
    """Everything loaded from a rules directory."""

    rules: dict[str, list[Rule]] = field(default_factory=dict)
    lists: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    exceptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    considerations: dict[str, ConsiderationSpec] = field(default_factory=dict)
    contacts: dict[str, ContactSpec] = field(default_factory=dict)
    courses: dict[str, CourseSpec] = field(default_factory=dict)
    channels: list[ChannelSpec] = field(default_factory=list)
    guidance: GuidanceSpec | None = None
    scoring: ScoringSpec | None = None
    detectors: dict[str, DetectorSpec] = field(default_factory=dict)


def default_rules_dir() -> Path:
    return Path(str(resources.files("postcheck").joinpath("rules")))


def _validate(model: type[BaseModel], data: Any, label: str) -> Any:
    if not isinstance(data, dict):
        raise RulePackError("expected a mapping at the top level", file=label, line=1)
    try:
        return model.model_validate(_strip_lines(data))
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        line, rule_id = _locate(data, loc)
        where = ".".join(str(p) for p in loc)
        raise RulePackError(
            f"{where}: {err['msg']}", file=label, rule_id=rule_id, line=line
        ) from None


def _locate(data: Any, loc: tuple[Any, ...]) -> tuple[int | None, str | None]:
    """Find the line of the deepest mapping on ``loc`` and the rule id it belongs to."""
    line = data.get("__line__") if isinstance(data, dict) else None
    rule_id = None
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
        else:
            break
        if isinstance(node, dict):
            line = node.get("__line__", line)
            if isinstance(node.get("id"), str):
                rule_id = node["id"]
    return line, rule_id


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def load_ruleset(root: Path | None = None) -> RuleSet:
    """Load and validate every file of a rules directory."""
    root = root or default_rules_dir()
    if not root.is_dir():
        raise RulePackError("rules directory not found", file=str(root))
    rs = RuleSet()
    shared = root / "shared"
    _load_shared(rs, shared, root)

    global_lists: dict[str, tuple[str, ...]] = {}
    for path in sorted((root / "data").glob("*.yaml")):
        label = _rel(path, root)
        spec: DataFile = _validate(DataFile, read_yaml(path, label), label)
        for name, terms in spec.lists.items():
            if name in global_lists:
                raise RulePackError(f"list {name!r} is defined twice", file=label)
            global_lists[name] = tuple(terms)
        for name, doms in spec.domains.items():
            rs.domains[name] = rs.domains.get(name, ()) + tuple(d.lower() for d in doms)

    seen_ids: dict[str, str] = {}
    for lang in LANGS:
        lang_dir = root / lang
        files = sorted(lang_dir.glob("*.yaml"))
        if not files:
            raise RulePackError(f"no rule pack for language {lang!r}", file=str(lang_dir))
        rules: list[Rule] = []
        lists = dict(global_lists)
        exceptions: list[str] = []
        raw_files: list[tuple[str, str, dict[str, Any], PackFile]] = []
        for path in files:
            label = _rel(path, root)
            pack_code = _pack_code(label)
            raw = read_yaml(path, label)
            pack: PackFile = _validate(PackFile, raw, label)
            if pack.lang != lang:
                raise RulePackError(
                    f"pack declares lang {pack.lang!r} but sits in {lang}/",
                    file=label,
                    line=raw.get("__line__"),
                )
            for name, terms in pack.lists.items():
                lists[name] = lists.get(name, ()) + tuple(terms)
            exceptions.extend(pack.exceptions)
            raw_files.append((label, pack_code, raw, pack))
        for label, pack_code, raw, pack in raw_files:
            raw_rules = raw.get("rules") or []
            for i, spec_rule in enumerate(pack.rules):
                line = raw_rules[i].get("__line__", 0) if i < len(raw_rules) else 0
                if spec_rule.code != pack_code:
                    raise RulePackError(
                        f"a {spec_rule.code} rule in the {pack_code} pack: move it to "
                        f"{lang}/{spec_rule.code.lower()}-*.yaml",
                        file=label,
                        rule_id=spec_rule.id,
                        line=line,
                    )
                if spec_rule.id in seen_ids:
                    raise RulePackError(
                        f"duplicate rule id (first in {seen_ids[spec_rule.id]})",
                        file=label,
                        rule_id=spec_rule.id,
                        line=line,
                    )
                seen_ids[spec_rule.id] = label
                rules.append(_to_rule(spec_rule, lang, label, line, lists))
        rs.rules[lang] = rules
        rs.lists[lang] = lists
        rs.exceptions[lang] = tuple(exceptions)
    return rs


def _pack_code(label: str) -> str:
    """The consideration code a pack file is named for (``ps04-official-capacity.yaml``)."""
    m = _PACK_NAME_RE.match(Path(label).name)
    if m is None:
        raise RulePackError(
            "a rule pack is named for its consideration: psNN.yaml or psNN-name.yaml "
            "(ps04-official-capacity.yaml)",
            file=label,
        )
    return m["code"].upper()


def _check_refs(
    terms: Sequence[str], lists: dict[str, tuple[str, ...]], label: str, rule_id: str, line: int
) -> None:
    for t in terms:
        if t.startswith("@") and t[1:] not in lists:
            raise RulePackError(
                f"unknown list {t!r}; define it under 'lists:' in a pack or in data/",
                file=label,
                rule_id=rule_id,
                line=line,
            )


def _to_rule(
    spec: Any, lang: str, label: str, line: int, lists: dict[str, tuple[str, ...]]
) -> Rule:
    when = tuple(sorted(spec.when.items()))
    common = {
        "id": spec.id,
        "code": spec.code,
        "lang": lang,
        "message": spec.message,
        "weight": spec.weight,
        "exceptions": tuple(spec.exceptions),
        "when": when,
        "doc": spec.doc,
        "examples": _examples(spec.examples),
        "file": label,
        "line": line,
    }
    kind = KINDS[spec.kind]
    for terms in kind.references(spec):
        _check_refs(terms, lists, label, spec.id, line)
    # the kind's own fields, as validated with the rule
    settings = kind.settings.model_construct(
        **{name: getattr(spec, name) for name in kind.settings.model_fields}
    )
    return Rule(settings=settings, **common)


def _load_list(root: Path, name: str, key: str, model: type[BaseModel]) -> list[Any]:
    """Validate each item of the list under ``key`` in ``shared/<name>``."""
    path = root / "shared" / name
    label = _rel(path, root)
    if not path.is_file():
        raise RulePackError("missing shared data file", file=label)
    raw = read_yaml(path, label)
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        raise RulePackError(f"expected a list under {key!r}", file=label, line=1)
    return [_validate(model, item, label) for item in raw[key]]


def load_channels(root: Path | None = None) -> list[ChannelSpec]:
    """The intake channels of ``shared/channels.yaml``, in the order the guidance gives them."""
    return _load_list(root or default_rules_dir(), "channels.yaml", "channels", ChannelSpec)


def _examples(spec: ExamplesSpec) -> tuple[RuleExample, ...]:
    return tuple(
        RuleExample(ex.text, Context.from_dict(ex.context), flag)
        for flag, items in ((True, spec.flag), (False, spec.pass_))
        for ex in items
    )


def _load_shared(rs: RuleSet, shared: Path, root: Path) -> None:
    for c in _load_list(root, "considerations.yaml", "considerations", ConsiderationSpec):
        if c.code not in CODES:
            raise RulePackError(f"unknown code {c.code}", file="shared/considerations.yaml")
        rs.considerations[c.code] = c
    missing = [c for c in CODES if c not in rs.considerations]
    if missing:
        raise RulePackError(
            f"considerations missing: {', '.join(missing)}", file="shared/considerations.yaml"
        )
    rs.contacts = {c.id: c for c in _load_list(root, "contacts.yaml", "contacts", ContactSpec)}
    rs.courses = {c.code: c for c in _load_list(root, "courses.yaml", "courses", CourseSpec)}
    rs.channels = load_channels(root)
    rs.detectors = {d.id: d for d in _load_list(root, "detectors.yaml", "detectors", DetectorSpec)}
    for c in rs.considerations.values():
        for cid in c.contacts:
            if cid not in rs.contacts:
                raise RulePackError(
                    f"consideration {c.code} names unknown contact {cid!r}",
                    file="shared/considerations.yaml",
                )
        for course in c.courses:
            if course not in rs.courses:
                raise RulePackError(
                    f"consideration {c.code} names unknown course {course!r}",
                    file="shared/considerations.yaml",
                )
    g_path = shared / "guidance.yaml"
    rs.guidance = _validate(GuidanceSpec, read_yaml(g_path, _rel(g_path, root)), _rel(g_path, root))
    s_path = shared / "scoring.yaml"
    rs.scoring = _validate(ScoringSpec, read_yaml(s_path, _rel(s_path, root)), _rel(s_path, root))


# The guidance owner's data names the consideration codes and the intake channels: every
# other part of postcheck reads them from here, never from a list of its own.
CODES: tuple[str, ...] = tuple(
    c.code
    for c in _load_list(
        default_rules_dir(), "considerations.yaml", "considerations", ConsiderationSpec
    )
)
CHANNELS: tuple[str, ...] = tuple(c.id for c in load_channels())
# per code, in CODES order: the context facts that lift its finding one step, and
# whether its cues are latent (read by the semantic layer's level model)
_SPECS = _load_list(default_rules_dir(), "considerations.yaml", "considerations", ConsiderationSpec)
LIFTS: tuple[tuple[tuple[str, ...], ...], ...] = tuple(
    tuple(tuple(alt) for alt in c.lifts) for c in _SPECS
)
LATENT: tuple[bool, ...] = tuple(c.latent for c in _SPECS)
