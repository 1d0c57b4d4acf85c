"""The LinkedIn importer yields the person's own posts as engine.Post, from today's export
and the 2018 one (UTF-16, tab-separated, with articles), and reads each comment whole."""

from __future__ import annotations

import codecs
import json
import shutil
from datetime import UTC, datetime

import pytest

from archive_support import ARCHIVES, SECRET, make_zip, posts_of
from postcheck.archives import open_export
from postcheck.archives.linkedin import parse_date
from postcheck.cli import main

OLD = ARCHIVES / "linkedin-2018"
FEED = "https://www.linkedin.com/feed/update/urn:li:activity:"

# LinkedIn's Comments.csv escapes a quote with a backslash, not by doubling it.
COMMENTS = (
    "Date,Link,Message\n"
    f'2020-01-01 10:00:00,"{FEED}6600000000000000001","He said \\"no\\", then left"\n'
    f'2020-01-02 11:30:00,"{FEED}6600000000000000002","Two points:\n'
    'first, the \\"pilot\\" works; second, it ships"\n'
    f'2020-01-03 09:00:00,"{FEED}6600000000000000003","She wrote "yes", then signed"\n'
    f'2020-01-04 12:00:00,"{FEED}6600000000000000004","Thanks for sharing ""this"" report"\n'
    f'2020-01-05 08:00:00,"{FEED}6600000000000000005","An unfinished comment\n'
    "that never ends\n"
)
COMMENT_TEXTS = [
    'He said "no", then left',
    'Two points:\nfirst, the "pilot" works; second, it ships',
    'Thanks for sharing "this" report',
]
OLD_SHARE_TEXTS = [
    "Our team shipped the new intake form.\nThanks to everyone, and\tcheers!",
    'We have "Great news" to share about the pilot.',
]


def review_json(capsys, path, *args: str) -> tuple[int, dict]:
    code = main(["review", str(path), "--format", "json", "-j", "1", *args])
    return code, json.loads(capsys.readouterr().out)


def test_linkedin_bom_notes_preamble_and_multiline_commentary():
    posts = posts_of(ARCHIVES / "linkedin")
    share = next(p for p in posts if p.kind == "post")
    assert (
        share.text == 'Proud of our team\'s work on the new "client portal".\nOpinions are my own.'
    )
    assert share.url.startswith("https://www.linkedin.com/feed/update/")


def test_linkedin_share_without_commentary_is_a_repost_and_comments_are_read():
    kinds = sorted(p.kind for p in posts_of(ARCHIVES / "linkedin"))
    assert kinds == ["comment", "post", "repost"]


def test_linkedin_never_reads_messages():
    assert all(SECRET not in p.text for p in posts_of(ARCHIVES / "linkedin"))


# --- the 2018 export ------------------------------------------------------------


def test_2018_utf16_tab_separated_shares_are_read_with_their_dates():
    shares = [p for p in posts_of(OLD) if p.url and "/feed/" in p.url]
    assert [(p.kind, p.text) for p in shares] == [
        ("post", OLD_SHARE_TEXTS[0]),
        ("post", OLD_SHARE_TEXTS[1]),
        ("repost", ""),
    ]
    assert [p.created_at for p in shares] == [
        datetime(2017, 6, 8, 8, 15, 44, tzinfo=UTC),
        datetime(2017, 9, 21, 17, 2, 10, tzinfo=UTC),
        datetime(2018, 1, 15, 12, 0, 0, tzinfo=UTC),
    ]
    assert shares[0].url == FEED + "6280000000000000001"


def test_2018_shares_without_a_bom_are_read_alike(tmp_path):
    data = (OLD / "Shares.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    (tmp_path / "Shares.csv").write_bytes(data[len(codecs.BOM_UTF16_LE) :])
    texts = [p.text for p in posts_of(tmp_path / "Shares.csv") if p.kind == "post"]
    assert texts == OLD_SHARE_TEXTS


def test_2018_articles_are_reviewed_as_posts_with_title_text_date_and_link():
    export = open_export(OLD)
    try:
        posts = list(export.posts())
    finally:
        export.close()
    articles = {p.text.split("\n", 1)[0]: p for p in posts if not (p.url or "").count("/feed/")}
    lessons = articles["Lessons from a year of open data"]
    assert lessons.kind == "post"
    assert lessons.text == (
        "Lessons from a year of open data\n\n"
        "Publishing our datasets taught us three things.\n\n"
        "First, people read the documentation & the data.\nSecond, they write back."
    )
    # The published date, not the created one: that is when it became public.
    assert lessons.created_at == datetime(2017, 6, 8, 8, 15, tzinfo=UTC)
    assert lessons.url == "https://www.linkedin.com/pulse/lessons-year-open-data-alex-tremblay"


def test_2018_article_without_a_date_is_reviewed_undated_and_noted():
    export = open_export(OLD)
    try:
        notes = next(p for p in export.posts() if p.text.startswith("Notes on plain"))
    finally:
        export.close()
    assert notes.text == "Notes on plain language\n\nShort sentences help every reader."
    assert notes.created_at is None and notes.kind == "post"
    assert export.log.skipped == [
        {
            "item": "Articles/Articles/Notes.html",
            "reason": "the article gives no date; it was reviewed without one, so --since "
            "and --until do not apply to it",
            "reason_fr": "l'article ne donne pas de date; il a été examiné sans date, donc "
            "--since et --until ne s'y appliquent pas",
        }
    ]


def test_articles_in_a_single_articles_folder_of_a_zip_are_read(tmp_path):
    page = (OLD / "Articles" / "Articles" / "Lessons.html").read_bytes()
    path = make_zip(
        tmp_path / "export.zip", {"Basic_LinkedInDataExport/Articles/Lessons.html": page}
    )
    posts = posts_of(path)
    assert [p.text.split("\n", 1)[0] for p in posts] == ["Lessons from a year of open data"]


def test_excluding_posts_leaves_out_articles_too(capsys):
    _, out = review_json(capsys, OLD, "--exclude", "posts")
    assert out["excluded"] == {"post": 4}
    assert out["posts_reviewed"] == 0 and out["reposts"] == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017/06/08 08:15:44 UTC", datetime(2017, 6, 8, 8, 15, 44, tzinfo=UTC)),
        ("2017/6/8 08:15:44", datetime(2017, 6, 8, 8, 15, 44, tzinfo=UTC)),
        ("2024-05-13 14:04:05", datetime(2024, 5, 13, 14, 4, 5, tzinfo=UTC)),
        ("2024-05-13T14:04:05Z", datetime(2024, 5, 13, 14, 4, 5, tzinfo=UTC)),
        ("", None),
        ("last Tuesday", None),
    ],
)
def test_dates_of_both_exports_are_parsed(value, expected):
    assert parse_date(value) == expected


