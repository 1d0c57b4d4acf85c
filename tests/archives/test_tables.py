"""CSV reading shared by the importers: any encoding and delimiter platforms use, column
names compared loosely, quoting undone, and each row that cannot be read noted with its
line, never cut short or split into rows of its own."""

from __future__ import annotations

import codecs

import pytest

from postcheck.archives.common import ReadLog
from postcheck.archives.safezip import open_container
from postcheck.archives.tables import column_key, header, rows


def read(tmp_path, data: bytes | str, **kw) -> tuple[list[tuple[int, dict[str, str]]], list]:
    path = tmp_path / "table.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    log = ReadLog()
    with open_container(path) as container:
        return list(rows(container, "table.csv", log, **kw)), log.skipped


def cols(tmp_path, data: bytes) -> list[str]:
    path = tmp_path / "table.csv"
    path.write_bytes(data)
    with open_container(path) as container:
        return header(container, "table.csv")


@pytest.mark.parametrize(
    "name", ["ShareCommentary", "Share Commentary", "share_commentary", "\ufeffSHARE-COMMENTARY "]
)
def test_column_names_are_compared_without_case_spaces_or_underscores(name):
    assert column_key(name) == "sharecommentary"


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-16"], ids=["le-no-bom", "be-no-bom", "bom"]
)
def test_utf16_tab_separated_file_is_read_with_or_without_bom(tmp_path, encoding):
    text = "Date\tShare Commentary\r\n2017/06/08 08:15:44 UTC\tBonjour, à tous\r\n"
    found, skipped = read(tmp_path, text.encode(encoding))
    assert found == [(2, {"date": "2017/06/08 08:15:44 UTC", "sharecommentary": "Bonjour, à tous"})]
    assert skipped == []


def test_semicolon_separated_file_is_read(tmp_path):
    found, _ = read(tmp_path, "texte;date\nBonjour, le monde;2024-05-13\n")
    assert found == [(2, {"texte": "Bonjour, le monde", "date": "2024-05-13"})]


def test_notes_preamble_is_skipped_in_any_encoding(tmp_path):
    text = "Notes:\r\nThis file contains your shares.\r\n\r\nDate,ShareCommentary\r\n2024,Hi\r\n"
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    assert cols(tmp_path, data) == ["date", "sharecommentary"]
    found, _ = read(tmp_path, data)
    assert found == [(5, {"date": "2024", "sharecommentary": "Hi"})]


def test_quoted_field_spans_lines_and_keeps_its_delimiters(tmp_path):
    found, skipped = read(tmp_path, 'id,text\r\n1,"one, two\r\nthree"\r\n2,four\r\n')
    assert found == [(2, {"id": "1", "text": "one, two\nthree"}), (4, {"id": "2", "text": "four"})]
    assert skipped == []


def test_doubled_quotes_are_quotes_and_a_quote_inside_the_text_is_kept(tmp_path):
    found, _ = read(tmp_path, 'id,text\n1,"say ""hi"" now"\n2,"a 5" screen"\n3,""\n')
    assert [r["text"] for _, r in found] == ['say "hi" now', 'a 5" screen', ""]


def test_backslash_escapes_are_undone_only_when_asked(tmp_path):
    data = 'id,text\n1,"He said \\"no\\", then C:\\\\temp \\d"\n'
    found, _ = read(tmp_path, data, backslash_escapes=True)
    assert found[0][1]["text"] == 'He said "no", then C:\\temp \\d'
    found, _ = read(tmp_path, 'id,text\n1,"a \\"b c"\n')
    assert found[0][1]["text"] == 'a \\"b c'


def test_row_with_more_fields_than_the_header_is_noted_and_the_next_read(tmp_path):
    found, skipped = read(tmp_path, 'id,text\n1,"She wrote "yes", then left"\n2,next\n')
    assert found == [(3, {"id": "2", "text": "next"})]
    assert skipped[0]["item"] == "table.csv line 2"
    assert "3 fields where the header has 2" in skipped[0]["reason"]


def test_a_line_that_is_the_rest_of_a_broken_row_is_never_a_row_of_its_own(tmp_path):
    found, skipped = read(tmp_path, "date,link,text\n2024,http://a,first part\nsecond part\n")
    assert found == [(2, {"date": "2024", "link": "http://a", "text": "first part"})]
    assert [s["item"] for s in skipped] == ["table.csv line 3"]
    assert "1 field where the header has 3" in skipped[0]["reason"]


def test_multi_line_row_that_cannot_be_read_names_all_its_lines(tmp_path):
    _, skipped = read(tmp_path, 'id,text\n1,"two\nlines",extra\n')
    assert skipped[0]["item"] == "table.csv lines 2-3"
    assert skipped[0]["item_fr"] == "table.csv, lignes 2 à 3"


def test_unclosed_quote_keeps_the_rows_before_and_names_the_lines_left_out(tmp_path):
    found, skipped = read(tmp_path, 'id,text\n1,ok\n2,"never closed\n3,more\n4,end\n')
    assert found == [(2, {"id": "1", "text": "ok"})]
    assert len(skipped) == 1
    assert skipped[0]["item"] == "table.csv line 3"
    assert (
        "never closed, so the rest of the file (to line 5) could not be read"
        in (skipped[0]["reason"])
    )
    assert "jusqu'à la ligne 5" in skipped[0]["reason_fr"]


def test_blank_lines_are_passed_over(tmp_path):
    found, skipped = read(tmp_path, "id,text\n\n1,a\n\r\n2,b\n")
    assert found == [(3, {"id": "1", "text": "a"}), (5, {"id": "2", "text": "b"})]
    assert skipped == []


def test_file_without_a_header_is_noted(tmp_path):
    found, skipped = read(tmp_path, "\n\n")
    assert found == []
    assert "no header row could be read" in skipped[0]["reason"]
