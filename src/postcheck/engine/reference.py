"""The guidance as reference data: the considerations, contacts, courses, channels and
rules, in either language, for listing (``postcheck rules``, the web pages) and for
routing an assessment to who can help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .model import LANGS, Contact, Course
from .packs import CODES, RuleSet


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule as listed by ``postcheck rules``."""

    id: str
    code: str
    kind: str
    lang: str
    message: str
    file: str
    line: int


class Reference:
    """The reference data of a rule set, with the organization's own contacts.

    ``contacts``: by contact id, a ``name`` and a ``how`` by language that replace the
    packaged ones.
    """

    def __init__(
        self, ruleset: RuleSet, contacts: dict[str, dict[str, dict[str, str]]] | None = None
    ) -> None:
        self.ruleset = ruleset
        self._contact_overrides = contacts or {}
        # Routing depends only on (codes, language): computed once per combination.
        self._route_cache: dict[tuple[object, ...], tuple[object, ...]] = {}

    # ------------------------------------------------------------------ routing

    def contact(self, contact_id: str, lang: str) -> Contact:
        spec = self.ruleset.contacts[contact_id]
        override = self._contact_overrides.get(contact_id, {})
        name = override.get("name", {}).get(lang) or getattr(spec.name, lang)
        how = override.get("how", {}).get(lang) or getattr(spec.how, lang)
        return Contact(id=contact_id, name=name, how=how)

    def route_contacts(self, codes: Sequence[str], lang: str) -> tuple[Contact, ...]:
        """Who can help with these considerations, most relevant first, no repeats."""
        key = (tuple(codes), lang)
        cached = self._route_cache.get(key)
        if cached is None:
            cached = self._route_cache[key] = self._route_contacts(codes, lang)
        return cached  # type: ignore[return-value]

    def _route_contacts(self, codes: Sequence[str], lang: str) -> tuple[Contact, ...]:
        seen: list[str] = []
        for code in codes:
            for cid in self.ruleset.considerations[code].contacts:
                if cid not in seen:
                    seen.append(cid)
        if codes and "ombud" not in seen:
            seen.append("ombud")
        return tuple(self.contact(cid, lang) for cid in seen)

    def route_courses(self, codes: Sequence[str], lang: str) -> tuple[Course, ...]:
        """Courses for these considerations: the always-suggested ones first."""
        key = ("courses", tuple(codes), lang)
        cached = self._route_cache.get(key)
        if cached is None:
            cached = self._route_cache[key] = self._route_courses(codes, lang)
        return cached  # type: ignore[return-value]

    def _route_courses(self, codes: Sequence[str], lang: str) -> tuple[Course, ...]:
        wanted = [c.code for c in self.ruleset.courses.values() if c.always]
        for code in codes:
            for course in self.ruleset.considerations[code].courses:
                if course not in wanted:
                    wanted.append(course)
        return tuple(self.course(code, lang) for code in wanted)

    def course(self, code: str, lang: str) -> Course:
        c = self.ruleset.courses[code]
        return Course(code=c.code, title=getattr(c.title, lang), url=getattr(c.url, lang))

    # ------------------------------------------------------------------ listing

    def considerations(self, lang: str = "en") -> list[dict[str, Any]]:
        out = []
        for code in CODES:
            c = self.ruleset.considerations[code]
            out.append(
                {
                    "code": code,
                    "short": c.short,
                    "name": getattr(c.name, lang),
                    "covers": getattr(c.covers, lang),
                    "why": getattr(c.why, lang),
                    "questions": list(getattr(c.questions, lang)),
                    "examples": list(getattr(c.examples, lang)),
                    "instead": getattr(c.instead, lang),
                    "contacts": list(c.contacts),
                    "courses": list(c.courses),
                }
            )
        return out

    def contacts(self, lang: str = "en") -> list[Contact]:
        return [self.contact(cid, lang) for cid in self.ruleset.contacts]

    def courses(self, lang: str = "en") -> list[Course]:
        return [self.course(code, lang) for code in self.ruleset.courses]

    def channels(self, lang: str = "en") -> list[dict[str, str]]:
        return [{"id": c.id, "label": getattr(c.label, lang)} for c in self.ruleset.channels]

    def rules(self, code: str | None = None) -> list[RuleInfo]:
        out = []
        for lang in LANGS:
            for r in self.ruleset.rules[lang]:
                if code is None or r.code == code:
                    out.append(RuleInfo(r.id, r.code, r.kind, lang, r.message, r.file, r.line))
        return out
