"""Each vocabulary is defined once: a second definition in ``src/`` or ``bench/`` fails here.

A definition is a literal that lists three or more members of one vocabulary: a tuple, a
list, a set, a ``Literal[...]``, a list of ``(value, label)`` choices, a dict keyed by
members, or a class whose attributes are members (an enum, Django's ``TextChoices``). A dict whose every value is a label (a string, translated or not) only names each
member, in one language or for one output; it is a look-up about the vocabulary, not a
definition of it, and is not counted.

To cover one more vocabulary, add a line to ``VOCABULARIES``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from postcheck.engine import CHANNELS, CODES, LEVELS, PLATFORMS, ROLES, UNCHECKED

ROOT = Path(__file__).resolve().parent.parent
MIN_MEMBERS = 3


@dataclass(frozen=True)
class Vocabulary:
    name: str
    members: frozenset[str]
    home: str  # the one module, or the one data file, that defines it (relative to ROOT)


STAFF_ROLES_HOME = "src/postcheck/support/models.py"


def _staff_roles() -> frozenset[str]:
    """The values of ``support.models.StaffRole``, read from its source (importing the
    model would need Django set up before collection)."""
    tree = ast.parse((ROOT / STAFF_ROLES_HOME).read_text(encoding="utf-8"))
    cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "StaffRole")
    values = [s.value for s in cls.body if isinstance(s, ast.Assign)]
    return frozenset(
        v.elts[0].value
        for v in values
        if isinstance(v, ast.Tuple) and isinstance(v.elts[0], ast.Constant)
    )


VOCABULARIES = (
    Vocabulary(
        "consideration codes", frozenset(CODES), "src/postcheck/rules/shared/considerations.yaml"
    ),
    Vocabulary("intake channels", frozenset(CHANNELS), "src/postcheck/rules/shared/channels.yaml"),
    Vocabulary("posting roles", frozenset(ROLES), "src/postcheck/engine/model.py"),
    Vocabulary("levels", frozenset((*LEVELS, UNCHECKED)), "src/postcheck/engine/model.py"),
    Vocabulary("platforms", frozenset(PLATFORMS), "src/postcheck/engine/model.py"),
    # the support roles less the two words they share with posting roles, so that a list of
    # posting roles is not taken for one of staff roles
    Vocabulary("staff roles", _staff_roles() - frozenset(ROLES), STAFF_ROLES_HOME),
)

# Definitions that stay where they are, each with its reason: a folder, or a file::name.
ALLOWED: dict[str, str] = {
    "src/postcheck/cases/migrations/": "a migration freezes the choices of its day",
    "src/postcheck/support/migrations/": "a migration freezes the choices of its day",
    "bench/gen_exports.py::WRITERS": "a synthetic export's writer for each import format",
    "bench/train_semantic.py::KEYWORDS": "the keyword baseline the models are measured against",
}


def _is_label(node: ast.expr) -> bool:
    # a row of labels (English, French, an address) keyed by a member is a look-up too
    if isinstance(node, ast.Tuple):
        return all(_is_label(e) for e in node.elts)
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return isinstance(node, ast.JoinedStr) or isinstance(node.value, str)
    # a translated label: _("..."), gettext_lazy("...")
    return isinstance(node, ast.Call) and all(isinstance(a, ast.Constant) for a in node.args)


def _strings(nodes: list[ast.expr]) -> list[str]:
    return [n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def listed_members(node: ast.AST) -> list[str]:
    """The strings a literal lists as members: elements, choice values or dict keys."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        choices = [e.elts[0] for e in node.elts if isinstance(e, ast.Tuple) and len(e.elts) == 2]
        return _strings(node.elts) + _strings(choices)
    if isinstance(node, ast.Dict):
        if all(_is_label(v) for v in node.values):
            return []
        return _strings([k for k in node.keys if k is not None])
    if isinstance(node, ast.ClassDef):
        values = [s.value for s in node.body if isinstance(s, ast.Assign)]
        return _strings(values) + _strings(
            [v.elts[0] for v in values if isinstance(v, ast.Tuple) and v.elts]
        )
    return []


