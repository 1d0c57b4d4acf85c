"""What the tests of exports share, whichever package they test: the fixture exports in
tests/fixtures/archives, zips built from them, and an export read or reviewed whole."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

from postcheck.archives import open_export, safezip
from postcheck.engine import Context, Post
from postcheck.review import ReviewPlan, run_review

ARCHIVES = Path(__file__).resolve().parent / "fixtures" / "archives"
SECRET = "SECRET-DM-never-read"
TWEETS = (ARCHIVES / "x-synthetic" / "data" / "tweets.js").read_bytes()


def zip_folder(folder: Path, dest: Path, wrapper: str = "") -> Path:
    """Zip ``folder``'s files as a platform would (optionally under a wrapper folder)."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, (wrapper + "/" if wrapper else "") + f.relative_to(folder).as_posix())
    return dest


def make_zip(path: Path, members: dict[str, bytes], **kw) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kw) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def posts_of(path: Path | str, **kw) -> list[Post]:
    export = open_export(path, **kw)
    try:
        return list(export.posts())
    finally:
        export.close()


def by_id(posts: list[Post]) -> dict[str, Post]:
    return {p.id: p for p in posts if p.id}


def review(path: Path, **kw):
    export = open_export(path, **kw)
    try:
        return run_review(export, ReviewPlan(context=Context(), workers=1))
    finally:
        export.close()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every member the reading of an export opens, recorded where its bytes come from:
    a zip or tar member, a file of a folder, a lone file (its first bytes too)."""
    names: list[str] = []
    zip_open, tar_open, file_open = (
        zipfile.ZipFile.open,
        tarfile.TarFile.extractfile,
        safezip._open_file,
    )
    head = safezip.FileContainer.head

    def from_zip(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            names.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return zip_open(self, name, mode, *args, **kwargs)

    def from_tar(self, member):
        names.append(member.name if isinstance(member, tarfile.TarInfo) else member)
        return tar_open(self, member)

    def from_file(path, name):
        names.append(name)
        return file_open(path, name)

    def head_of(self, n=4096):
        names.append(self.member_name)
        return head(self, n)

    monkeypatch.setattr(zipfile.ZipFile, "open", from_zip)
    monkeypatch.setattr(tarfile.TarFile, "extractfile", from_tar)
    monkeypatch.setattr(safezip, "_open_file", from_file)
    monkeypatch.setattr(safezip.FileContainer, "head", head_of)
    return names
