"""The history review: stream an export's posts, assess them on all cores, tally the result.

It sits above ``archives`` (which yields the posts), the engine (which assesses them)
and ``reports`` (whose ``ReviewResult`` it fills); ``commands.review`` drives it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from .archives import IMPORTERS, EmptyExportError, Export
from .engine import UNCHECKED, Assessment, Context, Level, Post
from .engine.model import Role
from .engine.parallel import assess_parallel
from .reports.history import ReviewResult

DEFAULT_KINDS = frozenset({"post", "reply", "comment"})


@dataclass(frozen=True)
class ReviewPlan:
    """What to review and how to judge it.

    ``context`` is the person's context today. With ``as_role`` every post is judged
    as if posted in that role (old posts stay visible after a promotion); with
    ``role_change`` too, posts written before that date are also judged in the former
    role so the report can show which ones the new role makes weigh more.
    """

    context: Context
    min_level: Level = Level.MODERATE
    kinds: frozenset[str] = DEFAULT_KINDS
    since: datetime | None = None
    until: datetime | None = None
    as_role: Role | None = None
    role_change: datetime | None = None
    workers: int = 0


def project(post: Post, a: Assessment) -> tuple[Any, ...]:
    """Runs in the worker: keep only what the report needs (small to send back)."""
    if not a.checked:
        return (UNCHECKED, a.lang)
    if not a.considerations:
        return (a.level.value,)
    return (
        a.level.value,
        tuple(a.codes),
        [(f.code, f.rule_id, f.start, f.end, f.matched, f.message) for f in a.findings],
        [(c.code, c.name, c.why) for c in a.considerations],
        a.lang,
    )


# progress(posts read so far, posts expected or None)
Progress = Callable[[int, int | None], None]


def run_review(export: Export, plan: ReviewPlan, progress: Progress | None = None) -> ReviewResult:
    """Review every post of ``export`` under ``plan``; raises EmptyExportError when the
    export holds nothing at all."""
    result = ReviewResult(
        formats=list(export.formats), min_level=plan.min_level.value, context=plan.context.to_dict()
    )
    new_ctx = replace(plan.context, role=plan.as_role) if plan.as_role else plan.context
    if plan.as_role:
        result.context = new_ctx.to_dict()
        result.role_change = {
            "from": plan.context.role,
            "to": plan.as_role,
            "date": plan.role_change.date().isoformat() if plan.role_change else None,
        }
    seen = [0]
    # One marker per post sent to the engine, in order: (post, compare with former role).
    pending: deque[tuple[Post, bool]] = deque()

    def items() -> Iterator[tuple[Post, Context]]:
        for post in export.posts():
            seen[0] += 1
            if post.kind == "repost":
                result.reposts += 1
            if post.kind not in plan.kinds:
                if post.kind != "repost":
                    result.excluded[post.kind] += 1
                continue
            if not post.text.strip():
                continue
            if post.created_at is not None and (
                (plan.since and post.created_at < plan.since)
                or (plan.until and post.created_at >= plan.until)
            ):
                result.out_of_range += 1
                continue
            before = bool(
                plan.role_change and post.created_at and post.created_at < plan.role_change
            )
            pending.append((post, before))
            yield post, new_ctx
            if before:
                yield post, plan.context

    outputs = assess_parallel(items(), workers=plan.workers, project=project)
    for done, out in enumerate(outputs, 1):
        post, before = pending.popleft()
        former = next(outputs) if before else None
        _tally(result, post, out, former, plan)
        if progress is not None and done % 500 == 0:
            # Count posts read (reposts and filtered ones included) against the
            # count the export announces (X manifest, Bluesky tree), when it does.
            progress(seen[0], export.log.estimated_total)
    if progress is not None:
        progress(seen[0], seen[0])
    result.skipped = export.log.skipped
    if seen[0] == 0:
        reasons = "; ".join(_left_out(s) for s in result.skipped[:5])
        # How to download each format so that it holds the posts (JSON for Meta's).
        advice = "; ".join(dict.fromkeys(IMPORTERS[f].ADVICE for f in export.formats))
        raise EmptyExportError(
            f"{export.container.label} holds no posts, replies, comments or reposts"
            + (f" ({reasons})" if reasons else "")
            + f"; {advice}"
        )
    return result


def _left_out(skipped: dict[str, str]) -> str:
    """'file: reason', without naming the file twice when the reason already does."""
    what, reason = skipped.get("file") or skipped.get("item") or "", skipped["reason"]
    return reason if not what or reason.startswith(what) else f"{what}: {reason}"


def _tally(
    result: ReviewResult,
    post: Post,
    out: tuple[Any, ...],
    former: tuple[Any, ...] | None,
    plan: ReviewPlan,
) -> None:
    if out[0] == UNCHECKED:
        # another language: counted by language, never judged with the wrong rules
        result.unchecked[out[1]] += 1
        return
    level = Level(out[0])
    result.posts_reviewed += 1
    result.by_level[level.value] += 1
    year = str(post.created_at.year) if post.created_at else "undated"
    result.count_year(year, "reviewed")
    if len(out) == 1 or level.rank < plan.min_level.rank:
        return
    codes = list(out[1])
    result.count_year(year, "flagged")
    for code in codes:
        result.by_code[code] += 1
    for code, name, _why in out[3]:
        result.code_names.setdefault(code, name)
    item: dict[str, Any] = {
        "id": post.id,
        "text": post.text,
        "date": post.created_at.isoformat() if post.created_at else None,
        "url": post.url,
        "kind": post.kind,
        "platform": post.platform,
        "lang": out[4],
        "level": level.value,
        "codes": codes,
        "findings": [
            {"code": c, "rule_id": r, "start": s, "end": e, "matched": m, "message": msg}
            for c, r, s, e, m, msg in out[2]
        ],
        "considerations": [{"code": c, "name": n, "why": w} for c, n, w in out[3]],
    }
    if former is not None:
        item["level_in_former_role"] = former[0]
        item["raised_by_new_role"] = Level(former[0]).rank < level.rank
    result.flagged.append(item)