@dataclass(frozen=True)
class Definition:
    path: str
    line: int
    name: str  # the name the literal is assigned to, "" if none
    vocabulary: str
    members: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        return f"{self.path}::{self.name}" in ALLOWED or any(
            allowed.endswith("/") and self.path.startswith(allowed) for allowed in ALLOWED
        )

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.name or 'a literal'} defines {self.vocabulary} "
            f"again ({', '.join(self.members)})"
        )


def _assigned_names(tree: ast.AST) -> dict[ast.AST, str]:
    names: dict[ast.AST, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            for inner in ast.walk(node.value):
                names.setdefault(inner, ast.unparse(target))
    return names


def definitions(source: str, path: str) -> Iterator[Definition]:
    """Every literal of ``source`` that lists three or more members of one vocabulary."""
    tree = ast.parse(source, filename=path)
    names = _assigned_names(tree)
    for node in ast.walk(tree):
        listed = set(listed_members(node))
        if len(listed) < MIN_MEMBERS:
            continue
        for vocabulary in VOCABULARIES:
            found = listed & vocabulary.members
            if len(found) >= MIN_MEMBERS and path != vocabulary.home:
                line = getattr(node, "lineno", 0)
                name = node.name if isinstance(node, ast.ClassDef) else names.get(node, "")
                yield Definition(path, line, name, vocabulary.name, tuple(sorted(found)))


def _found() -> Iterator[Definition]:
    for top in ("src", "bench"):
        for file in sorted((ROOT / top).rglob("*.py")):
            path = file.relative_to(ROOT).as_posix()
            yield from definitions(file.read_text(encoding="utf-8"), path)


def test_each_vocabulary_is_defined_once():
    found = [str(d) for d in _found() if not d.allowed]
    assert not found, "read the vocabulary from its home instead:\n" + "\n".join(found)


def test_each_allowed_definition_is_still_there():
    used = {f"{d.path}::{d.name}" for d in _found() if d.allowed}
    for allowed in ALLOWED:
        if allowed.endswith("/"):
            assert (ROOT / allowed).is_dir(), allowed
        else:
            assert allowed in used, f"{allowed} defines no vocabulary now: drop it from ALLOWED"


def test_each_vocabulary_has_its_home():
    for vocabulary in VOCABULARIES:
        assert (ROOT / vocabulary.home).is_file(), vocabulary


@pytest.mark.parametrize(
    "source",
    [
        'ROLES = ("employee", "manager", "executive")',
        'levels = ["low", "moderate", "high"]',
        'role: Literal["employee", "manager", "executive", "communications"] = "employee"',
        'CHOICES = [("x", "X"), ("mastodon", "Mastodon"), ("bluesky", "Bluesky")]',
        'RANK = {"low": 0, "moderate": 1, "high": 2}',
        'class Level(StrEnum):\n    LOW = "low"\n    MODERATE = "moderate"\n    HIGH = "high"',
        'class Channel(TextChoices):\n    A = "media_query", _("A")\n    B = "social_media", _("B")\n'
        '    C = "public_comment", _("C")',
        "if code in {'PS01', 'PS02', 'PS03'}: pass",
    ],
)
def test_a_second_definition_is_found(source):
    assert list(definitions(source, "src/postcheck/elsewhere.py"))


@pytest.mark.parametrize(
    "source",
    [
        'NAMES = {"low": "Low", "moderate": "Moderate", "high": "High"}',
        'LABELS = {"employee": _("Employee"), "manager": _("Manager"), "executive": _("Exec")}',
        'PAIR = ("low", "high")',
    ],
)
def test_labels_and_pairs_are_not_definitions(source):
    assert not list(definitions(source, "src/postcheck/elsewhere.py"))


def test_the_home_module_may_define_its_vocabulary():
    source = 'Role = Literal["employee", "manager", "executive", "communications"]'
    assert not list(definitions(source, "src/postcheck/engine/model.py"))
