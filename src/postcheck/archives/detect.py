"""Recognize which platform an export comes from, by its member names and shapes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..engine import InputError, Post
from . import bluesky, facebook, generic, instagram, linkedin, mastodon, reddit, threads, x
from .common import ImportOptions, ReadLog, basename
from .errors import EmptyExportError, PrivateMessagesError, UnknownFormatError
from .importer import Importer
from .private import GuardedContainer, Withheld, is_private, looks_like_messages, note_withheld
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
    # The generic reader is a fallback for one file the person made, never for the tables
    # of an export nobody recognized (they may be messages): those need --file.
    if (
        not found
        and _holds_one_file(container)
        and any(generic.matches(container, m, options) for m in generic.detect(names))
    ):
        found.append("generic")
    return found


def _withheld(container: Container) -> list[Withheld]:
    return container.withheld if isinstance(container, GuardedContainer) else []


def _all_names(container: Container) -> list[str]:
    """Every member, private ones included: to list them, never to open them."""
    return container.all_names() if isinstance(container, GuardedContainer) else container.names()


def _holds_one_file(container: Container) -> bool:
    return len(container.names()) == 1 and not _withheld(container)


def _listing(names: list[str], limit: int = 12) -> str:
    shown = ", ".join(sorted(names)[:limit])
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return f"{shown}{more}"


def _describe(container: Container) -> str:
    names = container.names()
    if not names:
        return "nothing (the archive is empty)"
    return f"{len(names)} file(s): {_listing(names)}"


@dataclass
class Export:
    """An opened export: the container, its formats, and what was left out."""

    container: Container
    formats: list[str]
    options: ImportOptions = field(default_factory=ImportOptions)
    log: ReadLog = field(default_factory=ReadLog)

    def posts(self) -> Iterator[Post]:
        """Stream every post of every detected format, in file order; the private
        messages of the export are listed under "Left out", once, and never opened."""
        self.log.skipped.extend(self.container.skipped)
        if isinstance(self.container, GuardedContainer):
            note_withheld(self.log, self.container.withheld)
        for key in self.formats:
            yield from IMPORTERS[key].read(self.container, self.log, self.options)

    def close(self) -> None:
        self.container.close()


def resolve(container: Container, hint: str | None, options: ImportOptions) -> Export:
    """Pick the formats to read (``hint`` overrides detection) or explain what was found.

    Importers read ``container`` through a ``GuardedContainer``: private messages are not
    among its names. The generic reader runs on a lone file, or on the files named in
    ``options.files`` (``--file``), and refuses one whose columns are a message's.
    """
    if not container.names():
        raise EmptyExportError(f"{container.label} contains no files; download the export again")
    if hint and hint not in IMPORTERS:
        raise InputError(f"unknown format {hint!r}: use one of {', '.join(IMPORTERS)}")
    if options.files and hint not in (None, "generic"):
        raise InputError(
            f"--file names a CSV or JSONL file for --format-hint generic; with --format-hint "
            f"{hint} the whole export is read, so leave out --file"
        )
    raw = container
    if isinstance(container, FileContainer):
        _refuse_private_file(container)
    else:
        container = GuardedContainer(container)
        if not container.names():
            raise PrivateMessagesError(
                f"{container.label} holds only private messages "
                f"({_listing([w.name for w in container.withheld])}), which postcheck never "
                "reads; nothing was opened. Give the export of your posts"
            )
    if hint == "generic" or options.files:
        options = replace(options, files=_generic_files(container, options.files))
        formats = ["generic"]
    elif hint:
        if isinstance(container, FileContainer) and not IMPORTERS[hint].detect(container.names()):
            # A renamed lone file: give it the name the importer looks for.
            container.member_name = IMPORTERS[hint].CANONICAL_NAME
        formats = [hint]
    else:
        formats = detect_formats(container, options)
        if not formats:
            raise UnknownFormatError(_unknown(raw, container))
    if formats == ["generic"] or isinstance(container, FileContainer):
        # A lone table is checked whatever format reads it: a renamed messages.csv read
        # with --format-hint reddit would otherwise pass for posts.
        _refuse_messages(container, options.files or generic.detect(container.names()))
    return Export(container, formats, options)


def _unknown(raw: Container, container: Container) -> str:
    withheld = _withheld(container)
    msg = (
        f"{raw.label} is not a supported export. Supported: {supported_formats()}. "
        f"Found {_describe(raw)}."
    )
    if withheld:
        msg += (
            f" Private messages among them ({_listing([w.name for w in withheld], 5)}) "
            "were not opened and never are."
        )
    msg += " If it is one of these, use --format-hint."
    tables = generic.detect(container.names())
    if tables and not isinstance(container, FileContainer):
        msg += (
            " To review a CSV or JSONL file of your posts in it, name it: --format-hint "
            f"generic --file NAME (here: {_listing(tables, 5)})."
        )
    return msg


def _refuse_private_file(container: FileContainer) -> None:
    """A lone file named as messages is never opened, whatever the format asked for."""
    name = container.names()[0]
    if is_private(name):
        raise PrivateMessagesError(
            f"{name} is named as a file of private messages, and postcheck never reads "
            "private messages: it was not opened. Give the export of your posts; if this "
            "file holds your own public posts, not messages, give it another name"
        )


def _generic_files(container: Container, requested: tuple[str, ...]) -> tuple[str, ...]:
    """The members the generic reader reads: ``requested`` (``--file``) resolved to their
    paths, or the one file the input holds."""
    if isinstance(container, FileContainer):
        if requested:
            raise InputError(
                f"--file picks a file inside an archive or folder; {container.label} is a "
                "single file: give it without --file"
            )
        if not generic.detect(container.names()):
            # A renamed lone file: give it the name the importer looks for.
            container.member_name = generic.CANONICAL_NAME
        return ()
    names = container.names()
    if not requested:
        if _holds_one_file(container):
            return (names[0],)
        tables = generic.detect(names)
        raise InputError(
            f"{container.label} holds {len(_all_names(container))} files; with --format-hint generic, name "
            "the CSV or JSONL file of your posts to review: --file NAME"
            + (f" (here: {_listing(tables, 5)})" if tables else " (there is none here)")
        )
    return tuple(dict.fromkeys(_member(container, want) for want in requested))


def _member(container: Container, wanted: str) -> str:
    """The path of the member ``--file wanted`` names: its path, or a unique tail of it."""
    cleaned = wanted.replace("\\", "/").strip().removeprefix("./")
    matching = [n for n in _all_names(container) if n == cleaned or n.endswith("/" + cleaned)]
    found = [n for n in matching if not is_private(n)]
    if is_private(cleaned) or (matching and not found):
        raise PrivateMessagesError(
            f"--file {wanted}: that file holds private messages, and postcheck never reads "
            "private messages, even when named; it was not opened"
        )
    tables = generic.detect(container.names())
    if not found:
        raise InputError(
            f"--file {wanted}: no such file in {container.label}; give its path inside the "
            "archive" + (f" (CSV and JSONL files here: {_listing(tables, 5)})" if tables else "")
        )
    if len(found) > 1:
        raise InputError(
            f"--file {wanted}: several files have that name ({_listing(found, 5)}); give the "
            "path inside the archive"
        )
    if not generic.FILES.fullmatch(basename(found[0])):
        raise InputError(
            f"--file {wanted}: {found[0]} is not a CSV or JSONL file; --file names a CSV or "
            "JSONL file of your posts, read with --format-hint generic (for a platform's "
            "export, leave out --file and --format-hint)"
        )
    return found[0]


def _refuse_messages(container: Container, names: Iterable[str]) -> None:
    """The generic reader never reads a table whose columns are a message's."""
    for name in names:
        marks = looks_like_messages(generic.columns(container, name))
        if marks:
            shown = container.label if isinstance(container, FileContainer) else name
            raise PrivateMessagesError(
                f"{shown} looks like private messages (it has the column(s) "
                f"{', '.join(marks)}), and postcheck never reads private messages: its rows "
                "were not read. Give a file of your own posts"
            )
