"""Read an export without extracting it: zip, tar.gz, an unpacked folder or one file.

Every container refuses hostile input before anything is read (path escapes, links,
declared sizes or compression ratios of a zip bomb) and counts the bytes it hands out
while streaming, because declared sizes can lie. Nothing is ever written to disk.

A zip whose only file is another zip (an export zipped again) is read one level down:
the inner zip is checked like any other, and a zip inside it is not opened.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .errors import (
    ArchiveError,
    ArchiveTooLargeError,
    CorruptArchiveError,
    MalformedFileError,
    UnsafeArchiveError,
)

MiB = 1024 * 1024
GiB = 1024 * MiB

# What the standard library raises on a damaged zip or tar.gz besides BadZipFile and
# TarError: an offset or a length past the end (OSError, ValueError, struct.error,
# EOFError), a bad compressed stream (zlib, lzma, gzip's OSError), a method it lacks.
DAMAGE = (
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that tell a real export from a zip bomb.

    Real exports reach a few GiB (media included); text files compress 5-30:1.
    The ratio is only checked on members big enough for it to mean something.
    """

    max_member_bytes: int = 16 * GiB
    max_total_bytes: int = 64 * GiB
    max_ratio: float = 250.0
    ratio_floor_bytes: int = 8 * MiB
    max_members: int = 500_000


DEFAULT_LIMITS = Limits()

# Archives a person may find inside an export: one zipped again, or a platform's parts.
ARCHIVE_NAMES = re.compile(r".+\.(?:zip|tar|tar\.gz|tgz)", re.IGNORECASE)
# What zip tools add beside the files (macOS resource forks, Finder and Explorer notes).
_TOOL_FILES = re.compile(r"(?:.*/)?(?:__MACOSX/.*|\._[^/]*|\.DS_Store|Thumbs\.db|desktop\.ini)")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(slots=True)
class Container:
    """A readable export: member names, their sizes, and streaming access to each.

    ``label`` names the input in messages; ``skipped`` collects notes about members
    that were left out when the container was opened; ``last_opened`` is the member
    read last, which an error of the importer reading it names.
    """

    label: str
    limits: Limits = DEFAULT_LIMITS
    skipped: list[dict[str, str]] = field(default_factory=list)
    last_opened: str | None = None
    _total_read: int = 0

    def names(self) -> list[str]:
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError

    def _raw_open(self, name: str) -> BinaryIO:
        raise NotImplementedError

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        """Stream one member as bytes, refusing more than its declared size or the limits."""
        self.last_opened = name
        raw = self._raw_open(name)
        counted = _CountingReader(raw, name, self.size(name), self)
        reader = io.BufferedReader(counted, buffer_size=MiB)
        try:
            yield reader
        finally:
            reader.close()

    def read_bytes(self, name: str, max_bytes: int = 256 * MiB) -> bytes:
        """Read a small member whole (account files, manifests); refuse anything big."""
        if self.size(name) > max_bytes:
            raise MalformedFileError(
                f"{name} is {self.size(name) // MiB} MiB, too big to be the small file "
                "expected here"
            )
        with self.open(name) as fh:
            return fh.read()

    def close(self) -> None:
        """Release the underlying file."""

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _count(self, name: str, n: int) -> None:
        self._total_read += n
        if self._total_read > self.limits.max_total_bytes:
            raise ArchiveTooLargeError(
                f"{self.label}: more than {self.limits.max_total_bytes // GiB} GiB read in "
                "total; this is not a normal export (possible zip bomb)"
            )


