"""Talk to someone: anonymous receipts, need-to-know visibility, threads, e-mail links."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher

from postcheck.support import consultations
from postcheck.support.errors import NoManagerOnRecord
from postcheck.support.models import (
    AuditEntry,
    AuditLogIsAppendOnly,
    Consultation,
    Membership,
    StaffRole,
)
from web_support import dump_database

pytestmark = pytest.mark.django_db

User = get_user_model()


def ask(client, demo, to, question="May I post about my team's new tool?", **extra):
    data = {"organization": demo.pk, "recipient_role": to, "question": question}
    data.update(extra)
    return client.post("/en/consultation/", data)


def receipt_in(response) -> str:
    match = re.search(r'id="receipt-code">([A-Z0-9-]+)<', response.content.decode())
    assert match, "the page should show a receipt code"
    return match.group(1)


def test_anonymous_question_gives_a_receipt_and_stores_only_its_hash(client, demo):
    response = ask(client, demo, "ombud", anonymous="on")
    code = receipt_in(response)
    consultation = Consultation.objects.get()
    assert consultation.anonymous and consultation.requester is None
    identify_hasher(consultation.receipt_hash)  # a real password hash
    assert code not in dump_database()
    assert code.replace("-", "") not in dump_database()


def test_receipt_code_opens_the_thread_without_an_account(client, demo):
    code = receipt_in(ask(client, demo, "values_ethics", question="Can I like a party's post?"))
    html = client.post("/en/consultation/receipt/", {"code": code}).content.decode()
    assert "Can I like a party&#x27;s post?" in html


def test_wrong_receipt_code_reveals_nothing(client, demo):
    ask(client, demo, "values_ethics", question="secret question")
    html = client.post(
        "/en/consultation/receipt/", {"code": "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"}
    ).content.decode()
    assert "No consultation matches this receipt code" in html
    assert "secret question" not in html


def test_receipt_codes_are_rate_limited(client, demo, settings):
    settings.POSTCHECK_RATE_RECEIPT = "3/300"
    for _ in range(3):
        client.post("/en/consultation/receipt/", {"code": "AAAA-BBBB"})
    assert client.post("/en/consultation/receipt/", {"code": "AAAA-BBBB"}).status_code == 429


def test_ombud_consultations_are_never_visible_to_management(client, demo, signed_in):
    ask(client, demo, "ombud", anonymous="on", question="about my manager")
    consultation = Consultation.objects.get()
    manager = signed_in("demo-manager")
    assert "about my manager" not in manager.get("/en/inbox/").content.decode()
    assert manager.get(f"/en/inbox/{consultation.pk}/").status_code == 404
    ombud = signed_in("demo-ombud")
    assert ombud.get(f"/en/inbox/{consultation.pk}/").status_code == 200


@pytest.mark.parametrize("role", ["manager", "values_ethics", "dso_coi", "ombud"])
def test_each_recipient_sees_only_consultations_addressed_to_their_role(demo, role):
    # "My manager" needs the sender's name (see the tests below); the others are anonymous.
    opened = consultations.open_consultation(
        organization=demo,
        recipient_role=role,
        question="q",
        requester=User.objects.get(username="demo-employee"),
        anonymous=role != "manager",
    )
    for username, user_role in [
        ("demo-manager", "manager"),
        ("demo-ethics", "values_ethics"),
        ("demo-coi", "dso_coi"),
        ("demo-ombud", "ombud"),
        ("demo-employee", None),
        ("demo-admin", None),
        ("demo-auditor", None),
    ]:
        visible = consultations.visible_consultations(User.objects.get(username=username))
        assert (opened.consultation in visible) == (user_role == role), username


def test_named_question_to_my_manager_goes_to_my_manager(demo, signed_in):
    client = signed_in("demo-employee")
    client.post(
        "/en/consultation/",
        {
            "organization": demo.pk,
            "recipient_role": "manager",
            "question": "Can I share our team photo?",
        },
    )
    consultation = Consultation.objects.get()
    assert consultation.requester.username == "demo-employee"
    assert consultation.recipient.username == "demo-manager"
    assert not consultation.anonymous


def _member(demo, username, role, manager=None):
    user = User.objects.create_user(username, first_name=username.title(), last_name="Person")
    Membership.objects.create(user=user, organization=demo, role=role, manager=manager)
    return user


def test_question_to_my_manager_is_read_by_the_senders_own_manager_only(demo):
    unrelated = _member(demo, "other-manager", StaffRole.MANAGER)
    opened = consultations.open_consultation(
        organization=demo,
        recipient_role="manager",
        question="Can I share our team photo?",
        requester=User.objects.get(username="demo-employee"),
    )
    own = User.objects.get(username="demo-manager")
    assert opened.consultation in consultations.visible_consultations(own)
    assert opened.consultation not in consultations.visible_consultations(unrelated)


def test_question_to_my_manager_is_refused_without_a_manager_on_record(demo):
    loner = _member(demo, "no-manager", StaffRole.EMPLOYEE)
    with pytest.raises(NoManagerOnRecord):
        consultations.open_consultation(
            organization=demo, recipient_role="manager", question="q", requester=loner
        )
    assert not Consultation.objects.exists()


def test_manager_on_record_who_is_no_longer_a_manager_is_not_a_recipient(demo):
    former = _member(demo, "former-manager", StaffRole.EMPLOYEE)
    employee = _member(demo, "reports-to-former", StaffRole.EMPLOYEE, manager=former)
    with pytest.raises(NoManagerOnRecord):
        consultations.open_consultation(
            organization=demo, recipient_role="manager", question="q", requester=employee
        )


def test_anonymous_question_cannot_go_to_my_manager(demo):
    with pytest.raises(NoManagerOnRecord):
        consultations.open_consultation(
            organization=demo,
            recipient_role="manager",
            question="q",
            requester=User.objects.get(username="demo-employee"),
            anonymous=True,
        )
    with pytest.raises(NoManagerOnRecord):
        consultations.open_consultation(
            organization=demo, recipient_role="manager", question="q", anonymous=True
        )


def test_replies_thread_between_staff_and_anonymous_requester(client, demo, signed_in):
    code = receipt_in(ask(client, demo, "values_ethics", anonymous="on", question="first"))
    consultation = Consultation.objects.get()
    ethics = signed_in("demo-ethics")
    ethics.post(f"/en/inbox/{consultation.pk}/", {"body": "staff answer"})
    ethics.logout()
    client.post("/en/consultation/receipt/", {"code": code, "body": "thanks, one more thing"})
    bodies = list(consultation.messages.values_list("body", flat=True))
    assert bodies == ["first", "staff answer", "thanks, one more thing"]
    html = client.post("/en/consultation/receipt/", {"code": code}).content.decode()
    assert html.index("first") < html.index("staff answer") < html.index("thanks, one more thing")


def test_signed_in_requester_reads_replies_in_my_consultations(demo, signed_in):
    opened = consultations.open_consultation(
        organization=demo,
        recipient_role="dso_coi",
        question="gift from a supplier?",
        requester=User.objects.get(username="demo-employee"),
    )
    consultations.reply(
        opened.consultation,
        "please decline it",
        author=User.objects.get(username="demo-coi"),
        from_requester=False,
    )
    client = signed_in("demo-employee")
    html = client.get(f"/en/consultation/mine/{opened.consultation.pk}/").content.decode()
    assert "please decline it" in html
    other = signed_in("demo-manager")
    assert other.get(f"/en/consultation/mine/{opened.consultation.pk}/").status_code == 404


def test_check_result_is_attached_but_text_only_when_chosen(client, demo):
    text = f"Vote NDP {uuid.uuid4().hex}"
    prefill = client.post(
        "/en/consultation/",
        {
            "from_result": "1",
            "result_level": "high",
            "result_codes": "PS01",
            "shared_text": text,
        },
    )
    assert prefill.status_code == 200
    assert not Consultation.objects.exists()  # arriving from a result sends nothing
    ask(client, demo, "values_ethics", result_level="high", result_codes="PS01", shared_text=text)
    ask(
        client,
        demo,
        "values_ethics",
        result_level="high",
        result_codes="PS01",
        shared_text=text,
        include_text="on",
    )
    without, with_text = Consultation.objects.order_by("pk")
    assert (without.result_level, without.result_codes, without.shared_text) == (
        "high",
        ["PS01"],
        "",
    )
    assert with_text.shared_text == text


def test_every_read_is_audited_and_the_log_is_append_only(client, demo, signed_in):
    ask(client, demo, "ombud", anonymous="on")
    consultation = Consultation.objects.get()
    signed_in("demo-ombud").get(f"/en/inbox/{consultation.pk}/")
    entry = AuditEntry.objects.filter(action="consultation.read").get()
    assert entry.actor.username == "demo-ombud"
    assert entry.object_id == str(consultation.pk)
    entry.action = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()


def test_people_without_a_recipient_role_have_no_inbox(signed_in):
    assert signed_in("demo-employee").get("/en/inbox/").status_code == 403


def test_receipt_of_an_old_anonymous_question_to_a_manager_says_no_one_can_read_it(client, demo):
    from postcheck.support.receipts import new_receipt

    receipt = new_receipt()
    old = Consultation.objects.create(
        organization=demo,
        recipient_role="manager",
        anonymous=True,
        receipt_hash=receipt.secret_hash,
        receipt_lookup=receipt.lookup,
    )
    old.messages.create(body="asked before managers were named")
    html = client.post("/en/consultation/receipt/", {"code": receipt.code}).content.decode()
    assert "no manager can read it" in html


def test_one_client_behind_a_proxy_cannot_block_anothers_receipt(client, demo, settings):
    """A department behind one address: one client's wrong codes don't lock out the rest."""
    settings.POSTCHECK_RATE_RECEIPT_FAILURES = "3/300"
    code = receipt_in(ask(client, demo, "ombud", question="mine to read"))
    office = "203.0.113.10"
    prankster = type(client)(REMOTE_ADDR=office)
    for n in range(10):
        prankster.post("/en/consultation/receipt/", {"code": f"AAAA-BBB{n % 10}-CCCC-DDDD"})
    assert (
        prankster.post("/en/consultation/receipt/", {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 429
    )
    colleague = type(client)(REMOTE_ADDR=office)
    response = colleague.post("/en/consultation/receipt/", {"code": code})
    assert response.status_code == 200
    assert "mine to read" in response.content.decode()


def test_guesses_at_one_code_are_limited_from_any_address(client, demo, settings):
    settings.POSTCHECK_RATE_RECEIPT = "3/300"
    code = receipt_in(ask(client, demo, "ombud", question="q"))
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    for n in range(3):
        type(client)(REMOTE_ADDR=f"198.51.100.{n + 1}").post(
            "/en/consultation/receipt/", {"code": wrong}
        )
    elsewhere = type(client)(REMOTE_ADDR="203.0.113.50")
    assert elsewhere.post("/en/consultation/receipt/", {"code": wrong}).status_code == 429
