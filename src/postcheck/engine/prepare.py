"""One input as the engine checks it: its text (capped), its language and its context."""

from __future__ import annotations

import re

from . import detectors as det
from .errors import InputError
from .model import LANGS, Context, Post

DEFAULT_CONTEXT = Context()  # immutable: one serves every post given none
MAX_TEXT_CHARS = 100_000  # longer posts are checked on their first 100,000 characters
# a platform's language tag (BCP 47's primary subtag); X's pseudo-codes name no language
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}")
_NO_LANGUAGE = frozenset({"und", "qme", "qht", "qam", "qct", "qst", "zxx", "mis", "mul"})


def prepare(post: Post | str, context: Context | None) -> tuple[str, str, Context]:
    """(text as checked, language, context) of one input: the language given, a
    platform's own tag (trusted), or else detected."""
    if isinstance(post, str):
        post = Post(post)
    text = post.text
    if not isinstance(text, str):
        raise InputError(f"post text must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
    if post.lang in LANGS:
        lang = post.lang
    elif (
        isinstance(post.lang, str)
        and _LANGUAGE_TAG.fullmatch(post.lang)
        and (post.lang not in _NO_LANGUAGE)
    ):
        lang = post.lang  # a platform's own tag: trusted
    else:
        lang = det.identify_language(text)
    return text, lang, context or DEFAULT_CONTEXT
