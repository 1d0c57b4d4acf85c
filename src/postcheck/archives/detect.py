"""Recognize which platform an export comes from, by its member names and shapes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from ..engine import InputError, Post
from . import bluesky, facebook, generic, instagram, linkedin, mastodon, reddit, threads, x
from .common import ImportOptions, ReadLog, basename
from .errors import (
    EmptyExportError,
    PrivateMessagesError,
    UnknownFormatError,
    UnreadableExportError,
    UnreadableFileError,
)
from .importer import Importer
from .private import GuardedContainer, Withheld, is_private, looks_like_messages, note_withheld
from .safezip import ARCHIVE_NAMES, Container, DirContainer, FileContainer

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


def _sniff_single(
    container: FileContainer, options: ImportOptions, first: Importer | None = None
) -> Importer | None:
    """Recognize a lone file by its content (a download renamed ``comments (1).csv``): give
    it the name it has in its platform's export, and return that platform's importer.

    ``first`` (the ``--format-hint``) is asked first; generic, the fallback that takes any
    file with a text column, only when it is ``first``.
    """
    others = [i for i in _ORDER if i is not first and i is not generic]
    for importer in [first, *others] if first else others:
        name = importer.sniff(container, container.member_name, options)
        if name is not None:
            container.member_name = name
            return importer
    return None


def detect_formats(container: Container, options: ImportOptions) -> list[str]:
    """Formats whose files are present, platform formats first, generic as fallback; a
    lone file is named by its content first."""
    return _detect(container, options)[0]


def _detect(container: Container, options: ImportOptions) -> tuple[list[str], Importer | None]:
    """The formats, and the importer whose file a lone file's content shows it to be."""
    lone = _sniff_single(container, options) if isinstance(container, FileContainer) else None
    names = container.names()
    found: list[str] = []
    for key, importer in IMPORTERS.items():
        if key == "generic":
            continue
        if [m for m in importer.detect(names) if importer.matches(container, m, options)]:
            found.append(key)
    # The generic reader is a fallback for one file the person made, never for the tables
    # of an export nobody recognized (they may be messages): those need --file.
    if (
        not found
        and _holds_one_file(container)
        and any(generic.matches(container, m, options) for m in generic.detect(names))
    ):
        found.append("generic")
    return found, lone


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
        messages of the export are listed under "Left out", once, and never opened.

        The importer boundary: an importer's own errors (``InputError``) pass as they
        are, and any other exception becomes an ``UnreadableFileError`` naming the file
        being read, so a review never ends in a traceback.
        """
        self.log.skipped.extend(self.container.skipped)
        if isinstance(self.container, GuardedContainer):
            note_withheld(self.log, self.container.withheld)
        for key in self.formats:
            try:
                yield from IMPORTERS[key].read(self.container, self.log, self.options)
            except InputError:
                raise
            except Exception as exc:
                c = self.container
                raise UnreadableFileError.from_exception(c.label, c.last_opened, exc) from exc
        self._own_name()

    def _own_name(self) -> None:
        """A lone file read under the name its content shows is named in the log as the
        person knows it (``download (2).json``, not ``your_posts_1.json``)."""
        c = self.container
        if not isinstance(c, FileContainer) or c.member_name == c.label:
            return
        for entry in self.log.skipped:
            if entry.get("file") == c.member_name:
                entry["file"] = c.label
            entry["reason"] = entry["reason"].replace(c.member_name, c.label)

    def close(self) -> None:
        self.container.close()


def resolve(container: Container, hint: str | None, options: ImportOptions) -> Export:
    """Pick the formats to read (``hint`` overrides detection) or explain what was found.

    Importers read ``container`` through a ``GuardedContainer``: private messages are not
    among its names. The generic reader runs on a lone file, or on the files named in
    ``options.files`` (``--file``), and refuses one whose columns are a message's. A lone
    file is named by its content first.
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
        # a table of messages is refused for its columns before anything reads it
        _refuse_messages(container, generic.detect(container.names()))
    else:
        container = GuardedContainer(container)
        if not container.names():
            raise PrivateMessagesError(
                f"{container.label} holds only private messages "
                f"({_listing([w.name for w in container.withheld])}), which postcheck never "
                "reads; nothing was opened. Give the export of your posts"
            )
    formats: list[str] | None
    if hint == "generic" or options.files:
        options = replace(options, files=_generic_files(container, options.files))
        formats = ["generic"]
    else:
        formats, lone = _hinted(container, IMPORTERS[hint], options) if hint else (None, None)
        if formats is None:
            formats, lone = _detect(container, options)
        why = _why_unreadable(container, formats, lone)
        if why is not None:
            raise UnreadableExportError(f"{raw.label} {why}")
        if hint:
            # What the hinted importer cannot use is noted as it reads.
            formats = [hint]
        elif not formats:
            raise UnknownFormatError(_unknown(raw, container))
    if formats == ["generic"] or isinstance(container, FileContainer):
        # A lone table is checked whatever format reads it: a renamed messages.csv read
        # with --format-hint reddit would otherwise pass for posts.
        _refuse_messages(container, options.files or generic.detect(container.names()))
    return Export(container, formats, options)