class _CountingReader(io.RawIOBase):
    """Hands out a member's bytes and stops the moment it exceeds what was declared."""

    def __init__(self, raw: BinaryIO, name: str, declared: int, owner: Container) -> None:
        self._raw = raw
        self._name = name
        self._declared = declared
        self._owner = owner
        self._seen = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(b))
        except DAMAGE as exc:
            raise MalformedFileError(
                f"{self._name} is damaged inside the archive ({exc}); download the export again"
            ) from None
        n = len(data)
        self._seen += n
        limit = min(self._declared, self._owner.limits.max_member_bytes)
        if self._seen > limit:
            raise ArchiveTooLargeError(
                f"{self._owner.label}: {self._name} produced more bytes than the "
                f"{limit:,} it declared; refusing it (possible zip bomb)"
            )
        self._owner._count(self._name, n)
        b[:n] = data
        return n

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def check_member_name(label: str, name: str) -> str:
    """Normalize a member name, refusing absolute paths and ``..`` escapes."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or (len(cleaned) > 1 and cleaned[1] == ":"):
        raise UnsafeArchiveError(
            f"{label}: member {name!r} has an absolute path; genuine exports never do, "
            "so the archive was refused. Download the export again from the platform"
        )
    if ".." in PurePosixPath(cleaned).parts:
        raise UnsafeArchiveError(
            f"{label}: member {name!r} points outside the archive ('..'); genuine exports "
            "never do, so the archive was refused. Download the export again from the platform"
        )
    return cleaned


def _check_sizes(
    label: str, name: str, size: int, compressed: int, limits: Limits, total: int
) -> None:
    if size > limits.max_member_bytes:
        raise ArchiveTooLargeError(
            f"{label}: {name} would unpack to {size:,} bytes, over the "
            f"{limits.max_member_bytes:,}-byte limit per file (possible zip bomb)"
        )
    if total > limits.max_total_bytes:
        raise ArchiveTooLargeError(
            f"{label}: the files would unpack to more than {limits.max_total_bytes:,} bytes "
            "in total (possible zip bomb)"
        )
    if size >= limits.ratio_floor_bytes and size > limits.max_ratio * max(compressed, 1):
        raise ArchiveTooLargeError(
            f"{label}: {name} is compressed {size / max(compressed, 1):,.0f}:1, beyond the "
            f"{limits.max_ratio:.0f}:1 of any real export (possible zip bomb)"
        )


class ZipContainer(Container):
    """A zip file, checked member by member before anything is read.

    ``source`` reads the zip from a stream instead of ``path`` (a zip inside a zip), under
    ``label``; closing the container closes ``outer``, the zip that holds it.
    """

    def __init__(
        self,
        path: Path,
        limits: Limits = DEFAULT_LIMITS,
        *,
        source: BinaryIO | None = None,
        label: str | None = None,
        outer: Container | None = None,
    ) -> None:
        super().__init__(label=label or path.name, limits=limits)
        self._path = path
        self._source = source
        self._outer = outer
        try:
            self._zf = zipfile.ZipFile(source or path)
        except PermissionError as exc:
            raise ArchiveError(f"cannot read {self.label}: {exc.strerror}") from None
        except DAMAGE as exc:
            raise CorruptArchiveError(
                f"{self.label} is not a readable zip file ({exc}); it may be truncated — "
                "download the export again"
            ) from None
        self._infos: dict[str, zipfile.ZipInfo] = {}
        infos = self._zf.infolist()
        if len(infos) > limits.max_members:
            raise ArchiveTooLargeError(
                f"{self.label} has {len(infos):,} members, over the {limits.max_members:,} limit"
            )
        total = 0
        for info in infos:
            name = check_member_name(self.label, info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise UnsafeArchiveError(
                    f"{self.label}: member {info.filename!r} is a symbolic link; genuine "
                    "exports never contain links, so the archive was refused"
                )
            if info.is_dir():
                continue
            total += info.file_size
            _check_sizes(self.label, name, info.file_size, info.compress_size, limits, total)
            self._infos[name] = info

    def names(self) -> list[str]:
        return list(self._infos)

    def size(self, name: str) -> int:
        return self._infos[name].file_size

    def _raw_open(self, name: str) -> BinaryIO:
        info = self._infos[name]
        if info.flag_bits & 0x1:
            raise MalformedFileError(f"{name} is encrypted; export without a password")
        try:
            return self._zf.open(info)  # type: ignore[return-value]
        except DAMAGE as exc:
            raise MalformedFileError(
                f"{name} cannot be opened inside the zip ({exc}); download the export again"
            ) from None

    def seekable_member(self, name: str) -> BinaryIO:
        """Member ``name`` as a seekable stream, to read a zip inside this one.

        A member stored uncompressed (as zip tools usually store a zip) is a window onto
        this file, so seeking is free; a compressed one is zipfile's own stream, correct
        but slow to seek backwards (it decompresses again from the start).
        """
        info = self._infos[name]
        if info.compress_type != zipfile.ZIP_STORED or self._source is not None:
            return self._raw_open(name)
        if info.flag_bits & 0x1:
            raise MalformedFileError(f"{name} is encrypted; export without a password")
        fh = _open_file(self._path, name)
        try:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or not local.startswith(b"PK\x03\x04"):
                raise CorruptArchiveError(
                    f"{self.label}: {name} is damaged inside the zip; download the export again"
                )
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            start = info.header_offset + 30 + name_len + extra_len
        except BaseException:
            fh.close()
            raise
        return io.BufferedReader(_Window(fh, start, info.compress_size))

    def close(self) -> None:
        try:
            self._zf.close()
            if self._source is not None:
                self._source.close()
        finally:
            if self._outer is not None:
                self._outer.close()


class _Window(io.RawIOBase):
    """Bytes ``start`` to ``start + size`` of an open file, as a seekable stream."""

    def __init__(self, fh: BinaryIO, start: int, size: int) -> None:
        self._fh = fh
        self._start = start
        self._size = size
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        n = min(len(b), self._size - self._pos)
        if n <= 0:
            return 0
        self._fh.seek(self._start + self._pos)
        data = self._fh.read(n)
        b[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def close(self) -> None:
        try:
            self._fh.close()
        finally:
            super().close()


class TarContainer(Container):
    """A tar.gz (older Mastodon archives); links and special files are refused."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(label=path.name, limits=limits)
        try:
            self._tf = tarfile.open(path, "r:*")  # noqa: SIM115 - closed in close()
            members = self._tf.getmembers()
        except PermissionError as exc:
            raise ArchiveError(f"cannot read {path}: {exc.strerror}") from None
        except DAMAGE as exc:
            raise CorruptArchiveError(
                f"{path.name} is not a readable tar archive ({exc}); it may be truncated — "
                "download the export again"
            ) from None
        compressed = max(path.stat().st_size, 1)
        self._members: dict[str, tarfile.TarInfo] = {}
        total = 0
        for m in members:
            name = check_member_name(self.label, m.name)
            if m.issym() or m.islnk():
                raise UnsafeArchiveError(
                    f"{self.label}: member {m.name!r} is a link; genuine exports never "
                    "contain links, so the archive was refused"
                )
            if not m.isfile():
                continue
            total += m.size
            # A tar.gz has one compressed stream: judge the ratio on the whole archive.
            _check_sizes(self.label, name, m.size, compressed, limits, total)
            self._members[name] = m
        if total >= limits.ratio_floor_bytes and total > limits.max_ratio * compressed:
            raise ArchiveTooLargeError(
                f"{self.label} is compressed {total / compressed:,.0f}:1, beyond any real "
                "export (possible zip bomb)"
            )

    def names(self) -> list[str]:
        return list(self._members)

    def size(self, name: str) -> int:
        return self._members[name].size

    def _raw_open(self, name: str) -> BinaryIO:
        fh = self._tf.extractfile(self._members[name])
        if fh is None:  # pragma: no cover - only regular files are kept
            raise MalformedFileError(f"{name} is not a regular file")
        return fh  # type: ignore[return-value]

    def close(self) -> None:
        self._tf.close()


