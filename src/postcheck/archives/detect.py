"""Recognize which platform an export comes from, by its member names and shapes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..engine import InputError, Post
from . import bluesky, facebook, generic, instagram, linkedin, mastodon, reddit, threads, x
from .common import ImportOptions, ReadLog
from .errors import EmptyExportError, UnknownFormatError, UnreadableFileError
from .importer import Importer
from .safezip import Container, FileContainer

# Every importer, in the order detection tries them (generic last: it is the fallback).
# Typed by the Protocol, so mypy checks each module against it.
_ORDER: tuple[Importer, ...] = (
    x,
    mastodon,
    bluesky,
    facebook,
    instagram,
    threads,
    linkedin,
    reddit,
    generic,
)
# Each format is named by the platform its importer stamps on its posts.
IMPORTERS: dict[str, Importer] = {importer.PLATFORM: importer for importer in _ORDER}


def supported_formats() -> str:
    """One line per supported format, for error messages and --help."""
    return "; ".join(f"{k}: {importer.DESCRIPTION}" for k, importer in IMPORTERS.items())


def _sniff_single(container: FileContainer) -> str | None:
    """Recognize a lone export file that was renamed, by its first bytes."""
    head = container.head()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"window.YTD.tweet"):
        container.member_name = "tweets.js"
        return "x"
    if b'"orderedItems"' in head or b'"OrderedCollection"' in head:
        container.member_name = "outbox.json"
        return "mastodon"
    if bluesky.looks_like_car(head):
        container.member_name = "repo.car"
        return "bluesky"
    if b"text_post_app_text_posts" in head:
        container.member_name = "threads_and_replies.json"
        return "threads"
    return None


def detect_formats(container: Container, options: ImportOptions) -> list[str]:
    """Formats whose files are present, platform formats first, generic as fallback."""
    names = container.names()
    found: list[str] = []
    for key, importer in IMPORTERS.items():
        if key == "generic":
            continue
        if [m for m in importer.detect(names) if importer.matches(container, m, options)]:
            found.append(key)
    if not found and isinstance(container, FileContainer):
        sniffed = _sniff_single(container)
        if sniffed:
            found.append(sniffed)
    if not found and any(generic.matches(container, m, options) for m in generic.detect(names)):
        found.append("generic")
    return found


def _describe(container: Container) -> str:
    names = container.names()
    if not names:
        return "nothing (the archive is empty)"
    shown = ", ".join(sorted(names)[:12])
    more = f" and {len(names) - 12} more" if len(names) > 12 else ""
    return f"{len(names)} file(s): {shown}{more}"


@dataclass
class Export:
    """An opened export: the container, its formats, and what was left out."""

    container: Container
    formats: list[str]
    options: ImportOptions = field(default_factory=ImportOptions)
    log: ReadLog = field(default_factory=ReadLog)

    def posts(self) -> Iterator[Post]:
        """Stream every post of every detected format, in file order.

        The importer boundary: an importer's own errors (``InputError``) pass as they
        are, and any other exception becomes an ``UnreadableFileError`` naming the file
        being read, so a review never ends in a traceback.
        """
        self.log.skipped.extend(self.container.skipped)
        for key in self.formats:
            try:
                yield from IMPORTERS[key].read(self.container, self.log, self.options)
            except InputError:
                raise
            except Exception as exc:
                c = self.container
                raise UnreadableFileError.from_exception(c.label, c.last_opened, exc) from exc

    def close(self) -> None:
        self.container.close()


def resolve(container: Container, hint: str | None, options: ImportOptions) -> Export:
    """Pick the formats to read (``hint`` overrides detection) or explain what was found."""
    if not container.names():
        raise EmptyExportError(f"{container.label} contains no files; download the export again")
    if hint:
        if hint not in IMPORTERS:
            raise InputError(f"unknown format {hint!r}: use one of {', '.join(IMPORTERS)}")
        if isinstance(container, FileContainer) and not IMPORTERS[hint].detect(container.names()):
            # A renamed lone file: give it the name the importer looks for.
            container.member_name = IMPORTERS[hint].CANONICAL_NAME
        return Export(container, [hint], options)
    formats = detect_formats(container, options)
    if not formats:
        raise UnknownFormatError(
            f"{container.label} is not a supported export. Supported: {supported_formats()}. "
            f"Found {_describe(container)}. If it is one of these, use --format-hint."
        )
    return Export(container, formats, options)
