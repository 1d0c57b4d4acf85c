"""Case content at rest: the post's text, notes and Ombud-only notes are encrypted in the
database and read back in clear."""

from __future__ import annotations

import pytest

from postcheck.cases import handling
from postcheck.cases.models import Case, Note
from web_support import dump_database

pytestmark = pytest.mark.django_db

POST = "SECRET-POST Vote for my candidate on Monday!"
NOTE = "SECRET-NOTE spoke with the employee"
OMBUD_NOTE = "SECRET-OMBUD-NOTE confidential"


@pytest.fixture
def case(open_case, people):
    case = open_case(post_text=POST)
    handling.add_note(people["manager"], case.pk, NOTE)
    handling.assign(people["manager"], case.pk, people["ombud"], case.version)
    handling.add_note(people["ombud"], case.pk, OMBUD_NOTE, visibility="ombud")
    return case


def test_post_text_notes_and_ombud_notes_are_not_stored_in_clear(case):
    assert "SECRET-" not in dump_database()


def test_case_content_reads_back_in_clear(case):
    assert Case.objects.get(pk=case.pk).post_text == POST
    assert sorted(n.body for n in Note.objects.filter(case=case)) == sorted([NOTE, OMBUD_NOTE])


def test_a_corrected_post_text_is_stored_encrypted_too(case, people):
    handling.update_details(
        people["manager"], case.pk, Case.objects.get(pk=case.pk).version, post_text="SECRET-2"
    )
    assert "SECRET-2" not in dump_database()
    assert Case.objects.get(pk=case.pk).post_text == "SECRET-2"
