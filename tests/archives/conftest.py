"""Fixtures for the archive tests: the fixture folder, and zips built from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archive_support import ARCHIVES, zip_folder


@pytest.fixture
def fixtures_dir() -> Path:
    return ARCHIVES


@pytest.fixture
def zipped(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, wrapper: str = "") -> Path:
        return zip_folder(ARCHIVES / name, tmp_path / f"{name}.zip", wrapper)

    return make
