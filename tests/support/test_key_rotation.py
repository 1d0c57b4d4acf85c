"""Key rotation: after a new key is put first and everything is re-encrypted, the old key
can be removed and every record still reads, across apps: consultations, cases, notes,
Ombud-only notes and attachments."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.management import call_command

from postcheck.cases import attachments, handling
from postcheck.cases.models import Attachment, Case, Note
from postcheck.support import encryption
from postcheck.support.consultations import open_consultation
from postcheck.support.models import Consultation, ConsultationMessage, Membership

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def new_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def old_key(settings):
    """The old ring: a key of the test's own, before the one the demo data was loaded with."""
    keys = [new_key(), *encryption.configured_keys()]
    settings.POSTCHECK_ENCRYPTION_KEYS = keys
    return keys


@pytest.fixture
def stored(demo, old_key):
    """One record of every encrypted kind, all under the old ring."""
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    manager, ombud = users["demo-manager"], users["demo-ombud"]
    case = Case.objects.filter(organization=demo, opened_by=manager).first()
    handling.add_note(manager, case.pk, "A note")
    case = handling.assign(manager, case.pk, ombud, Case.objects.get(pk=case.pk).version)
    handling.add_note(ombud, case.pk, "An Ombud-only note", visibility="ombud")
    attachments.add_attachment(manager, case.pk, "shot.png", PNG)
    open_consultation(
        organization=demo, recipient_role="ombud", question="A question", shared_text="A post"
    )
    return {"case": case, "manager": manager}


def everything() -> dict:
    return {
        "posts": sorted(Case.objects.values_list("post_text", flat=True)),
        "notes": sorted(Note.objects.values_list("body", flat=True)),
        "messages": sorted(ConsultationMessage.objects.values_list("body", flat=True)),
        "shared": sorted(Consultation.objects.values_list("shared_text", flat=True)),
        "files": sorted(attachments.decrypt(a.ciphertext) for a in Attachment.objects.all()),
    }


def test_after_rotation_the_old_key_can_be_removed_and_everything_still_reads(
    settings, stored, old_key
):
    before = everything()
    settings.POSTCHECK_ENCRYPTION_KEYS = [new_key(), *old_key]
    call_command("rotate_encryption_keys", stdout=StringIO())
    settings.POSTCHECK_ENCRYPTION_KEYS = settings.POSTCHECK_ENCRYPTION_KEYS[:1]
    assert everything() == before
    assert "An Ombud-only note" in before["notes"] and PNG in before["files"]


def test_without_rotation_removing_the_old_key_makes_the_content_unreadable(
    settings, stored, old_key
):
    settings.POSTCHECK_ENCRYPTION_KEYS = [new_key()]
    with pytest.raises(Exception, match="cannot be decrypted"):
        everything()


def test_the_command_says_how_many_records_it_re_encrypted(settings, stored, old_key, capsys):
    settings.POSTCHECK_ENCRYPTION_KEYS = [new_key(), *old_key]
    call_command("rotate_encryption_keys")
    out = capsys.readouterr().out
    assert f"cases.Note: {Note.objects.count()} re-encrypted" in out
    assert f"cases.Attachment: {Attachment.objects.count()} re-encrypted" in out
    assert f"support.ConsultationMessage: {ConsultationMessage.objects.count()} re-encrypted" in out


def test_rotation_changes_no_record_but_its_encryption(settings, stored, old_key):
    case = Case.objects.get(pk=stored["case"].pk)
    memberships = Membership.objects.count()
    settings.POSTCHECK_ENCRYPTION_KEYS = [new_key(), *old_key]
    call_command("rotate_encryption_keys", stdout=StringIO())
    after = Case.objects.get(pk=case.pk)
    assert (after.version, after.updated_at) == (case.version, case.updated_at)
    assert Membership.objects.count() == memberships
