"""A case as one JSON record, for the people who may see it."""

import pytest

from postcheck.cases import export, handling

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_the_exported_history_keeps_each_outcome_who_recorded_it_and_the_reopening(
    open_case, people
):
    m = people["manager"]
    case = open_case()
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, "no_action", case.version, now=T0)
    case = handling.close_case(m, case.pk, case.version, now=T0)
    handling.reopen_case(m, case.pk, case.version, now=T0)
    history = export.export_case(m, case.pk)["status_history"]
    assert [(h["status"], h["outcome"], h["reopened"], h["by"]) for h in history[-3:]] == [
        ("outcome_recorded", "no_action", False, "manager"),
        ("closed", "no_action", False, "manager"),
        ("in_progress", "", True, "manager"),
    ]