def test_a_date_not_understood_is_noted_and_the_row_kept(tmp_path):
    (tmp_path / "Shares.csv").write_text(
        "Date,ShareLink,ShareCommentary\n08 June 2017,,Our branch opened a new office today.\n"
    )
    export = open_export(tmp_path / "Shares.csv")
    try:
        posts = list(export.posts())
    finally:
        export.close()
    assert [(p.text, p.created_at) for p in posts] == [
        ("Our branch opened a new office today.", None)
    ]
    assert export.log.skipped[0]["item"] == "Shares.csv line 2"
    assert "'08 June 2017' was not understood" in export.log.skipped[0]["reason"]


# --- today's export: header variants and quoting ----------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility",
        "Date,Share Link,Share Commentary,Shared Url,Media Url,Visibility",
        "date,share_link,share_commentary,shared_url,media_url,visibility",
    ],
)
def test_every_header_variant_of_shares_is_read(tmp_path, head):
    (tmp_path / "Shares.csv").write_text(
        f"{head}\n2024-05-13 14:04:05,{FEED}1,Our new service opens on Monday.,,,PUBLIC\n"
    )
    posts = posts_of(tmp_path / "Shares.csv")
    assert [(p.kind, p.text, p.url) for p in posts] == [
        ("post", "Our new service opens on Monday.", FEED + "1")
    ]


def test_stray_doubled_quotes_in_a_quoted_commentary_are_cleaned(tmp_path):
    (tmp_path / "Shares.csv").write_text(
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        f'2024-05-13 14:04:05,{FEED}1,"We have """"Great news"""" today",,,PUBLIC\n'
    )
    assert [p.text for p in posts_of(tmp_path / "Shares.csv")] == ['We have "Great news" today']


def test_comments_with_backslash_escaped_quotes_are_read_whole(tmp_path):
    (tmp_path / "Comments.csv").write_text(COMMENTS)
    posts = posts_of(tmp_path / "Comments.csv")
    assert [p.text for p in posts] == COMMENT_TEXTS
    assert {p.kind for p in posts} == {"comment"}
    assert [p.created_at.day for p in posts] == [1, 2, 4]
    assert posts[1].url == FEED + "6600000000000000002"


def test_comment_rows_that_cannot_be_read_are_listed_with_their_line(tmp_path):
    (tmp_path / "Comments.csv").write_text(COMMENTS)
    export = open_export(tmp_path / "Comments.csv")
    try:
        list(export.posts())
    finally:
        export.close()
    assert [(s["item"], s["reason"]) for s in export.log.skipped] == [
        (
            "Comments.csv line 5",
            "could not be read as CSV (it has 4 fields where the header has 3; a quote or a "
            "line break in the text may not be escaped); left out: read it in the file and "
            "judge it yourself",
        ),
        (
            "Comments.csv line 7",
            "could not be read as CSV (a quoted field that starts on this line is never "
            "closed, so the rest of the file (to line 8) could not be read); left out: read "
            "it in the file and judge it yourself",
        ),
    ]
    assert export.log.skipped[0]["item_fr"] == "Comments.csv, ligne 5"


# --- a lone file, through the CLI ---------------------------------------------------


@pytest.mark.parametrize(
    ("source", "shares"),
    [(ARCHIVES / "linkedin" / "Shares.csv", 1), (OLD / "Shares.csv", 2)],
    ids=["2025", "2018"],
)
def test_shares_csv_alone_is_reviewed_as_linkedin(capsys, tmp_path, source, shares):
    lone = tmp_path / "Shares.csv"
    shutil.copy(source, lone)
    code, out = review_json(capsys, lone)
    assert code in (0, 1)
    assert out["formats"] == ["linkedin"]
    assert out["posts_reviewed"] + sum(out["unchecked"].values()) == shares
    assert out["reposts"] == 1 and out["skipped"] == []


def test_comments_csv_alone_is_linkedin_and_every_comment_is_a_comment(capsys, tmp_path):
    (tmp_path / "Comments.csv").write_text(COMMENTS)
    code, out = review_json(capsys, tmp_path / "Comments.csv")
    assert code in (0, 1)
    assert out["formats"] == ["linkedin"]
    assert out["posts_reviewed"] + sum(out["unchecked"].values()) == len(COMMENT_TEXTS)
    assert [s["item"] for s in out["skipped"]] == ["Comments.csv line 5", "Comments.csv line 7"]

    _, excluded = review_json(capsys, tmp_path / "Comments.csv", "--exclude", "comments")
    assert excluded["excluded"] == {"comment": len(COMMENT_TEXTS)}
    assert excluded["posts_reviewed"] == 0
