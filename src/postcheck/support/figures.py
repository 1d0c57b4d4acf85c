"""Anonymous weekly figures: how many checks reached each level or raised each code.

Only counts: no text, no user, no time finer than the ISO week. A count below the
minimum is withheld, so that a figure cannot point at one person's check.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from postcheck.engine import CODES, LEVELS

from .models import CheckTally, StaffRole, TallyKind
from .roles import roles_of


def iso_week(day: date | None = None) -> str:
    """The ISO week of ``day`` (default today) as ``"2026-W48"``."""
    year, week, _ = (day or timezone.localdate()).isocalendar()
    return f"{year}-W{week:02d}"


def record_tally(level: str, codes: Iterable[str], *, day: date | None = None) -> None:
    """Count one check this week: one for its level, one per code raised.

    Counts gather in memory and reach the database at most every
    ``POSTCHECK_TALLY_FLUSH_SECONDS`` (a crash loses only those seconds of counts).
    """
    week = iso_week(day)
    keys = [(TallyKind.LEVEL.value, level)] + [
        (TallyKind.CODE.value, c) for c in sorted(set(codes))
    ]
    _TALLY.add(week, keys)
    _TALLY.flush_if_due(settings.POSTCHECK_TALLY_FLUSH_SECONDS)


class _TallyBuffer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()
        self._last_flush = time.monotonic()

    def add(self, week: str, keys: Iterable[tuple[str, str]]) -> None:
        with self._lock:
            for kind, key in keys:
                self._counts[(week, kind, key)] += 1

    def flush_if_due(self, interval: float) -> None:
        if time.monotonic() - self._last_flush >= interval:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        if not counts:
            return
        try:
            with transaction.atomic():
                for (week, kind, key), n in sorted(counts.items()):
                    updated = CheckTally.objects.filter(week=week, kind=kind, key=key).update(
                        count=F("count") + n
                    )
                    if not updated:
                        _, created = CheckTally.objects.get_or_create(
                            week=week, kind=kind, key=key, defaults={"count": n}
                        )
                        if not created:
                            CheckTally.objects.filter(week=week, kind=kind, key=key).update(
                                count=F("count") + n
                            )
        except Exception:
            with self._lock:  # keep the counts for the next flush
                self._counts.update(counts)
            raise


_TALLY = _TallyBuffer()
atexit.register(lambda: _safe_flush())


def _safe_flush() -> None:
    with contextlib.suppress(Exception):
        _TALLY.flush()


def flush_tallies() -> None:
    """Write the counts gathered in memory now (tests, shutdown)."""
    _TALLY.flush()


@dataclass(frozen=True)
class WeekFigures:
    """One ISO week's counts per level and per consideration code."""

    week: str
    levels: dict[str, int | None]  # None: fewer than the minimum, not shown
    codes: dict[str, int | None]


def weekly_figures(min_count: int | None = None) -> list[WeekFigures]:
    """Counts per ISO week; a count below ``min_count`` (default 10) is withheld."""
    floor = settings.POSTCHECK_FIGURES_MIN_COUNT if min_count is None else min_count
    flush_tallies()
    by_week: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for row in CheckTally.objects.all():
        by_week[row.week][row.kind][row.key] = row.count

    def shown(counts: dict[str, int], keys: Iterable[str]) -> dict[str, int | None]:
        return {k: (counts.get(k, 0) if counts.get(k, 0) >= floor else None) for k in keys}

    return [
        WeekFigures(
            week=week,
            levels=shown(kinds.get(TallyKind.LEVEL.value, {}), list(LEVELS)),
            codes=shown(kinds.get(TallyKind.CODE.value, {}), CODES),
        )
        for week, kinds in sorted(by_week.items(), reverse=True)
    ]


def can_see_figures(user, roles: set[str] | None = None) -> bool:  # type: ignore[no-untyped-def]
    """Guidance administrators and auditors (and superusers) see the figures.

    ``roles``: :func:`~postcheck.support.roles.roles_of` the user, when the caller has it.
    """
    held = roles_of(user) if roles is None else roles
    return bool(
        getattr(user, "is_superuser", False) or held & {StaffRole.GUIDANCE_ADMIN, StaffRole.AUDITOR}
    )
