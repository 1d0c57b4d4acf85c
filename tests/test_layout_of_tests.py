"""The tests mirror the source: ``tests/<package>/test_<module>.py`` tests
``src/postcheck/<package>/<module>.py``, so the tests of a module are found without a search.

A test file's folder names a package of ``src/postcheck`` (``tests/`` itself the top-level
modules, ``tests/engine/kinds/`` the subpackage ``engine.kinds``); a last ``browser/`` folder
holds the package's tests in a real browser. Its name is ``test_<entry>.py`` or
``test_<entry>_<aspect>.py`` when one entry has several test files, where ``<entry>`` is a
module, a subpackage or another folder of that package (``templates``, ``locale``). The few files that test no one module are named in ``EXCEPTIONS``, each with
its reason; ``tests/rules/`` tests the rule data, which has no modules to mirror.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SOURCE = TESTS.parent / "src" / "postcheck"
NOT_TESTS = {"fixtures", "vendor"}  # data the tests read, not tests

EXCEPTIONS = {
    "test_layout_of_tests.py": "this test, of the test tree itself",
    "test_vocabularies.py": "each vocabulary defined once, across every package and bench/",
    "cases/test_postgresql.py": "what needs a real PostgreSQL server (concurrent edits, crashes)",
}
# The rule data (packs, lexicons, reference data, models) is YAML and arrays, not modules:
# its tests (every rule's examples, the blatant cases, the quality floors) live here and
# are named for what they check.
RULE_DATA = "rules"


def entries(package: Path) -> set[str]:
    """What a test file may be named for in ``package``: its modules and folders."""
    return {
        p.stem if p.is_file() else p.name
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and p.name != "__pycache__")
    }


def every_test_file() -> list[Path]:
    """Every test file under tests/, but for the data the tests read."""
    return sorted(
        p for p in TESTS.rglob("test_*.py") if NOT_TESTS.isdisjoint(p.relative_to(TESTS).parts)
    )


def misplaced(path: Path) -> str | None:
    """Why ``path`` (relative to tests/) does not mirror a module, or None when it does."""
    folders = list(path.parent.parts)
    if folders and folders[-1] == "browser":
        folders.pop()
    if folders[:1] == [RULE_DATA]:
        return None if len(folders) == 1 else "tests/rules/ has no subfolders"
    package = SOURCE.joinpath(*folders)
    if not (package / "__init__.py").is_file():
        return f"src/postcheck/{'/'.join(folders)} is not a package"
    name = path.stem.removeprefix("test_")
    if any(name == entry or name.startswith(entry + "_") for entry in entries(package)):
        return None
    where = "/".join(["src/postcheck", *folders])
    return f"test_{name} names no module, subpackage or folder of {where}"


def test_there_are_test_files_to_check():
    assert len(every_test_file()) > 50


@pytest.mark.parametrize("path", every_test_file(), ids=lambda p: p.relative_to(TESTS).as_posix())
def test_each_test_file_mirrors_a_module(path: Path):
    relative = path.relative_to(TESTS)
    if relative.as_posix() in EXCEPTIONS:
        return
    reason = misplaced(relative)
    assert reason is None, (
        f"tests/{relative.as_posix()}: {reason}. Move it to tests/<package>/test_<module>.py "
        "for the module it tests, or name it in EXCEPTIONS with the reason it tests no one module."
    )


def test_every_exception_is_still_a_test_file():
    assert [name for name in EXCEPTIONS if not (TESTS / name).is_file()] == []


@pytest.mark.parametrize(
    ("path", "wrong"),
    [
        ("engine/test_cli.py", True),  # the CLI is not in engine/
        ("archives/test_report_html.py", True),  # nor the reports
        ("web/test_api.py", True),  # the API is a package of its own
        ("cases/test_services.py", True),  # a module that no longer exists
        ("nowhere/test_thing.py", True),
        ("rules/en/test_examples.py", True),
        ("engine/test_matcher_scan.py", False),
        ("engine/test_kinds.py", False),  # a subpackage
        ("web/test_locale.py", False),  # a folder of translations
        ("reports/browser/test_html.py", False),
        ("cases/management/commands/test_load_demo_cases.py", False),
        ("test_cli.py", False),
        ("rules/test_examples.py", False),
    ],
)
def test_the_rule_tells_a_misplaced_file_from_a_mirroring_one(path: str, wrong: bool):
    assert (misplaced(Path(path)) is not None) == wrong
