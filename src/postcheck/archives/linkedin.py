"""LinkedIn "Get a copy of your data": ``Shares.csv`` (posts), ``Comments.csv`` and the
articles (``Articles/*.html``), in today's export and in the 2018 one.

Today's CSVs are UTF-8 and comma-separated (``Date,ShareLink,ShareCommentary,...``);
the 2018 export is UTF-16, tab-separated, with spaced column names (``Share
Commentary``) and dates like ``2017/06/08 08:15:44 UTC``; ``tables`` reads both.
``Comments.csv`` escapes a quote with a backslash, and shares' text keeps some quotes
doubled (``""Great news""``): both are undone here. Each file's kind is told by its
columns, not its name, so a renamed file is still read as what it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser

from ..engine import Post
from .common import ImportOptions, ReadLog, basename, find_members, parse_iso, sniff_encoding
from .errors import MalformedFileError
from .meta import synthetic_id
from .safezip import Container
from .tables import header, rows

PLATFORM = "linkedin"
DESCRIPTION = "LinkedIn export (Shares.csv, Comments.csv, Articles/*.html; 2018 and current)"
CANONICAL_NAME = "Shares.csv"
COMMENTS_NAME = "Comments.csv"
ADVICE = (
    "check that the copy of your data (Settings → Data privacy → Get a copy of your data) "
    "holds Shares.csv and Comments.csv"
)
SHARES = re.compile(r"Shares(?:_\d+)?\.csv", re.IGNORECASE)
COMMENTS = re.compile(r"Comments(?:_\d+)?\.csv", re.IGNORECASE)
ARTICLE = re.compile(r"(?:.*/)?Articles/(?:.*/)?[^/]+\.html?", re.IGNORECASE)
# An article page is a few hundred KiB at most (its images are links).
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(.*)")
_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
# Files only LinkedIn's export has (two of them tell it): the export is there, without
# the posts.
OTHER_FILES = re.compile(
    r"(?:Connections|Profile|Reactions|Positions|Skills|Ad_Targeting|Inferences_about_you)"
    r"(?:_\d+)?\.csv",
    re.IGNORECASE,
)


def detect(names: list[str]) -> list[str]:
    """Members this importer reads, by name (Reddit's comments.csv has other columns,
    which ``matches`` tells apart)."""
    articles = sorted(n for n in names if ARTICLE.fullmatch(n))
    return find_members(names, SHARES) + find_members(names, COMMENTS) + articles


def matches(container: Container, name: str, options: ImportOptions) -> bool:
    """True when the member is a LinkedIn file by its content: a CSV with the columns of
    shares or of comments, or an article page."""
    return _kind(container, name) is not None


def sniff(container: Container, name: str, options: ImportOptions) -> str | None:
    """``Shares.csv`` or ``Comments.csv``, whichever the columns show; a lone file
    needs all three of the comments' (Date, Link, Message), since a CSV of one's own may
    well have a date and a message.

    ``container`` holds the one file, which opens under either name.
    """
    kind = _kind(container, name)
    if kind == "shares":
        return CANONICAL_NAME
    if kind == "comments" and "link" in header(container, name):
        return COMMENTS_NAME
    return None


def unreadable(names: list[str]) -> str | None:
    """LinkedIn's export without the files of posts and comments."""
    if detect(names) or len(find_members(names, OTHER_FILES)) < 2:
        return None
    return (
        "is LinkedIn's export without Shares.csv or Comments.csv, the files of your posts "
        "and comments: in Settings → Data privacy → Get a copy of your data, ask for them "
        "(or for the larger archive) and review the new download"
    )


def read(container: Container, log: ReadLog, options: ImportOptions) -> Iterator[Post]:
    """Stream shares (``post``, or ``repost`` when there is no commentary), comments
    (``comment``) and articles (``post``: title, then text)."""
    for name in detect(container.names()):
        kind = _kind(container, name)
        if kind == "shares":
            yield from _shares(container, name, log)
        elif kind == "comments":
            yield from _comments(container, name, log)
        elif kind == "article":
            post = _article(container, name, log)
            if post is not None:
                yield post


def _kind(container: Container, name: str) -> str | None:
    if ARTICLE.fullmatch(name):
        return "article" if _looks_like_html(container, name) else None
    cols = set(header(container, name))
    if "sharecommentary" in cols:
        return "shares"
    if {"date", "message"} <= cols and "permalink" not in cols:
        return "comments"
    return None


def _shares(container: Container, name: str, log: ReadLog) -> Iterator[Post]:
    for line, row in rows(container, name, log):
        body = clean_quotes(row.get("sharecommentary", "")).strip()
        link = row.get("sharelink") or None
        created = _row_date(row, name, line, log)
        if not body:
            if row.get("sharedurl") or link:
                yield Post(
                    text="",
                    platform=PLATFORM,
                    created_at=created,
                    url=link,
                    id=link or synthetic_id(PLATFORM, row.get("date")),
                    kind="repost",
                )
            continue
        yield Post(
            text=body,
            platform=PLATFORM,
            created_at=created,
            url=link,
            id=synthetic_id(PLATFORM, row.get("date"), body),
            kind="post",
        )


def _comments(container: Container, name: str, log: ReadLog) -> Iterator[Post]:
    for line, row in rows(container, name, log, backslash_escapes=True):
        body = clean_quotes(row.get("message", "")).strip()
        if not body:
            continue
        yield Post(
            text=body,
            platform=PLATFORM,
            created_at=_row_date(row, name, line, log),
            url=row.get("link") or None,
            id=synthetic_id(PLATFORM, row.get("date"), body),
            kind="comment",
        )


def clean_quotes(text: str) -> str:
    """Undo the quotes LinkedIn leaves doubled inside a text (``""Great news""``)."""
    return text.replace('""', '"')


