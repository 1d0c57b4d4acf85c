"""The manager's pages, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from postcheck.cases.models import Case

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def url(name, lang="en", **kw):
    with translation.override(lang):
        return reverse(f"cases:{name}", kwargs=kw or None)


def form_data(people, **over):
    data = {
        "channel": "media_query",
        "raised_by": "A journalist",
        "raised_at": "2026-11-02 10:00",
        "employee": people["employee"].pk,
        "post_text": "Vote Liberal on Monday!",
        "post_lang": "en",
        "role": "manager",
        "followers": "2000",
        "identifiable": "on",
        "election_period": "on",
    }
    data.update(over)
    return data


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_new_case_page_explains_the_no_monitoring_principle(client, people, lang):
    client.force_login(people["manager"])
    page = client.get(url("new", lang)).content.decode()
    assert ("routinely monitor" in page) if lang == "en" else ("surveiller" in page)
    assert page.count('name="channel"') == 5


def test_a_manager_opens_a_case_and_is_guided(client, people, org):
    client.force_login(people["manager"])
    response = client.post(url("new"), form_data(people))
    case = Case.objects.get(organization=org)
    assert response.status_code == 302 and response.url == url("detail", pk=case.pk)
    page = client.get(url("detail", pk=case.pk)).content.decode()
    assert "postcheck&#x27;s own design" in page or "postcheck's own design" in page
    assert "PS01" in page


def test_the_form_refuses_a_channel_that_is_not_one_of_the_five(client, people, org):
    client.force_login(people["manager"])
    response = client.post(url("new"), form_data(people, channel="found_while_browsing"))
    assert response.status_code == 200
    assert not Case.objects.filter(organization=org).exists()


def test_a_screenshot_is_stored_encrypted_and_served_back(client, people, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["manager"])
    client.post(
        url("new"),
        form_data(
            people,
            post_text="",
            screenshot=SimpleUploadedFile("shot.png", PNG, content_type="image/png"),
        ),
    )
    case = Case.objects.get(organization=org)
    att = case.attachments.get()
    assert PNG not in bytes(att.ciphertext)
    response = client.get(url("attachment", pk=case.pk, attachment_pk=att.pk))
    assert response.content == PNG and response["Content-Type"] == "image/png"


def test_a_file_that_is_not_an_image_or_pdf_is_refused(client, people, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["manager"])
    response = client.post(
        url("new"),
        form_data(
            people,
            screenshot=SimpleUploadedFile(
                "shot.png", b"MZ\x90\x00 not really a png", content_type="image/png"
            ),
        ),
    )
    assert "PNG, JPEG, WebP" in response.content.decode()
    assert not Case.objects.filter(organization=org).exists()


def test_two_people_editing_one_case_the_second_gets_a_conflict(client, people, open_case, org):
    case = open_case()
    client.force_login(people["manager"])
    v = case.version
    first = client.post(url("edit", pk=case.pk), {"version": v, "raised_by": "A reporter"})
    second = client.post(url("edit", pk=case.pk), {"version": v, "raised_by": "Someone"})
    assert first.status_code == 302
    assert second.status_code == 409
    assert "Someone else changed this case" in second.content.decode()
    assert Case.objects.get(organization=org).raised_by == "A reporter"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_page_renders_in_both_languages(client, people, open_case, lang):
    case = open_case()
    client.force_login(people["manager"])
    for name, kw in [
        ("list", {}),
        ("new", {}),
        ("support_new", {}),
        ("detail", {"pk": case.pk}),
        ("edit", {"pk": case.pk}),
        ("retention", {}),
        ("practice_list", {}),
        ("practice", {"scenario_id": "s01-partisan-election-manager"}),
    ]:
        response = client.get(url(name, lang, **kw))
        assert response.status_code == 200, name
        assert f'lang="{lang}"' in response.content.decode()


def test_a_step_saved_on_a_stale_version_is_refused_with_the_conflict_message(
    client, people, open_case, org
):
    case = open_case()
    client.force_login(people["manager"])
    stale = case.version
    client.post(url("step", pk=case.pk), {"version": stale, "step": "rights_and_context"})
    response = client.post(
        url("step", pk=case.pk),
        {"version": stale, "step": "talk_with_employee", "note": "lost?"},
        follow=True,
    )
    assert "Someone else changed this case" in response.content.decode()
    assert Case.objects.get(organization=org).steps_done == ["rights_and_context"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_outcome_before_the_rights_step_is_explained_in_the_readers_language(
    client, people, open_case, lang, org
):
    case = open_case()
    client.force_login(people["manager"])
    response = client.post(
        url("outcome", lang, pk=case.pk),
        {"version": case.version, "outcome": "no_action"},
        follow=True,
    )
    expected = "earlier steps first" if lang == "en" else "étapes préalables"
    assert expected in response.content.decode()
    assert Case.objects.get(organization=org).outcome == ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_case_shows_the_words_that_raised_each_consideration_and_the_context(
    client, people, open_case, lang
):
    case = open_case()
    client.force_login(people["manager"])
    page = client.get(url("detail", lang, pk=case.pk)).content.decode()
    assert "<q>" in page and "PS01" in page
    assert ("Election period" if lang == "en" else "Période électorale") in page


def _with_outcome(people, open_case, outcome="no_action"):
    from postcheck.cases import handling

    m = people["manager"]
    case = open_case()
    case = handling.complete_step(m, case.pk, "rights_and_context", case.version)
    return handling.record_outcome(m, case.pk, outcome, case.version)


def _forms_to(page, *names, pk):
    return [name for name in names if f'action="{url(name, pk=pk)}"' in page]


ACTIONS = ("step", "outcome", "close", "reopen")


def test_a_case_with_an_outcome_offers_closing_and_changing_it_not_reopening(
    client, people, open_case
):
    case = _with_outcome(people, open_case)
    client.force_login(people["manager"])
    page = client.get(url("detail", pk=case.pk)).content.decode()
    assert _forms_to(page, *ACTIONS, pk=case.pk) == ["outcome", "close"]
    assert "Change the outcome" in page


def test_a_closed_case_offers_only_reopening(client, people, open_case):
    from postcheck.cases import handling

    case = _with_outcome(people, open_case)
    case = handling.close_case(people["manager"], case.pk, case.version)
    client.force_login(people["manager"])
    page = client.get(url("detail", pk=case.pk)).content.decode()
    assert _forms_to(page, *ACTIONS, pk=case.pk) == ["reopen"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Reopened", "outcome set aside: Informal conversation")),
        ("fr", ("Rouvert", "résultat mis de côté : Conversation informelle")),
    ],
)
def test_the_history_of_a_reopened_case_shows_the_outcome_it_set_aside(
    client, people, open_case, lang, words
):
    from postcheck.cases import handling

    m = people["manager"]
    case = open_case()
    for step in ("rights_and_context", "talk_with_employee"):
        case = handling.complete_step(m, case.pk, step, case.version)
    case = handling.record_outcome(m, case.pk, "informal_conversation", case.version)
    case = handling.close_case(m, case.pk, case.version)
    case = handling.reopen_case(m, case.pk, case.version)
    client.force_login(m)
    page = client.get(url("detail", lang, pk=case.pk)).content.decode().replace("&#x27;", "'")
    history = page[page.index('id="status-history"') :]
    for word in words:
        assert word in history
    assert 'id="case-outcome"' not in page  # set aside: no longer the case's outcome


def _compared(page, part):
    import re

    match = re.search(rf'<dd id="compare-{part}">(.*?)</dd>', page, re.S)
    assert match, f"no comparison of the {part}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


@pytest.mark.parametrize(
    ("lang", "same", "different", "missed", "action"),
    [
        ("en", "same as the reference", "different from the reference", "PS05", "No action"),
        ("fr", "identique à la référence", "différente de la référence", "PS05", "Aucune action"),
    ],
)
def test_practice_feedback_compares_the_level_the_considerations_and_the_action(
    client, people, lang, same, different, missed, action
):
    # The reference of s06: high; PS02, PS04, PS05; advice to edit or remove the post.
    client.force_login(people["manager"])
    page = client.post(
        url("practice", lang, scenario_id="s06-official-capacity-logo-fr"),
        {"level": "high", "codes": ["PS02", "PS04"], "outcome": "no_action"},
    ).content.decode()
    assert _compared(page, "level").endswith(f"({same})")
    assert _compared(page, "codes").endswith(f"({different})")
    assert missed in _compared(page, "missed")
    outcome = _compared(page, "outcome")
    assert action in outcome and outcome.endswith(f"({different})")


def test_a_stored_link_that_is_not_http_is_shown_as_text_never_as_a_link(client, people, open_case):
    case = open_case()
    Case.objects.filter(pk=case.pk).update(post_url="javascript:alert(document.domain)//")
    client.force_login(people["manager"])
    page = client.get(url("detail", pk=case.pk)).content.decode()
    assert "javascript:alert(document.domain)//" in page
    assert 'href="javascript:' not in page.lower()


def test_an_http_link_to_the_post_is_a_link(client, people, open_case):
    case = open_case(post_url="https://x.com/someone/status/1")
    client.force_login(people["manager"])
    page = client.get(url("detail", pk=case.pk)).content.decode()
    assert 'href="https://x.com/someone/status/1"' in page


def _choice_groups(page: str) -> dict[str, list[str]]:
    """Each fieldset's legend and, for each of its choices, the markup of its line."""
    import re

    groups = {}
    for block in re.findall(r"<fieldset\b.*?</fieldset>", page, re.S):
        legend = re.search(r"<legend>(.*?)</legend>", block, re.S)
        lines = re.findall(r'<div class="pc-choice">(.*?)</div>', block, re.S)
        groups[" ".join(re.sub(r"<.*?>", " ", legend.group(1)).split()) if legend else ""] = lines
    return groups


def test_the_practice_form_gives_each_choice_its_own_line_under_a_legend(client, people):
    client.force_login(people["manager"])
    page = client.get(url("practice", scenario_id="s03-policy-opinion-analyst")).content.decode()
    groups = _choice_groups(page)
    assert len(groups["Considerations raised"]) == 14
    assert len(groups["Level (required)"]) == 3
    assert len(groups["What would you do? (required)"]) == 6
    for lines in groups.values():
        assert all(line.count("<input") == 1 and "<label" in line for line in lines)


def test_the_new_case_form_puts_each_channel_and_checkbox_beside_its_label(client, people):
    import re

    client.force_login(people["manager"])
    page = client.get(url("new")).content.decode()
    assert len(_choice_groups(page)["How did the post reach you? (required)"]) == 5
    for name in ("identifiable", "about_own_work", "election_period"):
        assert re.search(
            rf'<div class="pc-field pc-choice">\s*<input type="checkbox" name="{name}"[^>]*>\s*'
            rf'<label for="id_{name}">',
            page,
        ), name
