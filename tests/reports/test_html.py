"""The HTML report is one self-contained, bilingual, accessible file."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from archive_support import ARCHIVES
from postcheck.cli import main
from postcheck.reports.html import highlight
from postcheck.reports.html_strings import STRINGS


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def report(tmp_path, *args: str, src: str = "x-synthetic") -> str:
    dest = tmp_path / "report.html"
    main(["review", str(ARCHIVES / src), "--report", str(dest), "-j", "1", *args])
    return dest.read_text("utf-8")


def parsed(html: str) -> Tags:
    p = Tags()
    p.feed(html)
    return p


def test_no_external_assets(tmp_path):
    html = report(tmp_path)
    tags = parsed(html)
    assert tags.find("link") == [] and tags.find("img") == [] and tags.find("iframe") == []
    assert all(a.get("src") is None for a in tags.find("script"))
    for tag, attrs in tags.tags:
        if tag != "a":
            assert not any(
                str(v).startswith(("http:", "https:", "//"))
                for k, v in attrs.items()
                if k in ("src", "href", "action")
            )
    # url(#…) points inside the page (the charts' stripes), anything else would load
    assert "@import" not in html and re.search(r"url\((?!#)", html) is None


def test_content_security_policy_forbids_loading_anything(tmp_path):
    metas = parsed(report(tmp_path)).find("meta")
    csp = next(m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp


def test_links_only_to_the_original_posts(tmp_path):
    hrefs = [a["href"] for a in parsed(report(tmp_path)).find("a")]
    external = [h for h in hrefs if not h.startswith("#")]
    assert external and all(h.startswith("https://x.com/alex_tremblay/status/") for h in external)


def test_language_attribute_and_french_strings(tmp_path):
    html = report(tmp_path, "--lang", "fr")
    assert '<html lang="fr">' in html
    assert STRINGS["fr"]["title"] in html and STRINGS["en"]["title"] not in html


def test_every_string_exists_in_both_languages():
    assert STRINGS["en"].keys() == STRINGS["fr"].keys()


def test_landmarks_headings_and_skip_link(tmp_path):
    html = report(tmp_path)
    tags = parsed(html)
    assert len(tags.find("h1")) == 1 and tags.find("main") and tags.find("header")
    skip = tags.find("a")[0]
    assert skip["class"] == "skip"
    target = skip["href"].lstrip("#")
    assert any(a.get("id") == target for _, a in tags.tags)


def test_every_filter_has_a_label(tmp_path):
    tags = parsed(report(tmp_path))
    labelled = {a["for"] for a in tags.find("label")}
    selects = {a["id"] for a in tags.find("select")}
    assert selects == {"f-level", "f-code", "f-year"} and selects <= labelled


def test_summary_and_flagged_post_with_highlight(tmp_path):
    html = report(tmp_path)
    assert "<mark" in html and "Vote NDP" in html
    assert re.search(r'data-level="(moderate|high)" data-codes="[^"]*PS01', html)
    assert 'data-year="2024"' in html


def test_post_text_is_escaped(tmp_path):
    (tmp_path / "p.csv").write_text('id,text\n1,"<script>alert(1)</script> Vote NDP on Monday!"\n')
    dest = tmp_path / "r.html"
    main(["review", str(tmp_path / "p.csv"), "--report", str(dest), "-j", "1"])
    html = dest.read_text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_empty_result_says_so(tmp_path):
    html = report(tmp_path, "--min-level", "high", src="x-old")
    assert STRINGS["en"]["none"] in html and 'id="filters"' not in html


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 4, "PS01")], '<mark title="PS01">Vote</mark> NDP'),
        ([(0, 4, "PS01"), (2, 8, "PS03")], '<mark title="PS01 PS03">Vote NDP</mark>'),
        ([(0, 0, "PS09")], "Vote NDP"),
    ],
)
def test_highlight_merges_overlaps_and_ignores_empty_spans(spans, expected):
    assert highlight("Vote NDP", spans) == expected


def test_numbers_follow_the_language_digit_grouping():
    from postcheck.reports.html import num

    assert num(1763, "en") == "1,763"
    assert num(1763, "fr") == "1\u00a0763"


def test_only_web_links_are_rendered(tmp_path):
    (tmp_path / "p.csv").write_text(
        "id,text,url\n1,Vote NDP on Monday!,javascript:alert(1)\n"
        "2,Vote NDP on Monday!,https://example.ca/p/2\n"
    )
    dest = tmp_path / "r.html"
    main(["review", str(tmp_path / "p.csv"), "--report", str(dest), "-j", "1"])
    hrefs = [a["href"] for a in parsed(dest.read_text()).find("a")]
    assert "javascript:alert(1)" not in hrefs and "https://example.ca/p/2" in hrefs


def test_left_out_items_are_told_in_french_when_the_importer_says_it(tmp_path):
    (tmp_path / "Comments.csv").write_text(
        "Date,Link,Message\n2024-05-13 15:00:00,https://www.linkedin.com/x,Bravo!,extra\n"
        "2024-05-13 16:00:00,https://www.linkedin.com/y,Congratulations to the whole team!\n"
    )
    en, fr = (
        report(tmp_path, "--lang", lang, src=str(tmp_path / "Comments.csv"))
        for lang in ("en", "fr")
    )
    assert "<strong>Comments.csv line 2</strong>: could not be read as CSV" in en
    assert "<strong>Comments.csv, ligne 2</strong>: illisible comme CSV" in fr
    assert "could not be read" not in fr
