"""The report's charts: posts reviewed and flagged by year, flagged posts by consideration,
each followed by the table of its numbers, in the report's language."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from html import unescape

import pytest

from postcheck.cli import main
from postcheck.engine import default_engine
from postcheck.reports.charts import MIN_BAR, PLOT
from postcheck.reports.history import ReviewResult
from postcheck.reports.html import write_html
from postcheck.reports.html_strings import STRINGS

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2025, 1, 2, tzinfo=UTC)


def result(by_year: dict[str, tuple[int, int]], by_code: dict[str, int] | None = None):
    r = ReviewResult()
    for year, (reviewed, flagged) in by_year.items():
        r.by_year[year] = Counter(reviewed=reviewed, flagged=flagged)
    r.posts_reviewed = sum(reviewed for reviewed, _ in by_year.values())
    r.by_code = Counter(by_code or {})
    return r


def html_of(r: ReviewResult, lang: str = "en") -> str:
    out = io.StringIO()
    write_html(r, out, lang=lang, considerations=default_engine().considerations(lang), now=NOW)
    return out.getvalue()


def figure(html: str, chart_id: str) -> str:
    found = re.search(rf'<figure class="chart" id="{chart_id}">(.*?)</figure>', html, re.S)
    assert found, f"no figure {chart_id}"
    return found.group(1)


def svg_of(html: str, chart_id: str) -> ET.Element:
    source = re.search(r"<svg .*?</svg>", figure(html, chart_id), re.S)
    assert source
    return ET.fromstring(source.group(0))  # well-formed XML, or this raises


def chart_rows(svg: ET.Element) -> list[tuple[str, ...]]:
    """(label, number, number...) as the chart writes them: each label, then the number
    beside each of its bars."""
    rows: list[list[str]] = []
    for e in svg.iter(f"{SVG}text"):
        if e.get("class") == "chart-label":
            rows.append([" ".join(t.text or "" for t in e.iter(f"{SVG}tspan"))])
        elif e.get("dx") and rows:
            rows[-1].append(e.text or "")
    return [tuple(r) for r in rows]


def table_rows(html: str, chart_id: str) -> list[tuple[str, ...]]:
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", figure(html, chart_id))
    return [
        (unescape(head), *(unescape(n) for n in re.findall(r'<td class="n">(.*?)</td>', cells)))
        for head, cells in rows
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_year_chart_and_its_table_give_the_same_numbers(lang):
    html = html_of(result({"2022": (1763, 12), "2023": (40, 0), "2024": (7, 3)}), lang)
    rows = chart_rows(svg_of(html, "chart-year"))
    assert rows == table_rows(html, "chart-year")
    grouped = "1,763" if lang == "en" else "1\u00a0763"
    assert rows == [("2022", grouped, "12"), ("2023", "40", "0"), ("2024", "7", "3")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_consideration_chart_names_each_consideration_in_the_report_language(lang):
    html = html_of(result({"2024": (50, 6)}, {"PS01": 5, "PS06": 1}), lang)
    names = {c["code"]: c["name"] for c in default_engine().considerations(lang)}
    rows = chart_rows(svg_of(html, "chart-code"))
    assert rows == [(f"PS01 {names['PS01']}", "5"), (f"PS06 {names['PS06']}", "1")]
    assert rows == table_rows(html, "chart-code")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chart_titles_legends_and_axes_are_in_the_report_language(lang):
    t = STRINGS[lang]
    other = STRINGS["fr" if lang == "en" else "en"]
    html = html_of(result({"2024": (50, 6)}, {"PS01": 6}), lang)
    year = svg_of(html, "chart-year")
    words = {"".join(e.itertext()) for e in year.iter(f"{SVG}text")}
    assert {t["legend_reviewed"], t["legend_flagged"], t["chart_axis"]} <= words
    assert other["legend_reviewed"] not in words
    title = year.find(f"{SVG}title")
    assert title is not None and title.text == t["chart_title"].format(what=t["by_year"].lower())
    code_words = {"".join(e.itertext()) for e in svg_of(html, "chart-code").iter(f"{SVG}text")}
    assert t["chart_axis_flagged"] in code_words


def test_the_table_follows_its_chart_inside_the_same_figure():
    part = figure(html_of(result({"2024": (50, 6)})), "chart-year")
    assert part.index("<figcaption>") < part.index("<svg") < part.index("<table>")
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", part)
    assert caption and caption.group(1) == "Posts by year, in numbers"


def test_one_year():
    html = html_of(result({"2024": (3, 1)}))
    assert chart_rows(svg_of(html, "chart-year")) == [("2024", "3", "1")]
    desc = svg_of(html, "chart-year").find(f"{SVG}desc")
    assert desc is not None and ", 2024:" in (desc.text or "")


def test_many_years_each_get_their_pair_of_bars():
    years = {str(y): (y - 1990, y % 3) for y in range(2001, 2025)}
    rows = chart_rows(svg_of(html_of(result(years)), "chart-year"))
    assert [r[0] for r in rows] == sorted(years)
    desc = svg_of(html_of(result(years)), "chart-year").find(f"{SVG}desc")
    assert desc is not None and "2001 to 2024" in (desc.text or "")


def test_a_year_with_no_flagged_post_shows_0_and_no_flagged_bar():
    svg = svg_of(html_of(result({"2023": (4, 0), "2024": (4, 2)})), "chart-year")
    assert chart_rows(svg)[0] == ("2023", "4", "0")
    striped = [r for r in svg.iter(f"{SVG}rect") if r.get("fill") == "url(#chart-year-stripes)"]
    assert len(striped) == 2  # the legend's swatch and 2024's bar


@pytest.mark.parametrize(("lang", "undated"), [("en", "undated"), ("fr", "sans date")])
def test_posts_without_a_date_get_the_last_bars_and_a_word_in_the_description(lang, undated):
    svg = svg_of(html_of(result({"undated": (2, 1), "2024": (3, 1)}), lang), "chart-year")
    assert chart_rows(svg)[-1] == (undated, "2", "1")
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and STRINGS[lang]["chart_undated"].strip() in (desc.text or "")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_post_reviewed_says_so_instead_of_drawing_empty_charts(lang):
    html = html_of(result({}), lang)
    assert "<svg" not in html.split("<header>", 1)[1].split("</header>", 1)[1]
    assert STRINGS[lang]["chart_none"].replace("'", "&#x27;") in html


def test_100000_posts_are_scaled_and_grouped_by_language():
    for lang, big in (("en", "100,000"), ("fr", "100\u00a0000")):
        svg = svg_of(html_of(result({"2023": (100_000, 40), "2024": (20, 1)}), lang), "chart-year")
        words = ["".join(e.itertext()) for e in svg.iter(f"{SVG}text")]
        assert big in words  # the bar's number and the axis' last tick
        widths = [
            float(r.get("width", "0").rstrip("%"))
            for r in svg.iter(f"{SVG}rect")
            if r.get("class") == "chart-bar"
        ]
        # on one scale, the small counts get the thinnest bar that still shows
        assert widths == [PLOT, MIN_BAR, MIN_BAR, MIN_BAR]


def test_no_consideration_chart_when_nothing_is_flagged():
    html = html_of(result({"2024": (5, 0)}))
    assert 'id="chart-year"' in html and 'id="chart-code"' not in html


def test_the_review_command_draws_both_charts(tmp_path):
    posts = tmp_path / "p.jsonl"
    posts.write_text(
        '{"id": "1", "text": "Vote NDP on Monday!", "date": "2023-05-13"}\n'
        '{"id": "2", "text": "Lovely walk by the river", "date": "2024-06-02"}\n',
        "utf-8",
    )
    dest = tmp_path / "r.html"
    main(["review", str(posts), "--report", str(dest), "-j", "1"])
    html = dest.read_text("utf-8")
    assert chart_rows(svg_of(html, "chart-year")) == [("2023", "1", "1"), ("2024", "1", "0")]
    assert chart_rows(svg_of(html, "chart-code"))[0][0].startswith("PS01 ")


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_the_policy_allows_only_the_reports_own_style_and_script():
    html = html_of(result({"2024": (5, 1)}, {"PS01": 1}))
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)[1])
    style = re.search(r"<style>(.*?)</style>", html, re.S)[1]
    script = re.search(r"<script>(.*?)</script>", html, re.S)[1]
    assert f"style-src {_hash(style)};" in csp and f"script-src {_hash(script)};" in csp
    assert "unsafe-inline" not in csp and "default-src 'none'" in csp
    # a style attribute would need 'unsafe-inline': the report has none
    assert re.search(r"<[^>]+\sstyle=", html) is None


@pytest.mark.parametrize(
    ("lang", "name"), [("en", "Government of Canada"), ("fr", "Gouvernement du Canada")]
)
def test_header_shows_the_web_apps_signature_and_banner(lang, name):
    html = html_of(result({"2024": (5, 1)}), lang)
    header = html.split("<header>", 1)[1].split("</header>", 1)[0]
    signature = ET.fromstring(re.search(r"<svg .*?</svg>", header, re.S)[0])
    assert signature.get("role") == "img" and signature.findtext(f"{SVG}title") == name
    assert STRINGS[lang]["tagline"].replace("'", "&#x27;") in header
