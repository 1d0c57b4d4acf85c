"""Retention (purge with controlled time) and the append-only audit log."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from postcheck.cases import attachments, handling
from postcheck.cases.models import Attachment, Case, Note, SurveillanceAlert
from postcheck.cases.retention import purge
from postcheck.support.models import AuditEntry, Consultation

from .conftest import T0

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture
def retention(cases_settings):
    cases_settings.CASES_RETENTION_DAYS = {"case": 100, "note": 60, "attachment": 30, "alert": 90}
    return cases_settings.CASES_RETENTION_DAYS


def _closed_case(open_case, people, when):
    m = people["manager"]
    case = open_case(now=when)
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version, now=when)
    case = handling.record_outcome(m, case.pk, "no_action", case.version, now=when)
    return handling.close_case(m, case.pk, case.version, now=when)


def test_a_closed_case_is_kept_until_its_retention_period_ends(open_case, people, retention):
    case = _closed_case(open_case, people, T0)
    assert purge(T0 + timedelta(days=99)).deleted["case"] == 0
    assert Case.objects.filter(pk=case.pk).exists()
    assert purge(T0 + timedelta(days=101)).deleted["case"] == 1
    assert not Case.objects.filter(pk=case.pk).exists()


def test_purging_a_case_deletes_its_notes_and_attachments_and_keeps_only_audit_metadata(
    open_case, people, retention
):
    case = _closed_case(open_case, people, T0)
    handling.add_note(people["manager"], case.pk, "private words", now=T0)
    attachments.add_attachment(people["manager"], case.pk, "a.png", PNG, now=T0)
    Case.objects.filter(pk=case.pk).update(closed_at=T0, updated_at=T0)
    purge(T0 + timedelta(days=200))
    assert not Note.objects.exists() and not Attachment.objects.exists()
    entry = AuditEntry.objects.get(action="case.purge", object_id=str(case.pk))
    assert entry.actor is None
    assert entry.detail == {"kind": "post", "notes": 1, "attachments": 1}
    everything = " ".join(str(e.detail) for e in AuditEntry.objects.all())
    assert "private words" not in everything and "Liberal" not in everything


def test_notes_and_attachments_have_their_own_shorter_periods(open_case, people, retention):
    case = open_case(now=T0)
    handling.add_note(people["manager"], case.pk, "old note", now=T0)
    attachments.add_attachment(people["manager"], case.pk, "a.png", PNG, now=T0)
    Case.objects.filter(pk=case.pk).update(updated_at=T0 + timedelta(days=50))
    report = purge(T0 + timedelta(days=45))
    assert report.deleted["attachment"] == 1 and report.deleted["note"] == 0
    report = purge(T0 + timedelta(days=61))
    assert report.deleted["note"] == 1 and report.deleted["case"] == 0
    assert Case.objects.filter(pk=case.pk).exists()


def test_an_open_case_untouched_for_the_whole_period_is_purged_too(open_case, retention):
    open_case(now=T0)
    assert purge(T0 + timedelta(days=101)).deleted["case"] == 1


def test_consultations_follow_their_organizations_retention(org, people, retention):
    org.retention_days = 10
    org.save()
    old = Consultation.objects.create(
        organization=org, recipient_role="ombud", updated_at=T0, created_at=T0
    )
    new = Consultation.objects.create(
        organization=org, recipient_role="ombud", updated_at=T0 + timedelta(days=5), created_at=T0
    )
    purge(T0 + timedelta(days=12))
    assert list(Consultation.objects.values_list("pk", flat=True)) == [new.pk]
    assert not Consultation.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.get(action="consultation.purge").detail == {"count": 1}


def test_the_purge_command_takes_a_controlled_now(open_case, people, retention, org):
    _closed_case(open_case, people, T0)
    out = StringIO()
    call_command("purge", "--now", (T0 + timedelta(days=101)).isoformat(), stdout=out)
    assert "1 case(s)" in out.getvalue()
    assert not Case.objects.filter(organization=org).exists()


def test_the_retention_periods_are_shown_in_the_ui(client, people, retention):
    client.force_login(people["manager"])
    page = client.get("/en/cases/retention/").content.decode()
    for days in ("100", "60", "30", "90"):
        assert f"<td>{days}</td>" in page


def test_surveillance_alerts_are_purged_after_their_period(open_case, people, retention):
    for day in range(3):
        open_case(now=T0 + timedelta(days=day))
    assert SurveillanceAlert.objects.count() == 1
    assert purge(T0 + timedelta(days=80)).deleted["alert"] == 0
    assert purge(T0 + timedelta(days=95)).deleted["alert"] == 1
    assert AuditEntry.objects.filter(action="alert.purge").count() == 1


def test_a_setting_naming_some_periods_shows_the_defaults_for_the_others(
    client, people, cases_settings
):
    from postcheck.cases import conf

    cases_settings.CASES_RETENTION_DAYS = {"case": 100}
    client.force_login(people["manager"])
    page = client.get("/en/cases/retention/").content.decode()
    defaults = conf.DEFAULTS["CASES_RETENTION_DAYS"]
    assert "<td>100</td>" in page
    for kind in ("note", "attachment", "alert"):
        assert f"<td>{defaults[kind]}</td>" in page


def test_the_purge_never_decrypts_so_it_works_even_when_the_key_is_lost(
    open_case, people, retention, cases_settings, org
):
    from cryptography.fernet import Fernet

    from postcheck.support.consultations import open_consultation

    case = _closed_case(open_case, people, T0)
    handling.add_note(people["manager"], case.pk, "private words", now=T0)
    attachments.add_attachment(people["manager"], case.pk, "a.png", PNG, now=T0)
    Case.objects.filter(pk=case.pk).update(closed_at=T0, updated_at=T0)
    opened = open_consultation(
        organization=org, recipient_role="ombud", question="A question", shared_text="A post"
    )
    Consultation.objects.filter(pk=opened.consultation.pk).update(updated_at=T0)
    cases_settings.POSTCHECK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    purge(T0 + timedelta(days=org.retention_days + 1))
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Note.objects.filter(case_id=case.pk).exists()
    assert not Attachment.objects.filter(case_id=case.pk).exists()
    assert not Consultation.objects.filter(pk=opened.consultation.pk).exists()