def parse_date(value: str | None) -> datetime | None:
    """A LinkedIn date as UTC: ``2024-05-13 14:04:05`` (today), ``2017/06/08 08:15:44
    UTC`` (2018), or ISO-8601; None when it is none of these."""
    if not value:
        return None
    s = value.strip()
    m = _SLASHED.match(s)
    if m:
        y, mo, d, rest = m.groups()
        s = f"{y}-{int(mo):02d}-{int(d):02d}{rest}"
    return parse_iso(s)


def _row_date(row: dict[str, str], name: str, line: int, log: ReadLog) -> datetime | None:
    value = row.get("date", "")
    created = parse_date(value)
    if created is None and value.strip():
        log.skip_item(
            f"{name} line {line}",
            f"the date {value.strip()!r} was not understood; the row was reviewed without "
            "a date, so --since and --until do not apply to it",
            item_fr=f"{name}, ligne {line}",
            reason_fr=f"la date {value.strip()!r} n'a pas été comprise; la ligne a été "
            "examinée sans date, donc --since et --until ne s'y appliquent pas",
        )
    return created


# --- articles -------------------------------------------------------------------


def _looks_like_html(container: Container, name: str) -> bool:
    try:
        with container.open(name) as fh:
            head = fh.read(4096)
    except MalformedFileError:
        return False
    encoding, _note = sniff_encoding(head)
    text = head.decode(encoding, "replace").lstrip("\ufeff \t\r\n").lower()
    return text.startswith("<") and ("<html" in text or "<h1" in text or "<body" in text)


def _article(container: Container, name: str, log: ReadLog) -> Post | None:
    try:
        data = container.read_bytes(name, MAX_ARTICLE_BYTES)
    except MalformedFileError as exc:
        log.skip_file(name, str(exc))
        return None
    encoding, _note = sniff_encoding(data[:65536])
    page = _ArticlePage()
    page.feed(data.decode(encoding, "replace"))
    page.close()
    title, body = page.title(), page.body()
    text = f"{title}\n\n{body}" if title and body else title or body
    if not text:
        log.skip_file(
            name,
            "the article page has no title or text; nothing to review",
            reason_fr="la page de l'article n'a ni titre ni texte; rien à examiner",
        )
        return None
    created = page.date()
    if created is None:
        log.skip_item(
            name,
            "the article gives no date; it was reviewed without one, so --since and "
            "--until do not apply to it",
            reason_fr="l'article ne donne pas de date; il a été examiné sans date, donc "
            "--since et --until ne s'y appliquent pas",
        )
    return Post(
        text=text,
        platform=PLATFORM,
        created_at=created,
        url=page.link,
        id=page.link or synthetic_id(PLATFORM, basename(name), text),
        kind="post",
    )


class _ArticlePage(HTMLParser):
    """An exported article: its title in ``<h1>`` (or ``<title>``), its dates in
    ``<p class="created|published">`` lines or ``<meta>`` tags, its text in the body."""

    _BLOCKS = frozenset(
        {"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre"}
    )
    _HIDDEN = frozenset({"script", "style", "template", "noscript"})
    _VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
        | {"track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.link: str | None = None
        self._h1: list[str] = []
        self._title: list[str] = []
        self._parts: list[str] = []
        self._dates: dict[str, str] = {}
        # Open elements, each with where its text goes: "" (the body), "h1", "title",
        # "created"/"published" (a date line) or "hidden" (scripts, styles).
        self._open: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            for kind in ("published", "created"):
                if kind in key and a.get("content"):
                    self._dates.setdefault(kind, a["content"])
            return
        where = self._where()
        if tag == "br" and not where:
            self._parts.append("\n")
        if tag in self._VOID:
            return
        classes = set(a.get("class", "").split())
        if where in ("hidden", "title", "created", "published"):
            pass
        elif tag in self._HIDDEN:
            where = "hidden"
        elif tag == "title":
            where = "title"
        elif tag == "h1" and not self._h1 and not where:
            where = "h1"
        elif tag == "a" and where == "h1" and a.get("href", "").startswith("http"):
            self.link = self.link or a["href"]
        elif tag == "p" and classes & {"created", "published"}:
            where = "published" if "published" in classes else "created"
            self._dates[where] = ""
        elif tag in self._BLOCKS and not where:
            self._block()
        self._open.append((tag, where))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching element: HTML lets some end tags be left out.
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                if tag in self._BLOCKS and not self._where():
                    self._block()
                return

    def handle_data(self, data: str) -> None:
        where = self._where()
        if where == "hidden":
            return
        if where == "title":
            self._title.append(data)
        elif where == "h1":
            self._h1.append(data)
        elif where in ("created", "published"):
            self._dates[where] += data
        else:
            self._parts.append(data)

    def _where(self) -> str:
        return self._open[-1][1] if self._open else ""

    def _block(self) -> None:
        if self._parts and not "".join(self._parts[-2:]).endswith("\n\n"):
            self._parts.append("\n\n")

    def title(self) -> str:
        return " ".join(("".join(self._h1) or "".join(self._title)).split())

    def body(self) -> str:
        text = re.sub(r"[ \t\r\f\v]+\n", "\n", "".join(self._parts))
        return re.sub(r"\n{3,}", "\n\n", text).strip()

    def date(self) -> datetime | None:
        """When the article was published, else created; None when the page says neither."""
        for kind in ("published", "created"):
            value = self._dates.get(kind, "").strip()
            found = parse_iso(value)
            m = None if found else _DATE.search(value)
            if m:
                y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
                try:
                    found = datetime(y, mo, d, h, mi, sec, tzinfo=UTC)
                except ValueError:
                    found = None
            if found:
                return found
        return None
