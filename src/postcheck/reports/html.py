"""Self-contained, bilingual, accessible HTML report of a history review.

One file: inline CSS and a few lines of plain inline JavaScript for the filters (the
report works without it), no external asset, and a Content-Security-Policy that
forbids the page from loading anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from html import escape
from typing import IO, Any

from ..engine import PLATFORMS
from ..engine.text import merge_spans
from .history import LEVELS, ReviewResult
from .html_strings import LANGUAGE_NAMES, ROLES, STRINGS

CSS = """
:root{--ink:#1b1b1b;--muted:#4a4a4a;--link:#284162;--line:#b1b9c3;--bg:#f5f5f5}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 "Noto Sans",Arial,sans-serif;color:var(--ink);background:#fff}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:var(--link);padding:.5rem}
.skip:focus{left:.5rem;z-index:10;outline:3px solid #0535d2}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header{border-bottom:4px solid #26374a}
h1{font-size:1.8rem;margin:.5rem 0}
h2{font-size:1.4rem;border-bottom:1px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
h3{font-size:1.05rem;margin:0 0 .5rem}
a{color:var(--link)}
a:focus,select:focus,button:focus{outline:3px solid #0535d2;outline-offset:2px}
table{border-collapse:collapse;margin:.5rem 1.5rem 1rem 0;display:inline-table;vertical-align:top}
caption{font-weight:700;text-align:left;padding:.25rem 0}
th,td{border:1px solid var(--line);padding:.25rem .6rem;text-align:left}
td.n{text-align:right}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}
dl.facts dt{font-weight:700}
dl.facts dd{margin:0}
form.filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end;background:var(--bg);
 padding:1rem;border:1px solid var(--line)}
form.filters label{display:block;font-weight:700}
select,button{font:inherit;padding:.3rem .5rem;border:1px solid #6f6f6f;border-radius:3px;
 background:#fff;color:var(--ink)}
button{background:#26374a;color:#fff;border-color:#26374a;cursor:pointer}
ol.posts{list-style:none;padding:0}
ol.posts>li{border:1px solid var(--line);border-left:6px solid #26374a;padding:1rem;margin:1rem 0}
ol.posts>li[data-level=high]{border-left-color:#a12622}
ol.posts>li[data-level=moderate]{border-left-color:#8a5a00}
.badge{display:inline-block;padding:0 .5rem;border-radius:3px;font-weight:700;font-size:.9rem}
.badge.high{background:#a12622;color:#fff}
.badge.moderate{background:#ffd476;color:#1b1b1b}
.badge.low{background:#26374a;color:#fff}
.meta{color:var(--muted);font-size:.95rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);padding:.75rem;
 border-radius:3px}
mark{background:#fff0a0;color:#1b1b1b;border-bottom:2px solid #8a5a00;padding:0 .1rem}
.note{font-style:italic}
details{margin:.25rem 0}
summary{cursor:pointer;color:var(--link)}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;margin-top:2rem}
[hidden]{display:none!important}
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
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(t['title'])}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<a class="skip" href="#posts">{escape(t["skip"])}</a>\n'
        f"<header>\n<h1>{escape(t['title'])}</h1>\n<p>{escape(t['intro'])}</p>\n"
        f'<p class="meta">{escape(t["generated"])} {escape(when)}</p>\n</header>\n'
        '<main id="main">\n'
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
        f"</main>\n<footer>\n<p>{escape(t['footer'])}</p>\n</footer>\n"
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
    if result.by_code:
        w(
            f"<table>\n<caption>{escape(t['by_code'])}</caption>\n"
            f'<thead><tr><th scope="col">{escape(t["code"])}</th>'
            f'<th scope="col">{escape(t["count"])}</th></tr></thead>\n<tbody>\n'
        )
        for code, n in sorted(result.by_code.items()):
            w(
                f'<tr><th scope="row">{escape(code)} {escape(names.get(code, ""))}</th>'
                f'<td class="n">{num(n, lang)}</td></tr>\n'
            )
        w("</tbody>\n</table>\n")
    if result.by_year:
        w(
            f"<table>\n<caption>{escape(t['by_year'])}</caption>\n"
            f'<thead><tr><th scope="col">{escape(t["year"])}</th>'
            f'<th scope="col">{escape(t["reviewed"])}</th>'
            f'<th scope="col">{escape(t["flagged"])}</th></tr></thead>\n<tbody>\n'
        )
        for year, c in sorted(result.by_year.items()):
            label = t["undated"] if year == "undated" else year
            w(
                f'<tr><th scope="row">{escape(label)}</th>'
                f'<td class="n">{num(c.get("reviewed", 0), lang)}</td>'
                f'<td class="n">{num(c.get("flagged", 0), lang)}</td></tr>\n'
            )
        w("</tbody>\n</table>\n")
    w("</section>\n")


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
        f'<h3 id="filters-h" style="width:100%">{escape(t["filters"])}</h3>\n'
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
        f'<p id="f-status" role="status" style="width:100%;margin:0" '
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
