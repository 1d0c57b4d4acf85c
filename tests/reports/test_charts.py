"""The bar charts are well-formed, accessible SVG whose bars say what the counts say."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postcheck.reports.charts import (
    COLOURS,
    INK,
    MIN_BAR,
    MUTED,
    PLOT,
    SOLID,
    STRIPED,
    Row,
    Series,
    bar_chart,
    scale,
    wrap,
)

SVG = "{http://www.w3.org/2000/svg}"
TWO = [Series("Reviewed", SOLID), Series("Flagged", STRIPED)]


def chart(rows, series=TWO, chart_id="c", fmt=str) -> ET.Element:
    return ET.fromstring(
        bar_chart(
            chart_id, rows, series, title="Posts by year", desc="Bars.", axis="Posts", fmt=fmt
        )
    )


def bars(svg: ET.Element) -> list[ET.Element]:
    return [e for e in svg.iter(f"{SVG}rect") if e.get("class") == "chart-bar"]


def width(bar: ET.Element) -> float:
    return float(bar.get("width", "").removesuffix("%"))


def texts(svg: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in svg.iter(f"{SVG}text")]


def em(value: str | None) -> float:
    return float((value or "0").removesuffix("em"))


def test_chart_is_an_image_named_by_its_title_and_described_by_its_desc():
    svg = chart([Row("2024", (3, 1))])
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == svg.get("aria-labelledby")
    assert desc is not None and desc.get("id") == svg.get("aria-describedby")
    assert title.text == "Posts by year" and desc.text == "Bars."


def test_chart_scales_with_the_page():
    svg = chart([Row("2024", (3, 1))])
    assert svg.get("width") == "100%"
    assert all(b.get("width", "").endswith("%") for b in bars(svg))


def test_bar_lengths_are_proportional_to_the_counts():
    svg = chart([Row("2022", (40, 10)), Row("2023", (25, 0)), Row("2024", (20, 5))])
    lengths = [width(b) for b in bars(svg)]  # 40, 10, 25, 20, 5: the 0 draws no bar
    counts = [40, 10, 25, 20, 5]
    assert len(lengths) == len(counts)
    for length, count in zip(lengths, counts, strict=True):
        assert length / lengths[0] == pytest.approx(count / 40, abs=0.001)


def test_the_longest_bar_leaves_room_for_its_number():
    assert max(width(b) for b in bars(chart([Row("2024", (1763, 12))]))) <= PLOT


def test_every_count_is_written_next_to_its_bar():
    svg = chart([Row("2023", (1763, 12)), Row("2024", (5, 0))], fmt=lambda n: f"{n:,}")
    labels = texts(svg)
    for value in ("1,763", "12", "5", "0"):
        assert value in labels


def test_a_count_of_zero_draws_no_bar_but_says_0():
    svg = chart([Row("2024", (3, 0))])
    assert [width(b) for b in bars(svg)] == [PLOT]
    assert texts(svg).count("0") >= 2  # the axis' 0 and the flagged posts' 0


def test_a_small_count_beside_a_huge_one_still_shows():
    lengths = [width(b) for b in bars(chart([Row("2024", (100_000, 3))]))]
    assert lengths[0] == PLOT and lengths[1] == MIN_BAR


def test_series_differ_by_pattern_as_well_as_colour():
    svg = chart([Row("2024", (3, 1))])
    reviewed, flagged = bars(svg)
    assert reviewed.get("fill") == COLOURS[SOLID]
    assert flagged.get("fill") == "url(#c-stripes)"
    assert svg.find(f".//{SVG}pattern[@id='c-stripes']") is not None
    assert {"Reviewed", "Flagged"} <= set(texts(svg))  # the legend


def test_one_series_needs_no_legend():
    svg = chart([Row("PS01 Partisan content", (4,))], series=[Series("Flagged", STRIPED)])
    assert "Flagged" not in texts(svg)


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


@pytest.mark.parametrize("colour", [*COLOURS.values(), INK, MUTED])
def test_colours_have_at_least_3_to_1_contrast_against_white(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 3


def test_nothing_moves_and_nothing_is_loaded():
    source = bar_chart(
        "c", [Row("2024", (3, 1))], TWO, title="t", desc="d", axis="a", fmt=str
    ).lower()
    assert "<animate" not in source and "<script" not in source and "href" not in source
    assert re.search(r"url\((?!#)", source) is None


def test_ids_carry_the_chart_id_so_two_charts_can_share_a_page():
    ids = {e.get("id") for e in chart([Row("2024", (3, 1))], chart_id="year").iter() if e.get("id")}
    assert ids and all(i.startswith("year-") for i in ids)


def test_labels_are_escaped():
    svg = chart([Row("<b>Tom & Jerry</b>", (3, 1))])
    assert "<b>Tom & Jerry</b>" in texts(svg)


def test_rows_stack_without_overlapping_and_the_chart_grows_to_hold_them():
    rows = [Row(str(year), (year - 1990, 1)) for year in range(2000, 2025)]
    svg = chart(rows)
    tops = [em(b.get("y")) for b in bars(svg)]
    assert len(tops) == 50
    assert all(b - a >= 1 for a, b in itertools.pairwise(tops))
    assert em(svg.get("height")) > tops[-1] + 0.9


def test_an_empty_chart_is_still_well_formed():
    svg = chart([])
    assert bars(svg) == [] and svg.get("role") == "img"


@pytest.mark.parametrize(
    ("largest", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 5, 10]),
        (1763, [0, 1000, 2000]),
        (100_000, [0, 50_000, 100_000]),
    ],
)
def test_scale_ends_on_a_round_number_in_at_most_three_steps(largest, ticks):
    assert scale(largest) == ticks


@given(st.integers(min_value=1, max_value=10**9))
def test_scale_always_covers_the_largest_count(largest):
    ticks = scale(largest)
    assert ticks[0] == 0 and ticks[-1] >= largest and 2 <= len(ticks) <= 4
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1


def test_long_labels_wrap_between_words():
    lines = wrap("PS06 Information confidentielle ou non publique", 30)
    assert lines == ["PS06 Information", "confidentielle ou non publique"]
    svg = chart([Row("PS06 Information confidentielle ou non publique", (3,))], [TWO[1]])
    tspans = [t.text for t in svg.iter(f"{SVG}tspan")]
    assert tspans == lines
