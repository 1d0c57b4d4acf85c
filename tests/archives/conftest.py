"""Helpers for the archive tests: fixture folders, zips built from them, CAR files."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

ARCHIVES = Path(__file__).resolve().parents[1] / "fixtures" / "archives"
SECRET = "SECRET-DM-never-read"


@pytest.fixture
def fixtures_dir() -> Path:
    return ARCHIVES


def zip_folder(folder: Path, dest: Path, wrapper: str = "") -> Path:
    """Zip ``folder``'s files as a platform would (optionally under a wrapper folder)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, (wrapper + "/" if wrapper else "") + f.relative_to(folder).as_posix())
    return dest


@pytest.fixture
def zipped(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, wrapper: str = "") -> Path:
        return zip_folder(ARCHIVES / name, tmp_path / f"{name}.zip", wrapper)

    return make
