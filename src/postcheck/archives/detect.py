"""Recognize which platform an export comes from, by its member names and shapes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..engine import InputError, Post
from . import bluesky, facebook, generic, instagram, linkedin, mastodon, reddit, threads, x
from .common import ImportOptions, ReadLog, basename
from .errors import EmptyExportError, UnknownFormatError, UnreadableExportError
from .importer import Importer
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
    if not found and any(generic.matches(container, m, options) for m in generic.detect(names)):
        found.append("generic")
    return found, lone


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
        """Stream every post of every detected format, in file order."""
        self.log.skipped.extend(self.container.skipped)
        for key in self.formats:
            yield from IMPORTERS[key].read(self.container, self.log, self.options)
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
    """Pick the formats to read (``hint`` overrides detection) or explain what was found."""
    if not container.names():
        raise EmptyExportError(f"{container.label} contains no files; download the export again")
    if hint and hint not in IMPORTERS:
        raise InputError(f"unknown format {hint!r}: use one of {', '.join(IMPORTERS)}")
    formats, lone = _hinted(container, IMPORTERS[hint], options) if hint else (None, None)
    if formats is None:
        formats, lone = _detect(container, options)
    why = _why_unreadable(container, formats, lone)
    if why is not None:
        raise UnreadableExportError(f"{container.label} {why}")
    if hint:
        # What the hinted importer cannot use is noted as it reads.
        return Export(container, [hint], options)
    if not formats:
        raise UnknownFormatError(
            f"{container.label} is not a supported export. Supported: {supported_formats()}. "
            f"Found {_describe(container)}. If it is one of these, use --format-hint."
        )
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
    folder = isinstance(container, DirContainer)
    unzip = "" if folder else "unzip it and "
    if len(inner) == 1:
        what = "an archive" if folder else "another archive"
        return f"holds {what}, {inner[0]}: {unzip}review {basename(inner[0])} itself"
    shown = ", ".join(inner[:5]) + (f" and {len(inner) - 5} more" if len(inner) > 5 else "")
    what = "archives" if folder else "other archives"
    return f"holds {len(inner)} {what} ({shown}): {unzip}review each one"
