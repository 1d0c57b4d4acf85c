"""Manager readiness: practice answers recorded, and shown to the offices as counts only."""

from __future__ import annotations

import pytest

from postcheck.cases import readiness

pytestmark = pytest.mark.django_db


def test_readiness_is_shown_as_counts_only(client, org, people):
    readiness.record_attempt(
        people["manager"], org, "s22-negative-weekend-hike-fr", "low", [], "no_action"
    )
    readiness.record_attempt(
        people["manager2"], org, "s01-partisan-election-manager", "low", [], "no_action"
    )
    assert readiness.readiness_figures(org) == {
        "managers": 2,
        "managers_practised": 2,
        "attempts": 2,
        "scenarios_completed": 2,
        "answers_agreeing": 1,
        "answers_with_the_level": 1,
        "answers_with_the_considerations": 1,
        "answers_with_the_action": 1,
    }
    client.force_login(people["values_ethics"])
    page = client.get("/en/cases/readiness/").content.decode()
    assert "manager2" not in page and "s01" not in page
    client.force_login(people["manager"])
    assert client.get("/en/cases/readiness/").status_code == 403


def test_readiness_compares_each_part_of_the_answers(org, people):
    # The reference of s06: high; PS02, PS04, PS05; advice to edit or remove.
    s06 = "s06-official-capacity-logo-fr"
    readiness.record_attempt(people["manager"], org, s06, "high", ["PS04"], "no_action")
    readiness.record_attempt(
        people["manager2"], org, s06, "low", ["PS02", "PS04", "PS05"], "advice_edit_remove"
    )
    figures = readiness.readiness_figures(org)
    assert figures["answers_agreeing"] == 0
    assert figures["answers_with_the_level"] == 1
    assert figures["answers_with_the_considerations"] == 1
    assert figures["answers_with_the_action"] == 1
