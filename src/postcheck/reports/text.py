"""Human-readable output: rich colours and highlighted spans on a terminal, plain
text (spans marked with [[ ]]) when piped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO

from rich.console import Console
from rich.text import Text

from ..engine import Assessment
from ..engine.text import merge_spans

_LEVEL_STYLE = {"low": "bold green", "moderate": "bold yellow", "high": "bold red"}
_LABELS = {
    "en": {
        "level": "Level",
        "low": "low: nothing of concern found; the judgement is still yours",
        "moderate": "moderate: think it through; the considerations below apply",
        "high": "high: talk to someone before posting",
        "findings": "Findings",
        "why": "Why it matters",
        "questions": "Questions to reflect on",
        "contacts": "Who can help",
        "courses": "Learning",
        "disclaimer": "A disclaimer was found: it helps a little but does not remove the risk.",
        "none": "No finding.",
        "unchecked": "unchecked: this post is in another language ({lang}); postcheck checks English and French only",
        "reason": "Why this level",
    },
    "fr": {
        "level": "Niveau",
        "low": "faible : rien de préoccupant; le jugement vous appartient",
        "moderate": "modéré : réfléchissez-y; les considérations ci-dessous s'appliquent",
        "high": "élevé : parlez-en à quelqu'un avant de publier",
        "findings": "Constats",
        "why": "Pourquoi c'est important",
        "questions": "Questions à se poser",
        "contacts": "Qui peut vous aider",
        "courses": "Formation",
        "disclaimer": "Une mention « opinions personnelles » a été trouvée : elle aide un peu, sans éliminer le risque.",
        "none": "Aucun constat.",
        "unchecked": "non vérifié : cette publication est dans une autre langue ({lang}); postcheck ne vérifie que le français et l'anglais",
        "reason": "Pourquoi ce niveau",
    },
}


def unchecked_note(counts: Mapping[str, int]) -> str:
    """The line a history review prints when posts were left unchecked for their
    language: ``Not checked (language other than English or French): es 152, nl 3...``."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return (
        "Not checked (language other than English or French): "
        + ", ".join(f"{code} {n:,}" for code, n in ranked)
        + ". postcheck checks English and French only: read those posts yourself."
    )


def print_assessment(text: str, a: Assessment, *, out: IO[str], color: str = "auto") -> None:
    force = {"always": True, "never": False}.get(color)
    console = Console(
        file=out,
        force_terminal=force,
        no_color=(color == "never"),
        highlight=False,
        soft_wrap=True,
    )
    plain = not console.is_terminal
    L = _LABELS.get(a.lang, _LABELS["en"])
    if not a.checked:
        console.print(Text(f"{L['level']}: " + L["unchecked"].format(lang=a.lang), style="bold"))
        console.print()
        console.print(text, markup=False)
        return
    console.print(Text(f"{L['level']}: {L[a.level.value]}", style=_LEVEL_STYLE[a.level.value]))
    if a.reason:
        console.print(f"{L['reason']}: {a.reason}", markup=False)
    console.print()
    body = Text()
    spans = merge_spans(((f.start, f.end) for f in a.findings), len(text))
    if plain:
        pos = 0
        for s, e in spans:
            body.append(text[pos:s])
            body.append("[[" + text[s:e] + "]]")
            pos = e
        body.append(text[pos:])
    else:
        body.append(text)
        for s, e in spans:
            body.stylize("bold reverse", s, e)
    console.print(body)
    console.print()
    if not a.findings:
        console.print(L["none"])
    else:
        console.print(Text(L["findings"], style="bold"))
        for f in a.findings:
            where = f'"{f.matched}"' if f.matched else "—"
            console.print(f"  {f.code} {where}: {f.message} [{f.rule_id}]", markup=False)
    for c in a.considerations:
        console.print()
        console.print(Text(f"{c.code} {c.name}", style="bold"))
        console.print(f"  {L['why']}: {c.why}", markup=False)
        console.print(f"  {L['questions']}:", markup=False)
        for q in c.questions:
            console.print(f"    - {q}", markup=False)
    if a.disclaimer_detected:
        console.print()
        console.print(L["disclaimer"], markup=False)
    if a.contacts:
        console.print()
        console.print(Text(L["contacts"], style="bold"))
        for ct in a.contacts:
            console.print(f"  - {ct.name}: {ct.how}", markup=False)
    console.print()
    console.print(Text(L["courses"], style="bold"))
    for co in a.courses:
        console.print(f"  - {co.code} {co.title} {co.url}", markup=False)