class DirContainer(Container):
    """An export already unpacked by the user. Symbolic links are never followed."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(label=path.name or str(path), limits=limits)
        self._root = path
        self._sizes: dict[str, int] = {}
        for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
            for fn in filenames:
                full = Path(dirpath, fn)
                rel = full.relative_to(path).as_posix()
                if full.is_symlink():
                    self.skipped.append({"file": rel, "reason": "symbolic link: not followed"})
                    continue
                if not full.is_file():
                    continue
                self._sizes[rel] = full.stat().st_size
            dirnames.sort()

    def names(self) -> list[str]:
        return list(self._sizes)

    def size(self, name: str) -> int:
        return self._sizes[name]

    def _raw_open(self, name: str) -> BinaryIO:
        return _open_file(self._root / name, name)


class FileContainer(Container):
    """One file given on its own (tweets.js, outbox.json, repo.car, a CSV...).

    ``member_name`` is the name the importers see: the file's own, or the one its content
    shows (a renamed download). The one file opens under any name, so an importer can
    ask for it as each file it might be.
    """

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(label=path.name, limits=limits)
        self._path = path
        self._size = path.stat().st_size
        self.member_name = path.name

    def names(self) -> list[str]:
        return [self.member_name]

    def head(self, n: int = 4096) -> bytes:
        """The first bytes of the file, to recognize a renamed export file."""
        with open(self._path, "rb") as fh:
            return fh.read(n)

    def size(self, name: str) -> int:
        return self._size

    def _raw_open(self, name: str) -> BinaryIO:
        return _open_file(self._path, name)


def _open_file(path: Path, name: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except OSError as exc:
        raise MalformedFileError(f"{name} cannot be read: {exc.strerror}") from None


def open_container(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Container:
    """Open ``path`` as the right kind of container, judged by its content, not its name."""
    p = Path(path)
    if p.is_symlink() and not p.exists():
        raise ArchiveError(f"{p} is a broken symbolic link")
    if not p.exists():
        raise ArchiveError(f"{p} does not exist; give the path of your downloaded export")
    if p.is_dir():
        return DirContainer(p, limits)
    if not p.is_file():
        raise ArchiveError(f"{p} is not a regular file (a device or pipe); give your export file")
    try:
        with open(p, "rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise ArchiveError(f"cannot read {p}: {exc.strerror}") from None
    if head.startswith(_ZIP_MAGIC):
        return _one_level_down(ZipContainer(p, limits))
    if head.startswith(b"\x1f\x8b") or head.startswith(b"BZh") or _looks_like_tar(head):
        return TarContainer(p, limits)
    if p.suffix.lower() == ".zip":
        raise CorruptArchiveError(
            f"{p.name} is named .zip but is not a zip file; it may be damaged or truncated — "
            "download the export again"
        )
    return FileContainer(p, limits)


def _one_level_down(outer: ZipContainer) -> Container:
    """The zip inside ``outer`` when it is all ``outer`` holds besides what zip tools add
    (an export zipped again), else ``outer``. Depth 1: the inner zip is never looked into
    further, so nesting cannot multiply the limits."""
    members = [n for n in outer.names() if not _TOOL_FILES.fullmatch(n)]
    if len(members) != 1:
        return outer
    name = members[0]
    try:
        with outer.open(name) as fh:
            if not fh.read(4).startswith(_ZIP_MAGIC):
                return outer
    except MalformedFileError:
        return outer  # unreadable here: reading it reports why
    try:
        stream = outer.seekable_member(name)
    except BaseException:
        outer.close()
        raise
    try:
        return ZipContainer(
            outer._path, outer.limits, source=stream, label=f"{outer.label}/{name}", outer=outer
        )
    except BaseException:
        stream.close()
        outer.close()
        raise


def _looks_like_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


__all__ = [
    "ARCHIVE_NAMES",
    "DEFAULT_LIMITS",
    "Container",
    "DirContainer",
    "FileContainer",
    "Limits",
    "TarContainer",
    "ZipContainer",
    "check_member_name",
    "open_container",
]
