"""What an importer is: the one shape every platform's reader has.

An importer is a module (``x``, ``mastodon``, ``bluesky``, ...) listed in
``detect.IMPORTERS``. A module cannot subclass, so that registry is where each one
declares itself an ``Importer``: it is typed ``dict[str, Importer]`` and mypy checks every
module against this protocol; ``tests/archives/test_importer.py`` checks each at run time
and reads a fixture of its format through it.

Detection asks each importer for the members it reads by name (``detect``), then lets it
confirm each one by content (``matches``); the export's ``posts()`` then streams what
``read`` yields. Nothing an importer leaves out is silent: a file or record it cannot use
goes into the ``ReadLog`` with the reason, and the review reports it.
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
    """The member name a lone file read with ``--format-hint`` is given when its own
    name is not one ``detect`` knows (a renamed ``tweets.js``)."""

    def detect(self, names: list[str]) -> list[str]:
        """The members among ``names`` this importer reads, recognized by name alone."""
        ...

    def matches(self, container: Container, name: str, options: ImportOptions) -> bool:
        """Whether member ``name``, found by ``detect``, is this format by its content
        (two platforms both write a ``comments.csv``)."""
        ...

    def read(self, container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
        """Stream the posts, replies, comments and reposts of ``container``, never a direct
        message; note in ``log`` each file or record left out and why."""
        ...
