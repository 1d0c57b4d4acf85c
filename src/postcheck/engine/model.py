"""Value objects of the engine: what goes in (Post, Context) and what comes out.

Everything here is immutable, typed and JSON-serializable through ``to_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, get_args

from .errors import InputError

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")

Role = Literal["employee", "manager", "executive", "communications"]
ROLES: tuple[Role, ...] = get_args(Role)

PostKind = Literal["post", "reply", "repost", "comment"]
POST_KINDS = ("post", "reply", "repost", "comment")


class Level(StrEnum):
    """Advice level of an assessment; never a verdict on a person."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self.value]

    @classmethod
    def parse(cls, value: str) -> Level:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InputError(f"unknown level {value!r}: use one of {', '.join(LEVELS)}") from None


LEVELS = tuple(level.value for level in Level)  # from low to high
_LEVEL_RANK = {value: rank for rank, value in enumerate(LEVELS)}
# What every output says in place of a level for a post in a language postcheck does not check.
UNCHECKED = "unchecked"

# The platforms a post may come from, with the name a reader knows them by: the check form
# offers them, each platform's importer stamps its posts with one (``archives.x.PLATFORM``).
PLATFORMS: dict[str, str] = {
    "x": "X (Twitter)",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "threads": "Threads",
    "tiktok": "TikTok",
    "reddit": "Reddit",
    "youtube": "YouTube",
}


@dataclass(frozen=True, slots=True)
class Post:
    """One post to check. ``lang`` is ``None`` when unknown (the engine detects it)."""

    text: str
    lang: str | None = None
    platform: str | None = None
    created_at: datetime | None = None
    url: str | None = None
    id: str | None = None
    kind: PostKind = "post"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "lang": self.lang,
            "platform": self.platform,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "url": self.url,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Context:
    """Who posts and where: the facts that change the weight of a post.

    ``disclaimer`` and ``anonymous`` are ``None`` when not given; the engine then
    detects a disclaimer in the text (an anonymous account cannot be detected).
    """

    role: Role = "employee"
    followers: int = 0
    identifiable: bool = False
    about_own_work: bool = False
    authorized: bool = False
    election_period: bool = False
    disclaimer: bool | None = None
    anonymous: bool | None = None
    # A batch looks its context up in several caches per post: the hash is computed once.
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InputError(f"unknown role {self.role!r}: use one of {', '.join(ROLES)}")
        if not isinstance(self.followers, int) or isinstance(self.followers, bool):
            raise InputError(f"followers must be a whole number, got {self.followers!r}")
        if self.followers < 0:
            raise InputError(f"followers cannot be negative, got {self.followers}")
        object.__setattr__(self, "_hash", hash(self._values()))

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self) -> tuple[type[Context], tuple[Any, ...]]:
        # rebuilt through __init__, so the hash is the receiving process's (str hashes
        # differ between processes)
        return (Context, self._values())

    def _values(self) -> tuple[Any, ...]:
        """The fields given to ``__init__``, in order (what equality compares)."""
        return tuple(getattr(self, name) for name in _CONTEXT_FIELDS)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Context:
        """Build a context from a JSON-like mapping, with clear errors on bad values.

        Unknown keys are refused so a typo (``"identifable"``) is not silently ignored.
        """
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise InputError(f"context must be an object, got {type(data).__name__}")
        known = set(_CONTEXT_FIELDS)
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(
                f"unknown context field(s) {', '.join(unknown)}: "
                f"known fields are {', '.join(sorted(known))}"
            )
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "role":
                if not isinstance(value, str):
                    raise InputError(f"role must be a string, got {value!r}")
                kwargs[key] = value.strip().lower()
            elif key == "followers":
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    if isinstance(value, str) and value.strip().isdigit():
                        value = int(value.strip())
                    else:
                        raise InputError(f"followers must be a whole number, got {value!r}")
                if isinstance(value, float):
                    if not value.is_integer():
                        raise InputError(f"followers must be a whole number, got {value!r}")
                    value = int(value)
                kwargs[key] = value
            elif key in ("disclaimer", "anonymous"):
                if value is not None and not isinstance(value, bool):
                    raise InputError(f"{key} must be true, false or null, got {value!r}")
                kwargs[key] = value
            else:
                if not isinstance(value, bool):
                    raise InputError(f"{key} must be true or false, got {value!r}")
                kwargs[key] = value
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init}


# Context's fields given to __init__ (its hash, its pickling and equality use them all).
_CONTEXT_FIELDS = tuple(f.name for f in fields(Context) if f.init)


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a post raises a consideration.

    ``start``/``end`` index the ORIGINAL text (``text[start:end] == matched``);
    both are 0 and ``matched`` is empty for findings about the whole post
    (e.g. the learned layer or a context-only cue).
    """

    code: str
    rule_id: str
    start: int
    end: int
    matched: str
    message: str
    weight: float
    source: Literal["rule", "detector", "learned", "semantic"] = "rule"
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "rule_id": self.rule_id,
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "message": self.message,
            "weight": round(self.weight, 3),
            "source": self.source,
        }
        if self.evidence:
            d["evidence"] = list(self.evidence)
        return d


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone who can help: a role in the organization and how to reach them."""

    id: str
    name: str
    how: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "how": self.how}


@dataclass(frozen=True, slots=True)
class Course:
    code: str
    title: str
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class RaisedConsideration:
    """A consideration the post raises, in the post's language, with its score."""

    code: str
    name: str
    why: str
    questions: tuple[str, ...]
    score: float
    level: Level

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "why": self.why,
            "questions": list(self.questions),
            "score": round(self.score, 3),
            "level": self.level.value,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """The result of checking one post in one context."""

    level: Level
    lang: str
    findings: tuple[Finding, ...]
    considerations: tuple[RaisedConsideration, ...]
    contacts: tuple[Contact, ...]
    courses: tuple[Course, ...]
    context: Context = field(default_factory=Context)
    multiplier: float = 1.0
    disclaimer_detected: bool = False
    guidance_version: str = ""
    reason: str = ""  # one sentence: why this level (see engine.reasons)
    # False for a post in a language postcheck does not check (``lang`` names it):
    # its level reads "unchecked" in every output, never "low"
    checked: bool = True

    @property
    def codes(self) -> list[str]:
        """Codes of the considerations raised, sorted."""
        return sorted(c.code for c in self.considerations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level.value if self.checked else UNCHECKED,
            "checked": self.checked,
            "lang": self.lang,
            "codes": self.codes,
            "findings": [f.to_dict() for f in self.findings],
            "considerations": [c.to_dict() for c in self.considerations],
            "contacts": [c.to_dict() for c in self.contacts],
            "courses": [c.to_dict() for c in self.courses],
            "context": self.context.to_dict(),
            "multiplier": round(self.multiplier, 3),
            "disclaimer_detected": self.disclaimer_detected,
            "guidance_version": self.guidance_version,
            "reason": self.reason,
        }
