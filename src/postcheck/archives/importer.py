"""What an importer is: the one shape every platform's reader has.

An importer is a module (``x``, ``mastodon``, ``bluesky``, ...) listed in
``detect.IMPORTERS``. A module cannot subclass, so that registry is where each one
declares itself an ``Importer``: it is typed ``dict[str, Importer]`` and mypy checks every
module against this protocol; ``tests/archives/test_importer.py`` checks each at run time
and reads a fixture of its format through it.

Detection asks each importer for the members it reads by name (``detect``), then lets it
confirm each one by content (``matches``); a lone file, which may have been renamed, is
first given the name its content shows (``sniff``). When nothing can be read, each
importer may say why (``unreadable``: the HTML download, an archive without its data
files). The export's ``posts()`` then streams what ``read`` yields. Nothing an importer
leaves out is silent: a file or record it cannot use goes into the ``ReadLog`` with the
reason, and the review reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from ..engine import Post
from .common import ImportOptions, ReadLog
from .safezip import Container


@runtime_checkable
class Importer(Protocol):
    """Reads one platform's export and streams the person's own posts as ``engine.Post``."""

    PLATFORM: str
    """The ``--format-hint`` name, and the ``platform`` of every post it yields."""

    DESCRIPTION: str
    """One line for ``--help`` and errors: the export and the files that identify it."""

    CANONICAL_NAME: str
    """The member name a lone file read with ``--format-hint`` is given when neither its
    own name nor its content says what it is."""

    ADVICE: str
    """What to check when the export holds no posts ("check that ..."): how to download
    it so that it does."""

    def detect(self, names: list[str]) -> list[str]:
        """The members among ``names`` this importer reads, recognized by name alone."""
        ...

    def matches(self, container: Container, name: str, options: ImportOptions) -> bool:
        """Whether member ``name``, found by ``detect``, is this format by its content
        (two platforms both write a ``comments.csv``)."""
        ...

    def sniff(self, container: Container, name: str, options: ImportOptions) -> str | None:
        """The name lone file ``name`` has in this platform's export, told by its content
        (``Comments.csv`` for LinkedIn comments downloaded as ``comments (1).csv``); None
        when it is none of this platform's files. The name may be one ``detect`` leaves
        out (a file of direct messages): then nothing of it is read, and ``unreadable``
        can say why."""
        ...

    def unreadable(self, names: list[str]) -> str | None:
        """Why ``names`` cannot be reviewed as this platform's export (downloaded as HTML,
        without its posts file, several accounts in one), to follow the export's name in
        the error: "is Facebook's export in HTML format; ..."; None when they can be, or
        are not this platform's."""
        ...

    def read(self, container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
        """Stream the posts, replies, comments and reposts of ``container``, never a direct
        message; note in ``log`` each file or record left out and why."""
        ...
