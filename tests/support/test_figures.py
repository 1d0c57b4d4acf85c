"""Figures for the guidance owner: weekly counts, only from 10 up, no text, no person."""

from __future__ import annotations

from datetime import date

import pytest

from postcheck.support import figures
from postcheck.support.models import CheckTally

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def test_tally_counts_levels_and_codes_per_iso_week():
    figures.record_tally("high", ["PS01", "PS04"], day=MONDAY)
    figures.record_tally("high", ["PS01"], day=MONDAY)
    counts = {(t.week, t.kind, t.key): t.count for t in CheckTally.objects.all()}
    assert counts == {
        ("2026-W48", "level", "high"): 2,
        ("2026-W48", "code", "PS01"): 2,
        ("2026-W48", "code", "PS04"): 1,
    }


def test_counts_below_ten_are_withheld():
    for _ in range(10):
        figures.record_tally("moderate", ["PS02"], day=MONDAY)
    for _ in range(9):
        figures.record_tally("low", ["PS11"], day=MONDAY)
    (week,) = figures.weekly_figures()
    assert week.levels == {"low": None, "moderate": 10, "high": None}
    assert week.codes["PS02"] == 10
    assert week.codes["PS11"] is None


def test_figures_page_is_for_the_guidance_admin_and_auditor(signed_in):
    for _ in range(12):
        figures.record_tally("moderate", ["PS02"], day=MONDAY)
    html = signed_in("demo-admin").get("/en/figures/").content.decode()
    assert "2026-W48" in html and ">12<" in html and "fewer than 10" in html
    assert signed_in("demo-auditor").get("/en/figures/").status_code == 200
    assert signed_in("demo-employee").get("/en/figures/").status_code == 403
    assert signed_in("demo-manager").get("/en/figures/").status_code == 403


def test_counts_gather_in_memory_until_the_flush_interval(settings):
    settings.POSTCHECK_TALLY_FLUSH_SECONDS = 3600
    figures.flush_tallies()
    figures.record_tally("low", [], day=MONDAY)
    assert not CheckTally.objects.exists()
    (week,) = figures.weekly_figures(min_count=1)  # reading the figures writes them first
    assert week.levels["low"] == 1