def _hinted(
    container: Container, importer: Importer, options: ImportOptions
) -> tuple[list[str] | None, Importer | None]:
    """(``[hint]``, the importer a lone file's content shows) when the input is the hinted
    format's, or nothing says otherwise (a lone file is named by its content first);
    (None, None) when an archive holds nothing of it, so the caller looks further; an
    error when the content is another platform's."""
    names = container.names()
    other: Importer | None
    if isinstance(container, FileContainer):
        other = _sniff_single(container, options, first=importer)
        if other is None and not importer.detect(names):
            container.member_name = importer.CANONICAL_NAME
        if other is None or other is importer:
            return [importer.PLATFORM], other
        kind = f"{container.member_name} from the {other.DESCRIPTION}"
    elif any(importer.matches(container, m, options) for m in importer.detect(names)):
        return [importer.PLATFORM], None
    else:
        found = [f for f in detect_formats(container, options) if f != generic.PLATFORM]
        if not found:
            return None, None
        other = IMPORTERS[found[0]]
        kind = f"the {other.DESCRIPTION}"
    raise UnknownFormatError(
        f"{container.label} does not look like the {importer.DESCRIPTION} that "
        f"--format-hint {importer.PLATFORM} names: its content is {kind}. Use --format-hint "
        f"{other.PLATFORM}, or leave --format-hint out"
    )


def _why_unreadable(container: Container, formats: list[str], lone: Importer | None) -> str | None:
    """Why the export cannot be reviewed as it is, to follow its name in the error: what
    the importers of its formats (of every format when none was found) say; a lone file
    of a platform's that holds no posts; an archive inside it."""
    names = container.names()
    for importer in [IMPORTERS[f] for f in formats] or _ORDER:
        why = importer.unreadable(names)
        if why is not None:
            return why
    if lone is not None and not lone.detect(names):
        return (
            f"is {names[0]} from the {lone.DESCRIPTION}, a file with none of your posts: "
            "review the whole export instead"
        )
    return None if formats else _archives_inside(container)


def _archives_inside(container: Container) -> str | None:
    """An archive (or several) inside the export, which is read one level down only when
    it is all a zip holds (``safezip``)."""
    inner = [n for n in container.names() if ARCHIVE_NAMES.fullmatch(basename(n))]
    if not inner:
        return None
    base = container.inner if isinstance(container, GuardedContainer) else container
    folder = isinstance(base, DirContainer)
    unzip = "" if folder else "unzip it and "
    if len(inner) == 1:
        what = "an archive" if folder else "another archive"
        return f"holds {what}, {inner[0]}: {unzip}review {basename(inner[0])} itself"
    shown = ", ".join(inner[:5]) + (f" and {len(inner) - 5} more" if len(inner) > 5 else "")
    what = "archives" if folder else "other archives"
    return f"holds {len(inner)} {what} ({shown}): {unzip}review each one"


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
