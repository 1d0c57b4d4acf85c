"""An assessment laid out for the check page: grouped, ordered, highlighted, translated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from postcheck.engine import UNCHECKED, Assessment, Contact, Course, Finding, default_engine
from postcheck.engine.text import merge_spans

from .contacts import organization_contacts
from .models import Organization


@dataclass(frozen=True)
class ShownConsideration:
    """One consideration as the page shows it, with the findings that raised it."""

    code: str
    name: str
    level: str
    why: str
    questions: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Presentation:
    """An assessment laid out for a page in the reader's language."""

    level: str
    post_lang: str
    considerations: tuple[ShownConsideration, ...]
    contacts: tuple[Contact, ...]
    courses: tuple[Course, ...]
    codes: tuple[str, ...]
    reason: str = ""  # why this level, in the post's language
    checked: bool = True  # False: a language postcheck does not check (post_lang names it)


def present(
    assessment: Assessment,
    lang: str,
    organization: Organization | None = None,
    viewer=None,  # type: ignore[no-untyped-def]
) -> Presentation:
    """Group findings under their consideration, in the reader's language ``lang``.

    ``viewer``: the person reading, whose own manager the manager contact names.

    Rule messages stay in the post's language (the page marks them with ``lang``).
    """
    engine = default_engine()
    info = {c["code"]: c for c in engine.considerations(lang)}
    ordered = sorted(assessment.considerations, key=lambda c: (-c.level.rank, -c.score, c.code))
    shown = tuple(
        ShownConsideration(
            code=c.code,
            name=info[c.code]["name"],
            level=c.level.value,
            why=info[c.code]["why"],
            questions=tuple(info[c.code]["questions"]),
            findings=tuple(f for f in assessment.findings if f.code == c.code),
        )
        for c in ordered
    )
    return Presentation(
        level=assessment.level.value if assessment.checked else UNCHECKED,
        post_lang=assessment.lang,
        reason=assessment.reason,
        checked=assessment.checked,
        considerations=shown,
        contacts=organization_contacts(
            organization, [c.id for c in assessment.contacts], lang, viewer=viewer
        ),
        courses=tuple(engine.course(c.code, lang) for c in assessment.courses),
        codes=tuple(assessment.codes),
    )


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """The text, HTML-escaped, with each span wrapped in ``<mark>`` (overlaps merged)."""
    parts: list[str] = []
    pos = 0
    for start, end in merge_spans(spans, len(text)):
        parts.append(escape(text[pos:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    parts.append(escape(text[pos:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(parts))
