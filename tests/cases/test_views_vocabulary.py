"""The French practice and case pages show every value in French: no raw vocabulary value
(a posting role, a level, a status, an outcome, a channel, a step, a staff role)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from postcheck.cases import handling, intake
from postcheck.cases.models import CaseKind, CaseStatus, NoteVisibility, Outcome
from postcheck.cases.scenarios import load_scenarios
from postcheck.cases.steps import GUIDE
from postcheck.engine import CHANNELS, LEVELS, ROLES
from postcheck.support.models import StaffRole

from .conftest import T0, _member

pytestmark = pytest.mark.django_db

# Values that are also French words, and so may appear in French text:
# "communications" (a posting role), "support" (a case kind), "case" (a note's visibility).
FRENCH_WORDS = {"communications", "support", "case"}
RAW = sorted(
    {
        *ROLES,
        *LEVELS,
        *CHANNELS,
        *CaseStatus.values,
        *Outcome.values,
        *CaseKind.values,
        *StaffRole.values,
        *NoteVisibility.values,
        *GUIDE,
    }
    - FRENCH_WORDS
)
RAW_WORD = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, RAW)) + r")(?![\w-])")


def raw_values_shown(page: str) -> list[str]:
    """Raw vocabulary values in the text a reader sees (not in tags, scripts or styles)."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return sorted(set(RAW_WORD.findall(text)))


def fr(name, **kw):
    with translation.override("fr"):
        return reverse(f"cases:{name}", kwargs=kw or None)


@pytest.fixture
def tremblay(org):
    """A manager, an employee and an advisor whose user names are no vocabulary value
    (the people of the other tests are named for their roles)."""
    return {
        "manager": _member(org, "m.tremblay", "manager"),
        "employee": _member(org, "a.roy", "employee"),
        "advisor": _member(org, "v.chen", "values_ethics"),
    }


@pytest.fixture
def open_case(org, tremblay):
    def make(**kw):
        fields = {
            "kind": "post",
            "channel": "public_comment",
            "raised_by": "Un membre du public, par courriel",
            "raised_at": T0,
            "post_text": "Votez libéral lundi, on ne peut pas se permettre quatre autres années!",
            "post_lang": "fr",
            "now": T0,
            **kw,
        }
        return intake.open_case(tremblay["manager"], org, employee=tremblay["employee"], **fields)

    return make


@pytest.mark.parametrize("s", load_scenarios(), ids=lambda s: s.id)
def test_the_french_practice_page_and_its_feedback_show_no_raw_value(client, tremblay, s):
    client.force_login(tremblay["manager"])
    assert raw_values_shown(client.get(fr("practice", scenario_id=s.id)).content.decode()) == []
    answer = {"level": "moderate", "codes": ["PS01", "PS04"], "outcome": "referral_coi"}
    feedback = client.post(fr("practice", scenario_id=s.id), answer).content.decode()
    assert 'id="reference-title"' in feedback
    assert raw_values_shown(feedback) == []


@pytest.mark.parametrize("role", ["employee", "manager", "executive"])
def test_the_french_case_page_shows_no_raw_value(client, tremblay, open_case, role):
    m = tremblay["manager"]
    case = open_case(
        context={"role": role, "followers": 2400, "identifiable": True, "election_period": True},
    )
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=T0)
    case = handling.record_outcome(m, case.pk, "referral_values_ethics", case.version, now=T0)
    case = handling.close_case(m, case.pk, case.version, now=T0)
    case = handling.reopen_case(m, case.pk, case.version, now=T0)
    client.force_login(m)
    assert raw_values_shown(client.get(fr("detail", pk=case.pk)).content.decode()) == []
    client.force_login(tremblay["advisor"])
    assert raw_values_shown(client.get(fr("detail", pk=case.pk)).content.decode()) == []


def test_the_french_support_case_page_shows_no_raw_value(client, tremblay, open_case):
    m = tremblay["manager"]
    case = open_case(kind="support", channel="")
    client.force_login(m)
    assert raw_values_shown(client.get(fr("detail", pk=case.pk)).content.decode()) == []


def test_a_raw_value_on_a_page_is_found():
    page = (
        "<main><dl><dt>Rôle</dt><dd>executive</dd><dd class='pc-level--high'>Élevé</dd></dl></main>"
    )
    assert raw_values_shown(page) == ["executive"]
