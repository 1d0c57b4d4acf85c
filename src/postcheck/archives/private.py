"""Private messages: what no importer ever opens, on any platform, in one place.

A member is private **by its name**, whatever the platform and even when the export is not
recognized: a file or folder name with one of ``PRIVATE_WORDS`` in it (X's
``direct-messages.js``, ``direct-message-headers.js``, ``direct_messages_media/`` and
``dm*`` files; Meta's ``messages/`` folder and ``message_N.json``; LinkedIn's
``messages.csv``, ``guide_messages.csv``, ``learning_coach_messages.csv``; Reddit's
``messages.csv``, ``messages_archive.csv``, ``message_headers.csv``, ``chat_history.csv``),
a folder of ``PRIVATE_FOLDERS`` (Meta's ``inbox/``, ``message_requests/``,
``filtered_threads/``, ``archived_threads/``, ``e2ee_cutover/``), or LinkedIn's
``Invitations.csv`` (each invitation can carry a personal note). Everything under a private
folder is private.

Some records inside a file an importer reads are private too, and are dropped unread:
Mastodon's direct statuses in ``outbox.json`` (known by their audience) and Bluesky's
``chat.bsky.*`` records in a ``repo.car`` (known by their key). A CSV or JSONL read by the
generic reader is private **by its content** when its columns are those of a message
(a sender and a recipient, or a conversation).

``GuardedContainer`` is the view of an export every importer reads: private members are
not among its names and cannot be opened. The report lists each one once under "Left
out", by name only (a private folder once, with the number of files in it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

from .common import ReadLog, basename
from .errors import PrivateMessagesError
from .safezip import Container
from .tables import column_key

# A file or folder whose name holds one of these words is private.
PRIVATE_WORDS = frozenset(
    {
        "message",
        "messages",
        "msg",
        "msgs",
        "dm",
        "dms",
        "chat",
        "chats",
        "inbox",
        "conversation",
        "conversations",
    }
)
# Meta's message folders, by their whole name (their words alone are no sign of messages).
PRIVATE_FOLDERS = frozenset(
    {"inbox", "message_requests", "filtered_threads", "archived_threads", "e2ee_cutover"}
)
# LinkedIn's invitations to connect, each with the note the sender wrote.
PRIVATE_TABLES = re.compile(r"invitations?(?:[_\- ].*)?\.csv", re.IGNORECASE)
# Bluesky's direct messages and their settings live under this record namespace.
CHAT_COLLECTIONS = b"chat.bsky."

# Columns only a message has: who sent it and to whom, or the conversation it belongs to.
SENDER_COLUMNS = frozenset({"from", "sender", "sender_name", "sender_id", "sender_profile_url"})
RECIPIENT_COLUMNS = frozenset(
    {"to", "recipient", "recipients", "recipient_id", "recipient_ids", "recipient_profile_urls"}
)
CONVERSATION_COLUMNS = frozenset(
    {"conversation", "conversation_id", "conversation_title", "dmconversation", "participants"}
)

REASON = "skipped: private messages are never read"


# One of PRIVATE_WORDS, between non-letters, once camelCase is split (``directMessages``).
_WORD = re.compile(
    r"(?<![a-z])(?:" + "|".join(sorted(PRIVATE_WORDS, key=len, reverse=True)) + r")(?![a-z])"
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# A cheap first test (most names of an export hold none of these letters): every private
# word holds one of them.
_HINT = re.compile("|".join(sorted({w.removesuffix("s") for w in PRIVATE_WORDS})), re.IGNORECASE)


def _has_private_word(part: str) -> bool:
    if _HINT.search(part) is None:
        return False
    return _WORD.search(_CAMEL.sub("_", part).lower()) is not None


@lru_cache(maxsize=65536)
def _private_folder(part: str) -> bool:
    return part.lower() in PRIVATE_FOLDERS or _has_private_word(part)


def _private_file(name: str) -> bool:
    return bool(PRIVATE_TABLES.fullmatch(name)) or _has_private_word(name)


def private_folder_of(name: str) -> str | None:
    """The topmost private folder ``name`` sits in (``a/messages/``), or None."""
    parts = name.split("/")
    for i, part in enumerate(parts[:-1]):
        if _private_folder(part):
            return "/".join(parts[: i + 1]) + "/"
    return None


def is_private(name: str) -> bool:
    """Whether member ``name`` (a path inside the export) holds private messages, by name."""
    return private_folder_of(name) is not None or _private_file(basename(name))


@dataclass(frozen=True, slots=True)
class Withheld:
    """A private file, or a private folder (``name`` ends in ``/``) with ``files`` in it."""

    name: str
    files: int = 1

    @property
    def is_folder(self) -> bool:
        return self.name.endswith("/")


def withheld(names: Iterable[str]) -> list[Withheld]:
    """The private members among ``names``: each private file, each private folder once."""
    return split(names)[1]


def split(names: Iterable[str]) -> tuple[list[str], list[Withheld]]:
    """``names`` parted into the members importers may read and the private ones (each
    private file, each private folder once). Folders are judged once each: an export
    holds hundreds of thousands of files in a few thousand folders."""
    visible: list[str] = []
    found: Counter[str] = Counter()
    folders: dict[str, str | None] = {}
    for name in names:
        parent, _, base = name.rpartition("/")
        if parent not in folders:
            folders[parent] = private_folder_of(name)
        folder = folders[parent]
        if folder is not None:
            found[folder] += 1
        elif _private_file(base):
            found[name] += 1
        else:
            visible.append(name)
    return visible, [Withheld(name, n) for name, n in sorted(found.items())]


def looks_like_messages(columns: Iterable[str]) -> list[str]:
    """The columns that mark a table as messages (empty when nothing does)."""
    # compared by column_key, the name tables.header gives (``Conversation ID`` is
    # ``conversation_id``); the names shown are the list's own
    cols = {column_key(c) for c in columns}

    def among(names: frozenset[str]) -> set[str]:
        return {n for n in names if column_key(n) in cols}

    conversation = sorted(among(CONVERSATION_COLUMNS))
    if conversation:
        return conversation
    senders, recipients = among(SENDER_COLUMNS), among(RECIPIENT_COLUMNS)
    return sorted(senders | recipients) if senders and recipients else []


def note_withheld(log: ReadLog, members: Iterable[Withheld]) -> None:
    """List each private file or folder once under "Left out", by name only."""
    for w in members:
        if w.is_folder:
            log.skipped.append(
                {
                    "file": w.name,
                    "reason": f"{REASON} ({w.files} file(s) in this folder, none opened)",
                    "private": "folder",
                    "count": str(w.files),
                }
            )
        else:
            log.skipped.append({"file": w.name, "reason": REASON, "private": "file"})


def note_records(log: ReadLog, name: str, count: int) -> None:
    """List under "Left out" the ``count`` private records of file ``name``, dropped unread."""
    if count:
        log.skipped.append(
            {
                "file": name,
                "reason": f"{REASON} ({count} in this file, not reviewed)",
                "private": "records",
                "count": str(count),
            }
        )


class GuardedContainer(Container):
    """The view of an export every importer reads: its private members are not among the
    names and cannot be opened (the refusal is a last defence; nothing should ask)."""

    def __init__(self, inner: Container) -> None:
        super().__init__(label=inner.label, limits=inner.limits, skipped=inner.skipped)
        self.inner = inner
        self._visible, self.withheld = split(inner.names())
        self._allowed = frozenset(self._visible)

    def names(self) -> list[str]:
        return list(self._visible)

    def all_names(self) -> list[str]:
        """Every member, private ones included (to list them, never to open them)."""
        return self.inner.names()

    def size(self, name: str) -> int:
        return self.inner.size(name)

    @contextmanager
    def open(self, name: str) -> Iterator[BinaryIO]:
        if name not in self._allowed:
            raise PrivateMessagesError(
                f"{name} holds private messages and postcheck never opens them; "
                "nothing of it was read"
            )
        self.last_opened = name  # what an importer's unexpected error names
        with self.inner.open(name) as fh:
            yield fh

    def close(self) -> None:
        self.inner.close()


__all__ = [
    "GuardedContainer",
    "Withheld",
    "is_private",
    "looks_like_messages",
    "note_records",
    "note_withheld",
    "withheld",
]
