"""The report's "Left out" says, in English and in French, that private messages are never
read: for a file, a folder (with its number of files) and records inside a file."""

from __future__ import annotations

import io

import pytest

from postcheck.archives import ReadLog
from postcheck.archives.private import REASON, Withheld, note_records, note_withheld
from postcheck.reports.history import ReviewResult
from postcheck.reports.html import write_html
from postcheck.reports.html_strings import STRINGS


def left_out(lang: str) -> str:
    log = ReadLog()
    note_withheld(log, [Withheld("Messages.csv"), Withheld("messages/", 3)])
    note_records(log, "outbox.json", 2)
    log.skip_file("data/tweets-part1.js", "the JSON is broken or truncated")
    out = io.StringIO()
    write_html(ReviewResult(skipped=log.skipped), out, lang=lang)
    html = out.getvalue()
    return html[html.index('<section aria-labelledby="skipped-h">') :].split("</section>")[0]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "<strong>Messages.csv</strong>: skipped: private messages are never read</li>",
                "<strong>messages/</strong>: skipped: private messages are never read "
                "(3 file(s) in this folder, none opened)</li>",
                "<strong>outbox.json</strong>: skipped: private messages are never read "
                "(2 in this file, not reviewed)</li>",
            ],
        ),
        (
            "fr",
            [
                "<strong>Messages.csv</strong>: ignoré : les messages privés ne sont jamais lus</li>",
                "<strong>messages/</strong>: ignoré : les messages privés ne sont jamais lus "
                "(3 fichier(s) dans ce dossier, aucun ouvert)</li>",
                "<strong>outbox.json</strong>: ignoré : les messages privés ne sont jamais lus "
                "(2 dans ce fichier, non examinés)</li>",
            ],
        ),
    ],
)
def test_private_messages_are_named_in_the_reports_language(lang, lines):
    html = left_out(lang)
    for line in lines:
        assert html.count(line) == 1


def test_other_notes_keep_their_reason():
    assert "<strong>data/tweets-part1.js</strong>: the JSON is broken" in left_out("fr")


def test_the_english_report_says_what_the_machine_outputs_say():
    assert STRINGS["en"]["private_file"] == REASON
    log = ReadLog()
    note_withheld(log, [Withheld("m/", 3)])
    note_records(log, "outbox.json", 2)
    folder, records = log.skipped
    assert STRINGS["en"]["private_folder"].format(n=3) == folder["reason"]
    assert STRINGS["en"]["private_records"].format(n=2) == records["reason"]
