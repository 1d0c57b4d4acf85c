"""``postcheck review`` end to end: options, exit codes and the JSON/CSV/JSONL outputs.

Verdicts belong to the engine (its rules change); these tests check structure, and only
that an obviously partisan post ("Vote NDP on Monday!") is flagged.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile

import pytest

from archive_support import ARCHIVES, SECRET, make_zip
from language_support import POSTS, x_export
from postcheck.cli import main

X = str(ARCHIVES / "x-synthetic")


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["review", *args, "--format", "json", "-j", "1"])
    return code, json.loads(capsys.readouterr().out)


def test_json_has_the_documented_shape(capsys):
    code, out = run_json(capsys, X)
    assert code == 1
    assert {
        "posts_reviewed",
        "reposts",
        "flagged",
        "skipped",
        "by_level",
        "by_code",
        "by_year",
    } <= set(out)
    item = out["flagged"][0]
    assert {"id", "text", "date", "url", "kind", "level", "codes", "findings"} <= set(item)


def test_reposts_are_counted_apart_and_not_reviewed_by_default(capsys):
    _, out = run_json(capsys, X)
    assert out["posts_reviewed"] == 5
    assert out["reposts"] == 1
    assert sum(out["by_level"].values()) == 5


def test_partisan_post_is_flagged_with_its_span(capsys):
    _, out = run_json(capsys, X)
    flagged = {f["id"]: f for f in out["flagged"]}
    item = flagged["1790000000000000001"]
    assert "PS01" in item["codes"]
    f = item["findings"][0]
    assert item["text"][f["start"] : f["end"]] == f["matched"]
    assert item["url"] == "https://x.com/alex_tremblay/status/1790000000000000001"


def test_by_code_and_by_year_count_flagged_posts(capsys):
    _, out = run_json(capsys, X)
    assert out["by_code"]["PS01"] >= 1
    assert out["by_year"]["2024"]["flagged"] == len(out["flagged"])
    assert out["by_year"]["2023"]["reviewed"] == 2


def test_exit_zero_when_nothing_reaches_min_level(capsys):
    code, out = run_json(capsys, str(ARCHIVES / "x-old"), "--min-level", "high")
    assert code == 0 and out["flagged"] == []


def test_since_and_until_limit_the_period(capsys):
    _, out = run_json(capsys, X, "--since", "2024-01-01", "--until", "2024-05-14")
    assert out["posts_reviewed"] == 1
    assert out["out_of_range"] == 4  # a reply, a long post and two 2023 posts


def test_include_reposts_reviews_them(capsys):
    _, out = run_json(capsys, X, "--include", "reposts")
    assert out["posts_reviewed"] == 6 and out["reposts"] == 1


def test_exclude_replies(capsys):
    _, out = run_json(capsys, X, "--exclude", "replies")
    assert out["posts_reviewed"] == 4
    assert out["excluded"] == {"reply": 1}


def test_unknown_kind_is_a_usage_error(capsys):
    assert main(["review", X, "--include", "likes"]) == 2
    assert "unknown kind 'likes'" in capsys.readouterr().err


def test_as_role_judges_posts_in_the_new_role(capsys):
    _, out = run_json(capsys, X, "--as-role", "executive")
    assert out["context"]["role"] == "executive"
    assert out["role_change"] == {"from": "employee", "to": "executive", "date": None}


def test_role_change_date_compares_older_posts_with_the_former_role(capsys):
    _, out = run_json(
        capsys,
        X,
        "--as-role",
        "executive",
        "--role-change-date",
        "2024-05-14",
        "--min-level",
        "low",
    )
    older = [f for f in out["flagged"] if f["date"] < "2024-05-14"]
    newer = [f for f in out["flagged"] if f["date"] >= "2024-05-14"]
    assert older and all("level_in_former_role" in f for f in older)
    assert all("level_in_former_role" not in f for f in newer)


def test_role_change_date_needs_as_role(capsys):
    assert main(["review", X, "--role-change-date", "2024-01-01"]) == 2
    assert "--as-role" in capsys.readouterr().err


def test_context_flags_are_used(capsys):
    _, out = run_json(capsys, X, "--role", "manager", "--followers", "2500", "--election")
    assert out["context"]["role"] == "manager"
    assert out["context"]["followers"] == 2500 and out["context"]["election_period"] is True


def test_all_cores_give_the_same_result_as_one(capsys):
    main(["review", X, "--format", "json", "-j", "2"])
    two = json.loads(capsys.readouterr().out)
    _, one = run_json(capsys, X)
    assert two["flagged"] == one["flagged"] and two["by_level"] == one["by_level"]


def test_jsonl_is_one_flagged_post_per_line_then_the_summary(capsys):
    main(["review", X, "--format", "jsonl", "-j", "1"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "summary" in lines[-1] and lines[-1]["summary"]["posts_reviewed"] == 5
    assert all("codes" in line for line in lines[:-1])


def test_csv_has_a_header_and_one_row_per_flagged_post(capsys):
    main(["review", X, "--format", "csv", "-j", "1"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    _, out = run_json(capsys, X)
    assert len(rows) == len(out["flagged"])
    assert rows[0]["id"] == out["flagged"][0]["id"] and rows[0]["reasons"]


def test_csv_cells_cannot_start_a_spreadsheet_formula(capsys, tmp_path):
    (tmp_path / "p.csv").write_text('id,text\n1,"=HYPERLINK(""x"") Vote NDP on Monday!"\n')
    main(["review", str(tmp_path / "p.csv"), "--format", "csv", "-j", "1"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["text"].startswith("'=")


def test_output_file(tmp_path, capsys):
    dest = tmp_path / "out.json"
    main(["review", X, "--format", "json", "-o", str(dest), "-j", "1"])
    assert capsys.readouterr().out == ""
    assert json.loads(dest.read_text())["posts_reviewed"] == 5


def test_direct_messages_never_appear_in_any_output(capsys, tmp_path):
    for src in ("x-synthetic", "mastodon", "facebook", "linkedin", "reddit"):
        for fmt in ("json", "csv", "jsonl"):
            main(
                [
                    "review",
                    str(ARCHIVES / src),
                    "--format",
                    fmt,
                    "--min-level",
                    "low",
                    "--include",
                    "reposts",
                    "-j",
                    "1",
                ]
            )
            assert SECRET not in capsys.readouterr().out


def test_nothing_is_written_but_the_report(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "r.html"
    main(["review", X, "--report", str(report), "-j", "1"])
    assert sorted(os.listdir(tmp_path)) == ["r.html"]


def test_errors_are_one_line_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"nope")
    assert main(["review", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("postcheck: ") and err.count("\n") == 1


def test_bad_date_is_a_usage_error(capsys):
    assert main(["review", X, "--since", "last week"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("src", ["mastodon", "facebook", "instagram", "linkedin", "reddit"])
def test_every_platform_reviews_end_to_end(capsys, src):
    code, out = run_json(capsys, str(ARCHIVES / src), "--min-level", "low")
    assert code in (0, 1)
    assert out["posts_reviewed"] > 0 and out["formats"]


def test_role_change_on_all_cores_matches_one_core(capsys):
    args = [
        X,
        "--as-role",
        "executive",
        "--role-change-date",
        "2024-05-14",
        "--min-level",
        "low",
        "--format",
        "json",
    ]
    main(["review", *args, "-j", "2"])
    two = json.loads(capsys.readouterr().out)
    main(["review", *args, "-j", "1"])
    one = json.loads(capsys.readouterr().out)
    assert two["flagged"] == one["flagged"] and two["by_level"] == one["by_level"]


def test_a_renamed_comments_file_is_left_out_by_exclude_comments(capsys, tmp_path):
    renamed = tmp_path / "Comments (1).csv"
    shutil.copy(ARCHIVES / "linkedin" / "Comments.csv", renamed)
    code, out = run_json(capsys, str(renamed), "--format-hint", "linkedin", "--exclude", "comments")
    assert code == 0
    assert out["posts_reviewed"] == 0 and out["excluded"] == {"comment": 1}


def test_a_hint_the_file_contradicts_is_one_line_naming_the_right_hint(capsys, tmp_path):
    renamed = tmp_path / "comments (1).csv"
    shutil.copy(ARCHIVES / "reddit" / "comments.csv", renamed)
    assert main(["review", str(renamed), "--format-hint", "linkedin", "-j", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Reddit data request" in err and "--format-hint reddit" in err


def test_facebook_export_in_html_format_says_to_download_json(capsys, tmp_path):
    path = tmp_path / "facebook-alex-2026.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("start_here.html", "<html></html>")
        zf.writestr(
            "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html",
            "<html></html>",
        )
    assert main(["review", str(path), "-j", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is Facebook's export in HTML format" in err and "choose Format: JSON" in err


def test_several_bluesky_repositories_are_refused_with_exit_2(capsys, tmp_path):
    for name in ("a.car", "b.car"):
        shutil.copy(ARCHIVES / "bluesky" / "repo.car", tmp_path / name)
    assert main(["review", str(tmp_path), "-j", "1"]) == 2
    assert "holds 2 Bluesky repositories (a.car, b.car): review one at a time" in (
        capsys.readouterr().err
    )


def test_a_rezipped_export_is_reviewed(capsys, tmp_path):
    inner = tmp_path / "twitter.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        for f in sorted((ARCHIVES / "x-synthetic").rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(ARCHIVES / "x-synthetic").as_posix())
    outer = tmp_path / "backup.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.write(inner, "twitter.zip")
    code, out = run_json(capsys, str(outer))
    assert code == 1 and out["posts_reviewed"] == 5


def test_community_posts_are_reviewed(capsys):
    code, out = run_json(capsys, str(ARCHIVES / "x-community"))
    assert code == 1 and out["posts_reviewed"] == 4
    assert "1820000000000000001" in {f["id"] for f in out["flagged"]}


def test_posts_not_checked_are_counted_by_language_in_json_jsonl_and_on_stderr(capsys, tmp_path):
    src = str(x_export(tmp_path, [*POSTS, ("p4", "De minister is een idioot en moet weg", "nl")]))
    _, out = run_json(capsys, src)
    assert out["unchecked"] == {"es": 1, "nl": 1}
    main(["review", src, "--format", "jsonl", "-j", "1"])
    captured = capsys.readouterr()
    summary = json.loads(captured.out.splitlines()[-1])["summary"]
    assert summary["unchecked"] == {"es": 1, "nl": 1}
    assert captured.err == (
        "Not checked (language other than English or French): es 1, nl 1. "
        "postcheck checks English and French only: read those posts yourself.\n"
    )


def test_csv_rows_carry_each_posts_language(capsys, tmp_path):
    main(["review", str(x_export(tmp_path)), "--format", "csv", "-j", "1"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["text"]: r["lang"] for r in rows} == {
        "Vote NDP on Monday!": "en",
        "Votez NPD lundi, c'est le seul bon choix!": "fr",
    }


def _math_bold(text: str) -> str:
    """Mathematical sans-serif bold letters, as LinkedIn posters style them."""
    return "".join(
        chr(0x1D5EE + ord(c) - ord("a"))
        if "a" <= c <= "z"
        else chr(0x1D5D4 + ord(c) - ord("A"))
        if "A" <= c <= "Z"
        else c
        for c in text
    )


def test_a_post_in_math_bold_letters_is_flagged_and_highlighted_in_its_own_letters(
    capsys, tmp_path
):
    bold = _math_bold("Vote NDP")
    text = f"{bold} {_math_bold('on Monday')}! 🗳️ #cdnpoli"
    shares = (
        "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
        f'2024-05-13 14:04:05,https://www.linkedin.com/feed/update/urn:li:share:1,"{text}",,,PUBLIC\n'
    )
    src = make_zip(tmp_path / "linkedin.zip", {"Shares.csv": shares.encode()})
    code, out = run_json(capsys, str(src))
    assert code == 1
    [item] = out["flagged"]
    assert item["text"] == text and item["lang"] == "en" and "PS01" in item["codes"]
    spans = {(f["start"], f["end"]) for f in item["findings"] if f["code"] == "PS01"}
    assert (0, len(bold)) in spans
    assert all(text[f["start"] : f["end"]] == f["matched"] for f in item["findings"])
    report = tmp_path / "r.html"
    main(["review", str(src), "--report", str(report), "-j", "1"])
    assert f'<mark title="PS01">{bold}</mark> {_math_bold("on Monday")}!' in report.read_text(
        "utf-8"
    )
