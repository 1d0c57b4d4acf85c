"""Text folding that keeps offsets: every character maps to exactly one character.

Matching runs on the folded text (lower case, accents removed, typographic quotes
and dashes made plain), and because folding never changes the length, a span found
in the folded text indexes the original text exactly.

Folded text holds no upper-case ASCII letter and no character that matches an ASCII
letter only when case is ignored (İ ı ſ K fold to i i s k). A pattern written in
lower-case ASCII therefore matches folded text the same with or without
``re.IGNORECASE``, and without it the regex engine can skip ahead to a literal prefix
(tests/engine/test_text.py checks every code point).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

_SPECIAL = {
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u00df": "s",  # keeps length 1; 'ss' would shift offsets
    "\u0153": "o",  # œ
    "\u0152": "o",
    "\u00e6": "a",
    "\u00c6": "a",
    # Letters that match an ASCII letter when case is ignored (re.IGNORECASE) but do
    # not lower-case to it: folded, so that folded text can be matched case-sensitively.
    "\u0130": "i",  # İ (lower-cases to two characters)
    "\u0131": "i",  # ı
    "\u017f": "s",  # ſ
    "\u212a": "k",  # Kelvin sign
}


def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    low = ch.lower()
    if len(low) != 1:
        low = ch
    decomposed = unicodedata.normalize("NFD", low)
    base = decomposed[0]
    if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
        low = base.lower() if len(base.lower()) == 1 else base  # İ -> I -> i
    return _SPECIAL.get(low, low)  # ẛ -> ſ -> s


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0x20, 0x2100):
        ch = chr(cp)
        folded = _fold_char(ch)
        if folded != ch:
            table[cp] = folded
    for ch, rep in _SPECIAL.items():
        table[ord(ch)] = rep
    # Look-alike letters people use to dodge filters or to style a post: full-width
    # forms, circled letters, mathematical bold, italic, script... (𝐢𝐝𝐢𝐨𝐭, ｉｄｉｏｔ):
    # each is one character whose compatibility form is one ASCII letter or digit.
    for lo, hi in _LOOKALIKE_RANGES:
        for cp in range(lo, hi + 1):
            compat = unicodedata.normalize("NFKC", chr(cp))
            if len(compat) == 1 and compat.isascii() and compat.isalnum():
                table[cp] = compat.lower()
    return table


_LOOKALIKE_RANGES = (
    (0xFF10, 0xFF5A),  # full-width digits and letters
    (0x24B6, 0x24E9),  # circled letters
    (0x1D400, 0x1D7FF),  # mathematical alphanumeric symbols
)


FOLD_TABLE = _build_table()


def _build_unstyle_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _LOOKALIKE_RANGES:
        for cp in range(lo, hi + 1):
            compat = unicodedata.normalize("NFKC", chr(cp))
            if len(compat) == 1 and compat.isascii() and compat.isalnum():
                table[cp] = compat
    return table


UNSTYLE_TABLE = _build_unstyle_table()


def unstyle(text: str) -> str:
    """Look-alike letters and digits made plain, case and accents kept (𝗩𝗼𝘁𝗲 -> Vote):
    the text a language identifier can read (it reads styled letters as no language)."""
    if text.isascii():
        return text
    return text.translate(UNSTYLE_TABLE)


def fold(text: str) -> str:
    """Lower-case and strip accents without changing the length of ``text``."""
    if text.isascii() and "`" not in text:
        return text.lower()  # same result, much faster
    return text.translate(FOLD_TABLE)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def at_word_start(text: str, start: int) -> bool:
    return start == 0 or not is_word_char(text[start - 1])


def at_word_end(text: str, end: int) -> bool:
    return end >= len(text) or not is_word_char(text[end])


def fold_pattern(pattern: str) -> str:
    """Fold the literal characters of a regex, leaving escapes (``\\S``, ``\\d``) alone."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(fold(ch))
        i += 1
    return "".join(out).replace("(?p<", "(?P<").replace("(?p=", "(?P=")


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Non-empty spans inside ``[0, length]``, sorted, overlapping ones merged (for
    highlighting the words of findings)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in spans if 0 <= s < e <= length):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# --------------------------------------------------------------------------- batches
# Batches are handled as arrays of code points: one numpy gather folds a whole chunk.

SEP = "\x00"  # joins the posts of a batch; a post holding it is handled on its own

_FOLD_CPS: npt.NDArray[np.uint32] | None = None
_WORD_BMP: npt.NDArray[np.bool_] | None = None


def _fold_cps() -> npt.NDArray[np.uint32]:
    global _FOLD_CPS
    if _FOLD_CPS is None:
        table = np.arange(0x110000, dtype=np.uint32)
        for cp, rep in FOLD_TABLE.items():
            table[cp] = ord(rep)
        for cp in range(ord("A"), ord("Z") + 1):
            table[cp] = cp + 32
        table[ord("`")] = ord("'")
        _FOLD_CPS = table
    return _FOLD_CPS


# Tables indexed by code point cover the first two planes (every script in use and the
# emoji); the rare characters past them are looked at one by one.
TABLE_SIZE = 0x20000


def table_index(cps: npt.NDArray[np.uint32]) -> npt.NDArray[np.intp]:
    """Code points as an index into a TABLE_SIZE table (numpy gathers much faster with
    an index of its own integer type); those past the table all read its last entry."""
    return np.minimum(cps, TABLE_SIZE - 1).astype(np.intp)


def starts_of(texts: Sequence[str]) -> npt.NDArray[np.int64]:
    """Where each text starts in ``SEP.join(texts)``."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))


def join_batch(texts: Sequence[str]) -> tuple[str, npt.NDArray[np.int64]]:
    """The texts joined by :data:`SEP`, and where each starts in the joined string."""
    return SEP.join(texts), starts_of(texts)


def post_of(starts: npt.NDArray[np.int64], offsets: Any) -> npt.NDArray[np.int64]:
    """Which text of a :func:`join_batch` each offset of the joined string falls in."""
    found: npt.NDArray[np.int64] = np.searchsorted(starts, offsets, side="right") - 1
    return found


def code_points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def from_code_points(cps: npt.NDArray[np.uint32]) -> str:
    return cps.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@dataclass(frozen=True, slots=True)
class Folded:
    """A batch folded at once: each text folded, and, joined by :data:`SEP`, the folded
    texts as a string, as code points, and where each text starts."""

    texts: list[str]
    joined: str
    cps: npt.NDArray[np.uint32]
    starts: npt.NDArray[np.int64]


def fold_joined(texts: Sequence[str]) -> Folded:
    """Fold a batch whose texts do not hold :data:`SEP`: ``[fold(t) for t in texts]``,
    with one table look-up over the whole batch."""
    cps = np.take(_fold_cps(), code_points(SEP.join(texts)))
    joined = from_code_points(cps)
    folded = joined.split(SEP)
    assert len(folded) == len(texts)
    return Folded(folded, joined, cps, starts_of(folded))


def word_chars(cps: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """:func:`is_word_char` for each code point."""
    global _WORD_BMP
    if _WORD_BMP is None:
        _WORD_BMP = np.fromiter(
            (is_word_char(chr(cp)) for cp in range(0x10000)), dtype=np.bool_, count=0x10000
        )
    out = _WORD_BMP[np.minimum(cps, 0xFFFF).astype(np.intp)]
    astral = np.flatnonzero(cps > 0xFFFF)
    if len(astral):
        out[astral] = [is_word_char(chr(int(cp))) for cp in cps[astral]]
    return out
