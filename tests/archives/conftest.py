"""Fixtures for the archive tests: the fixture folder, zips built from it, and the members
an export's reading opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archive_support import ARCHIVES, opened, zip_folder  # noqa: F401 (opened: a fixture)


@pytest.fixture
def fixtures_dir() -> Path:
    return ARCHIVES


@pytest.fixture
def zipped(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, wrapper: str = "") -> Path:
        return zip_folder(ARCHIVES / name, tmp_path / f"{name}.zip", wrapper)

    return make
