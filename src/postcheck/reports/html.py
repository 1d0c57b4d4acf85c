"""Self-contained, bilingual, accessible HTML report of a history review.

One file: inline CSS and a few lines of plain inline JavaScript for the filters (the
report works without it), no external asset, and a Content-Security-Policy that
forbids the page from loading anything.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from html import escape
from importlib.resources import files
from typing import IO, Any

from ..engine import PLATFORMS
from ..engine.text import merge_spans
from .charts import SOLID, STRIPED, Row, Series, bar_chart
from .history import LEVELS, ReviewResult
from .html_strings import LANGUAGE_NAMES, ROLES, STRINGS

CSS = """
:root{--gcds-text-primary:#333;--gcds-text-secondary:#595959;--gcds-link-default:#1f497a;
 --gcds-link-hover:#1354ec;--gcds-link-visited:#4b248f;--gcds-focus:#1354ec;
 --gcds-bg-primary:#26374a;--gcds-bg-light:#f2f2f2;--gcds-border-default:#8c8c8c;
 --gcds-red:#af3c43;--radius:.375rem;
 --body:"Noto Sans","Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;
 --heading:Lato,"Noto Sans","Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:var(--body);font-size:1.125rem;line-height:1.6;
 color:var(--gcds-text-primary);background:#fff}
.container{width:90%;max-width:71.25rem;margin:0 auto}
.skip{position:absolute;left:-10000px;top:0;padding:.5rem 1rem;z-index:10;
 background:var(--gcds-focus);color:#fff}
.skip:focus{left:0}
.signature-bar{padding:1rem 0}
.signature{display:block;height:1.8rem;width:auto;max-width:100%}
.banner{background:var(--gcds-bg-primary);color:#fff;padding:.75rem 0}
.banner .container{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 1rem}
.site-title{font-family:var(--heading);font-weight:700;font-size:1.5rem}
.tagline{font-size:1rem}
main{padding-bottom:2rem}
h1,h2,h3,h4{font-family:var(--heading);font-weight:700;line-height:1.25}
h1{font-size:2.25rem;margin:1.5rem 0 1rem;padding-bottom:.5rem;
 border-bottom:4px solid var(--gcds-red);display:inline-block}
h2{font-size:1.75rem;margin:2.5rem 0 .75rem}
h3{font-size:1.375rem;margin:1.5rem 0 .5rem}
h4{font-size:1.125rem;margin:1rem 0 .25rem}
p,dd,section>ul>li{max-width:65ch}
a{color:var(--gcds-link-default);text-underline-offset:.15em}
a:hover{color:var(--gcds-link-hover)}
a:visited{color:var(--gcds-link-visited)}
a:focus,select:focus,button:focus,summary:focus,[tabindex]:focus{
 outline:3px solid var(--gcds-focus);outline-offset:2px}
a:focus{background:var(--gcds-focus);color:#fff}
[tabindex="-1"]:focus{outline:none}
table{border-collapse:collapse;margin:1rem 1.5rem 1rem 0;max-width:100%}
caption{font-weight:700;text-align:left;padding:.25rem 0}
th,td{border:1px solid var(--gcds-border-default);padding:.4rem .75rem;text-align:left;
 overflow-wrap:break-word}
td.n{text-align:right;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.5rem 1.5rem;
 max-width:60rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
figure.chart{margin:2rem 0;max-width:50rem}
figure.chart figcaption{font-family:var(--heading);font-weight:700;font-size:1.375rem;
 line-height:1.25;margin:0 0 .75rem}
.table-scroll{max-width:100%;overflow-x:auto}
.table-scroll table{margin:1rem 0}
.chart-svg{display:block;width:100%;font-size:1rem;overflow:visible}
form.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;
 background:var(--gcds-bg-light);padding:1rem 1.25rem;border-left:6px solid var(--gcds-bg-primary)}
form.filters>div{flex:1 1 12rem;min-width:0}
form.filters .full{flex-basis:100%;width:100%;margin:0}
form.filters h3{margin:0}
form.filters label{display:block;font-weight:700;margin-bottom:.25rem}
select,button{font:inherit;font-size:1.125rem}
select{display:block;width:100%;padding:.5rem .75rem;border:2px solid #7d828b;
 border-radius:var(--radius);background:#fff;color:inherit}
button{font-weight:600;padding:.6rem 1.5rem;border:2px solid var(--gcds-bg-primary);
 border-radius:var(--radius);background:var(--gcds-bg-primary);color:#fff;cursor:pointer}
button:hover{background:var(--gcds-link-hover);border-color:var(--gcds-link-hover)}
ol.posts{list-style:none;padding:0}
ol.posts>li{border:1px solid var(--gcds-border-default);border-left:6px solid #2d6a37;
 border-radius:var(--radius);padding:1rem 1.25rem;margin:1.5rem 0}
ol.posts>li[data-level=high]{border-left-color:#a62a1e}
ol.posts>li[data-level=moderate]{border-left-color:#8a5a00}
ol.posts h3{margin-top:0}
.badge{display:inline-block;padding:.1rem .6rem;border-radius:.125rem;font-weight:700;
 font-size:1rem;border:2px solid}
.badge.high{background:#fbebe9;color:#7a1d14;border-color:#a62a1e}
.badge.moderate{background:#fff4dc;color:#5c3c00;border-color:#8a5a00}
.badge.low{background:#eaf6eb;color:#1e4d26;border-color:#2d6a37}
.meta{color:var(--gcds-text-secondary);font-size:1rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--gcds-bg-light);
 border-left:4px solid var(--gcds-border-default);padding:.5rem 1rem;max-width:none}
mark{background:#ffe680;color:#000;border-bottom:2px solid #8a5a00;padding:0 .1em}
.note{font-style:italic}
time{white-space:nowrap}
details{border:1px solid var(--gcds-border-default);padding:.5rem 1rem;margin:0 0 .5rem}
summary{cursor:pointer;font-weight:700;color:var(--gcds-link-default)}
footer{background:var(--gcds-bg-primary);color:#fff;padding:1.5rem 0;margin-top:2rem;font-size:1rem}
footer p{margin:0}
[hidden]{display:none!important}
@media (max-width:40rem){
 h1{font-size:1.9rem}
 dl.facts{grid-template-columns:minmax(0,1fr)}
 dl.facts dd{margin-bottom:.5rem}
 th,td{padding:.4rem .5rem}
}
@media (prefers-reduced-motion:reduce){
 *,*::before,*::after{animation:none!important;transition:none!important;scroll-behavior:auto!important}
}
@media print{
 .skip,form.filters{display:none!important}
 html{font-size:87.5%}
 .banner,footer{background:none;color:#000;border-bottom:2px solid #000}
 figure.chart,table,ol.posts>li{break-inside:avoid}
 a{color:#000}
 .badge,mark,.chart-svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"""

# the generic importer's posts come from a CSV or JSONL file, not from a platform
_PLATFORM_NAMES = {**PLATFORMS, "generic": "CSV/JSONL"}

JS = """
(function(){
  var form=document.getElementById('filters');
  if(!form){return;}
  form.hidden=false;
  var posts=Array.prototype.slice.call(document.querySelectorAll('ol.posts>li'));
  var level=document.getElementById('f-level'),code=document.getElementById('f-code'),
      year=document.getElementById('f-year'),status=document.getElementById('f-status');
  function apply(){
    var l=level.value,c=code.value,y=year.value,n=0;
    posts.forEach(function(p){
      var ok=(!l||p.getAttribute('data-level')===l)&&
        (!c||(' '+p.getAttribute('data-codes')+' ').indexOf(' '+c+' ')>=0)&&
        (!y||p.getAttribute('data-year')===y);
      p.hidden=!ok; if(ok){n++;}
    });
    status.textContent=status.getAttribute('data-template')
      .replace('{n}',String(n)).replace('{total}',String(posts.length));
  }
  [level,code,year].forEach(function(s){s.addEventListener('change',apply);});
  form.addEventListener('submit',function(e){e.preventDefault();apply();});
  document.getElementById('f-reset').addEventListener('click',function(){
    level.value='';code.value='';year.value='';apply();level.focus();
  });
  apply();
})();
"""


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# The page may run its own style and script, by hash, and load nothing at all: no
# injected <style>, script or style attribute runs, and the filter form submits nowhere.
CSP = (
    f"default-src 'none'; style-src {_sha256(CSS)}; script-src {_sha256(JS)}; "
    "base-uri 'none'; form-action 'none'"
)


@cache
def _signature(lang: str) -> str:
    """The Government of Canada signature the web app's header shows, inline: the one
    vendored copy, read from the web app's static files (data, not code)."""
    svg = files("postcheck") / "web" / "static" / "gcds" / "signature" / f"sig-blk-{lang}.svg"
    return (
        svg.read_text("utf-8")
        .strip()
        .replace("<svg ", '<svg class="signature" focusable="false" ', 1)
    )


def num(n: int, lang: str) -> str:
    """A whole number with the language's digit grouping (1,763 / 1 763)."""
    return f"{n:,}".replace(",", "\u00a0") if lang == "fr" else f"{n:,}"


def unchecked_by_language(counts: dict[str, int], lang: str) -> str:
    """``espagnol 152, néerlandais 3``: the posts not checked, most first, each language
    named in the report's language (its code when it has no name here); ``0`` for none."""
    names = LANGUAGE_NAMES[lang]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
    return ", ".join(f"{names.get(code, code)} {num(n, lang)}" for code, n in ranked) or "0"


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap each finding span in ``<mark>``; overlaps are merged."""
    spans = list(spans)
    out, pos = [], 0
    for s, e in merge_spans(((s, e) for s, e, _c in spans), len(text)):
        codes = {c for cs, ce, c in spans if s <= cs < ce <= e}
        out.append(escape(text[pos:s]))
        out.append(f'<mark title="{escape(" ".join(sorted(codes)))}">{escape(text[s:e])}</mark>')
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def write_html(
    result: ReviewResult,
    out: IO[str],
    lang: str = "en",
    considerations: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> None:
    """Write the whole report to ``out``. ``considerations`` is the engine's reference
    list in ``lang`` (names, why it matters); codes fall back to the names seen."""
    t = STRINGS[lang]
    ref = {c["code"]: c for c in considerations or ()}
    names = {
        code: ref.get(code, {}).get("name") or result.code_names.get(code, code)
        for code in set(result.by_code) | set(result.code_names)
    }
    w = out.write
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    w(
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(t['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#posts">{escape(t["skip"])}</a>\n'
        f'<header>\n<div class="container signature-bar">{_signature(lang)}</div>\n'
        '<div class="banner"><div class="container">'
        f'<span class="site-title">postcheck</span> '
        f'<span class="tagline">{escape(t["tagline"])}</span></div></div>\n</header>\n'
        f'<main id="main" class="container">\n<h1>{escape(t["title"])}</h1>\n'
        f"<p>{escape(t['intro'])}</p>\n"
        f'<p class="meta">{escape(t["generated"])} {escape(when)}</p>\n'
    )
    _summary(result, w, t, lang, names)
    _skipped(result, w, t, lang)
    _posts(result, w, t, names, ref)
    if ref and result.by_code:
        w(f'<section aria-labelledby="about-h">\n<h2 id="about-h">{escape(t["about"])}</h2>\n<dl>')
        for code in sorted(result.by_code):
            c = ref.get(code)
            if c:
                w(
                    f'<dt id="c-{escape(code)}"><strong>{escape(code)}</strong> '
                    f"{escape(c['name'])}</dt><dd>{escape(c['why'])}</dd>\n"
                )
        w("</dl>\n</section>\n")
    w(
        f'</main>\n<footer>\n<div class="container"><p>{escape(t["footer"])}</p></div>\n</footer>\n'
        f"<script>{JS}</script>\n</body>\n</html>\n"
    )


def _summary(
    result: ReviewResult, w: Any, t: dict[str, str], lang: str, names: dict[str, str]
) -> None:
    w(
        f'<section aria-labelledby="summary-h">\n<h2 id="summary-h">{escape(t["summary"])}</h2>\n'
        '<dl class="facts">\n'
    )
    facts = [
        (t["reviewed"], num(result.posts_reviewed, lang)),
        (t["reposts"], num(result.reposts, lang)),
        (t["unchecked"], unchecked_by_language(result.unchecked, lang)),
        (t["flagged"], num(len(result.flagged), lang)),
        (t["min_level"], t[result.min_level]),
        (t["context"], _context_text(result.context, t, lang)),
    ]
    rc = result.role_change
    if rc:
        roles = ROLES[lang]
        facts.append(
            (
                t["role_change"],
                t["role_change_text"].format(
                    to=roles.get(rc["to"], rc["to"]),
                    frm=roles.get(rc["from"], rc["from"]),
                    date=rc["date"] or "—",
                ),
            )
        )
    for k, v in facts:
        w(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>\n")
    w("</dl>\n")
    w(
        f"<table>\n<caption>{escape(t['by_level'])}</caption>\n"
        f'<thead><tr><th scope="col">{escape(t["level"])}</th>'
        f'<th scope="col">{escape(t["count"])}</th></tr></thead>\n<tbody>\n'
    )
    for lvl in reversed(LEVELS):
        w(
            f'<tr><th scope="row">{escape(t[lvl])}</th>'
            f'<td class="n">{num(result.by_level.get(lvl, 0), lang)}</td></tr>\n'
        )
    w("</tbody>\n</table>\n")
    _year_chart(result, w, t, lang)
    if result.by_code:
        _code_chart(result, w, t, lang, names)
    w("</section>\n")


def _figure(
    w: Any, chart_id: str, caption: str, svg: str, t: dict[str, str], head: list[str]
) -> None:
    """The chart and, right after it, the table with its numbers (its accessible
    alternative, and the exact figures for everyone), in one figure."""
    w(
        f'<figure class="chart" id="{chart_id}">\n<figcaption>{escape(caption)}</figcaption>\n'
        # a table wider than a narrow screen scrolls inside its own box, not the page
        f'{svg}\n<div class="table-scroll" role="region" tabindex="0" '
        f'aria-labelledby="{chart_id}-numbers">\n<table>\n'
        f'<caption id="{chart_id}-numbers">{escape(t["table_of"].format(what=caption))}'
        "</caption>\n"
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
        + "</tr></thead>\n<tbody>\n"
    )


def _year_chart(result: ReviewResult, w: Any, t: dict[str, str], lang: str) -> None:
    if not result.by_year:
        w(f'<p class="note">{escape(t["chart_none"])}</p>\n')
        return
    years = sorted(result.by_year)  # "undated" sorts after the years
    rows = [
        Row(
            t["undated"] if year == "undated" else year,
            (result.by_year[year].get("reviewed", 0), result.by_year[year].get("flagged", 0)),
        )
        for year in years
    ]
    dated = [y for y in years if y != "undated"]
    span = ""
    if len(dated) == 1:
        span = t["chart_one_year"].format(first=dated[0])
    elif dated:
        span = t["chart_years"].format(first=dated[0], last=dated[-1])
    desc = t["chart_year_desc"].format(years=span)
    if "undated" in result.by_year:
        desc += t["chart_undated"]
    svg = bar_chart(
        "chart-year",
        rows,
        [Series(t["legend_reviewed"], SOLID), Series(t["legend_flagged"], STRIPED)],
        title=t["chart_title"].format(what=t["by_year"].lower()),
        desc=desc + t["chart_then_table"],
        axis=t["chart_axis"],
        fmt=lambda n: num(n, lang),
    )
    _figure(w, "chart-year", t["by_year"], svg, t, [t["year"], t["reviewed"], t["flagged"]])
    for row in rows:
        w(
            f'<tr><th scope="row">{escape(row.label)}</th>'
            + "".join(f'<td class="n">{num(n, lang)}</td>' for n in row.counts)
            + "</tr>\n"
        )
    w("</tbody>\n</table>\n</div>\n</figure>\n")


def _code_chart(
    result: ReviewResult, w: Any, t: dict[str, str], lang: str, names: dict[str, str]
) -> None:
    rows = [
        Row(f"{code} {names.get(code, '')}".strip(), (n,))
        for code, n in sorted(result.by_code.items())
    ]
    svg = bar_chart(
        "chart-code",
        rows,
        [Series(t["legend_flagged"], STRIPED)],
        title=t["chart_title"].format(what=t["by_code"].lower()),
        desc=t["chart_code_desc"] + t["chart_then_table"],
        axis=t["chart_axis_flagged"],
        fmt=lambda n: num(n, lang),
    )
    _figure(w, "chart-code", t["by_code"], svg, t, [t["code"], t["count"]])
    for row in rows:
        w(
            f'<tr><th scope="row">{escape(row.label)}</th><td class="n">{num(row.counts[0], lang)}</td></tr>\n'
        )
    w("</tbody>\n</table>\n</div>\n</figure>\n")


def _context_text(ctx: dict[str, Any], t: dict[str, str], lang: str) -> str:
    role = ROLES[lang].get(str(ctx.get("role")), str(ctx.get("role")))
    parts = [role]
    if ctx.get("followers"):
        parts.append(
            f"{num(ctx['followers'], lang)} followers"
            if lang == "en"
            else f"{num(ctx['followers'], lang)} abonnés"
        )
    flags = {
        "identifiable": ("identifiable as a public servant", "identifiable comme fonctionnaire"),
        "about_own_work": ("about your own work", "sur votre propre travail"),
        "authorized": ("authorized to speak", "autorisé(e) à s'exprimer"),
        "election_period": ("election period", "période électorale"),
        "anonymous": ("anonymous account", "compte anonyme"),
    }
    for key, (en, fr) in flags.items():
        if ctx.get(key):
            parts.append(en if lang == "en" else fr)
    return ", ".join(parts)


def _skipped(result: ReviewResult, w: Any, t: dict[str, str], lang: str) -> None:
    if not result.skipped:
        return
    w(
        f'<section aria-labelledby="skipped-h">\n<h2 id="skipped-h">{escape(t["skipped"])}</h2>\n'
        f"<p>{escape(t['skipped_intro'])}</p>\n<ul>\n"
    )
    for s in result.skipped:
        # An importer may say it in French too (item_fr, reason_fr); English otherwise.
        what = s.get(f"item_{lang}") or s.get("file") or s.get("item") or ""
        w(f"<li><strong>{escape(what)}</strong>: {escape(_reason(s, t, lang))}</li>\n")
    w("</ul>\n</section>\n")


def _reason(skipped: dict[str, str], t: dict[str, str], lang: str) -> str:
    """Why an item was left out, in the report's language: private messages always, the
    importers' other notes where they give a French reason (``reason_fr``), else English."""
    kind = skipped.get("private")
    if kind in ("file", "folder", "records"):
        return t[f"private_{kind}"].format(n=skipped.get("count", ""))
    return skipped.get(f"reason_{lang}") or skipped.get("reason", "")


def _options(values: Iterable[tuple[str, str]], all_label: str) -> str:
    opts = [f'<option value="">{escape(all_label)}</option>']
    opts += [f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in values]
    return "".join(opts)


def _posts(
    result: ReviewResult,
    w: Any,
    t: dict[str, str],
    names: dict[str, str],
    ref: dict[str, dict[str, Any]],
) -> None:
    total = len(result.flagged)
    w(
        f'<section aria-labelledby="posts-h">\n<h2 id="posts" tabindex="-1">'
        f'<span id="posts-h">{escape(t["posts"])}</span></h2>\n'
    )
    if not total:
        w(f"<p>{escape(t['none'])}</p>\n</section>\n")
        return
    years = sorted({y for y, c in result.by_year.items() if c.get("flagged")})
    code_opts = _options(((c, f"{c} {names.get(c, '')}") for c in sorted(result.by_code)), t["all"])
    w(
        f'<form id="filters" class="filters" hidden aria-labelledby="filters-h">\n'
        f'<h3 id="filters-h" class="full">{escape(t["filters"])}</h3>\n'
        f'<div><label for="f-level">{escape(t["level"])}</label>'
        f'<select id="f-level">{_options(((lv, t[lv]) for lv in reversed(LEVELS)), t["all"])}'
        "</select></div>\n"
        f'<div><label for="f-code">{escape(t["code"])}</label><select id="f-code">'
        f"{code_opts}"
        "</select></div>\n"
        f'<div><label for="f-year">{escape(t["year"])}</label><select id="f-year">'
        f"{_options(((y, t['undated'] if y == 'undated' else y) for y in years), t['all'])}"
        "</select></div>\n"
        f'<div><button type="button" id="f-reset">{escape(t["reset"])}</button></div>\n'
        f'<p id="f-status" class="full" role="status" '
        f'data-template="{escape(t["showing"])}">'
        f'{escape(t["showing"].format(n=total, total=total))}</p>\n</form>\n<ol class="posts">\n'
    )
    for item in result.flagged:
        _post(item, w, t, names, ref)
    w("</ol>\n</section>\n")


def _post(
    item: dict[str, Any],
    w: Any,
    t: dict[str, str],
    names: dict[str, str],
    ref: dict[str, dict[str, Any]],
) -> None:
    date = item.get("date") or ""
    year = date[:4] if date else "undated"
    level = item["level"]
    codes = " ".join(item["codes"])
    day = date[:10] if date else t["undated"]
    kind = t.get(f"kind_{item['kind']}", item["kind"])
    w(
        f'<li data-level="{escape(level)}" data-codes="{escape(codes)}" data-year="{escape(year)}">'
        f'<article>\n<h3><span class="badge {escape(level)}">{escape(t[level])}</span> '
        f'{escape(kind)} — <time datetime="{escape(date)}">{escape(day)}</time></h3>\n'
    )
    platform = item.get("platform") or ""
    meta = [f"{escape(t['platform'])}: {escape(_PLATFORM_NAMES.get(platform, platform))}"]
    w(f'<p class="meta">{" · ".join(meta)}</p>\n')
    spans = ((f["start"], f["end"], f["code"]) for f in item["findings"])
    w(
        f'<p class="text" lang="{escape(item.get("lang") or "")}">'
        f"{highlight(item['text'], spans)}</p>\n"
    )
    if "level_in_former_role" in item:
        w(
            f'<p class="note">{escape(t["before_role"].format(level=t[item["level_in_former_role"]]))}'
            + (f" {escape(t['raised_by_role'])}" if item.get("raised_by_new_role") else "")
            + "</p>\n"
        )
    w(f"<h4>{escape(t['reasons'])}</h4>\n<ul>\n")
    for f in item["findings"]:
        # The message and the quoted words are in the language of the rule that found
        # them (a post mixing English and French meets both), not the report's.
        said = escape(_finding_lang(f, item.get("lang")))
        words = f'<span lang="{said}">{escape(f["matched"])}</span>'
        matched = f" — {t['quote'].format(words)}" if f["matched"] else ""
        w(
            f"<li><strong>{escape(f['code'])} {escape(names.get(f['code'], ''))}</strong>: "
            f'<span lang="{said}">{escape(f["message"])}</span>{matched}</li>\n'
        )
    w("</ul>\n")
    for code in item["codes"]:
        why = ref.get(code, {}).get("why") or next(
            (c["why"] for c in item["considerations"] if c["code"] == code), ""
        )
        if why:
            w(
                f"<details><summary>{escape(t['why'])}: {escape(code)} "
                f"{escape(names.get(code, ''))}</summary><p>{escape(why)}</p></details>\n"
            )
    url = item.get("url") or ""
    # Only web links: an export (or a hand-made CSV) could carry "javascript:" URLs.
    if url.lower().startswith(("https://", "http://")):
        w(f'<p><a href="{escape(url)}" rel="noopener noreferrer">{escape(t["view"])}</a></p>\n')
    w("</article></li>\n")


def _finding_lang(finding: dict[str, Any], post_lang: str | None) -> str:
    """The language of a finding's message and words: its rule's (``fr.irrespect...``),
    else the post's; ``""`` (unknown) when neither is known."""
    prefix = str(finding.get("rule_id") or "").split(".", 1)[0]
    return prefix if prefix in STRINGS else post_lang or ""
