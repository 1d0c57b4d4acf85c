"""The generic CSV and JSONL importer yields the person's own posts as engine.Post, from real-format fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

from archive_support import ARCHIVES, posts_of
from postcheck.archives import ImportOptions, open_export


def test_generic_csv_with_column_mapping():
    opts = ImportOptions(
        text_column="message", date_column="when", id_column="post_id", url_column="link"
    )
    posts = posts_of(ARCHIVES / "generic" / "posts.csv", options=opts)
    assert [(p.id, p.text, p.url) for p in posts] == [
        ("g1", "Vote NDP on Monday!", "https://example.ca/p/1"),
        ("g2", "Lunch, then a walk", None),
    ]
    assert posts[1].created_at == datetime.fromtimestamp(1715700000, UTC)


def test_generic_jsonl_skips_bad_lines_and_notes_them():
    export = open_export(ARCHIVES / "generic" / "posts.jsonl")
    posts = list(export.posts())
    assert [p.id for p in posts] == ["j1", "j2"]
    assert export.log.skipped == [
        {"file": "posts.jsonl", "reason": "1 line(s) are not JSON objects"}
    ]


def test_generic_unknown_text_column_is_reported():
    export = open_export(
        ARCHIVES / "generic" / "posts.csv",
        format_hint="generic",
        options=ImportOptions(text_column="nope"),
    )
    assert list(export.posts()) == []
    assert "no text column" in export.log.skipped[0]["reason"]


def test_generic_reads_a_tab_separated_utf16_csv_and_loose_column_names(tmp_path):
    text = "Post ID\tFull Text\r\np1\tOur office opens on Monday.\r\n"
    (tmp_path / "mine.csv").write_bytes(text.encode("utf-16-le"))
    posts = posts_of(tmp_path / "mine.csv", options=ImportOptions(text_column="full_text"))
    assert [(p.id, p.text) for p in posts] == [("p1", "Our office opens on Monday.")]


def test_generic_language_column_is_the_posts_language_tag(tmp_path):
    csv_file = tmp_path / "posts.csv"
    csv_file.write_text(
        "id,text,Language\nc1,Ese ministro un con,es\nc2,Votez NPD lundi!,fr-CA\nc3,Hello,\n",
        "utf-8",
    )
    assert [(p.id, p.lang) for p in posts_of(csv_file)] == [
        ("c1", "es"),
        ("c2", "fr"),
        ("c3", None),
    ]
    jsonl = tmp_path / "posts.jsonl"
    jsonl.write_text(
        '{"id": "j1", "text": "Ese ministro, un con", "language": "es"}\n'
        '{"id": "j2", "text": "Vote NDP on Monday!", "language": "en-CA"}\n',
        "utf-8",
    )
    assert [(p.id, p.lang) for p in posts_of(jsonl)] == [("j1", "es"), ("j2", "en")]
