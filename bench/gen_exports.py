"""Write realistic synthetic exports in every supported format, at any size.

Deterministic (``--seed``, default 42): the same arguments give byte-identical files.
Everything is written streaming, so a million posts need no more memory than ten.

    python bench/gen_exports.py x -n 100000 -o bench/out/x-100k.zip
    python bench/gen_exports.py all -n 1000 -o bench/out/samples/

Text mixes English and French everyday posts with hashtags, mentions, links and
emoji; about 5 % carry something the engine should raise (party slogans, opinions
on a minister, a phone number, a reference to one's own department).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archives"))
from carwriter import CarBuilder, Link, mst_node

EN = [
    "the",
    "a",
    "my",
    "our",
    "this",
    "that",
    "great",
    "new",
    "old",
    "quick",
    "long",
    "day",
    "week",
    "weekend",
    "morning",
    "coffee",
    "lunch",
    "park",
    "walk",
    "run",
    "bike",
    "bus",
    "train",
    "rain",
    "snow",
    "sun",
    "team",
    "family",
    "friends",
    "dog",
    "cat",
    "garden",
    "book",
    "movie",
    "concert",
    "game",
    "hockey",
    "soup",
    "bread",
    "recipe",
    "trip",
    "city",
    "river",
    "lake",
    "trail",
    "photo",
    "kids",
    "school",
    "music",
    "podcast",
    "article",
    "idea",
    "plan",
    "project",
    "today",
    "tomorrow",
    "finally",
    "really",
    "love",
    "enjoyed",
    "tried",
    "found",
    "made",
    "saw",
    "watched",
    "read",
    "cooked",
    "fixed",
    "visited",
    "shared",
]
FR = [
    "le",
    "la",
    "mon",
    "notre",
    "ce",
    "cette",
    "belle",
    "nouvelle",
    "vieille",
    "journée",
    "semaine",
    "fin",
    "matin",
    "café",
    "dîner",
    "parc",
    "marche",
    "course",
    "vélo",
    "autobus",
    "train",
    "pluie",
    "neige",
    "soleil",
    "équipe",
    "famille",
    "amis",
    "chien",
    "chat",
    "jardin",
    "livre",
    "film",
    "concert",
    "partie",
    "hockey",
    "soupe",
    "pain",
    "recette",
    "voyage",
    "ville",
    "rivière",
    "lac",
    "sentier",
    "photo",
    "enfants",
    "école",
    "musique",
    "balado",
    "article",
    "idée",
    "projet",
    "aujourd'hui",
    "demain",
    "enfin",
    "vraiment",
    "adoré",
    "essayé",
    "trouvé",
    "fait",
    "vu",
    "regardé",
    "lu",
    "cuisiné",
    "réparé",
    "visité",
]
TAGS = [
    "#ottawa",
    "#gatineau",
    "#montreal",
    "#hockey",
    "#cuisine",
    "#velo",
    "#books",
    "#photography",
    "#weekend",
    "#MondayMotivation",
    "#nature",
    "#jardinage",
    "#podcast",
]
EMOJI = ["🙂", "🎉", "☕", "🌧️", "🚲", "❤️", "👍", "🍁", "📚", "🏒"]
RISKY_EN = [
    "Vote NDP on Monday! #VoteNDP",
    "The Conservatives will ruin this country.",
    "The minister is lying about the budget again.",
    "Call me at 613-555-0199",
    "At my department we were told the new policy is a disaster.",
    "Proud to volunteer for the Liberal campaign this weekend!",
]
RISKY_FR = [
    "Votez NPD lundi ! #polcan",
    "Les conservateurs vont ruiner le pays.",
    "La ministre ment encore sur le budget.",
    "Appelez-moi au 819-555-0123",
    "Dans mon ministère, on nous dit que la nouvelle politique est un désastre.",
]
START = datetime(2012, 1, 1, tzinfo=UTC)


class Posts:
    """Deterministic stream of synthetic posts: (index, text, lang, created_at, kind)."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)

    def __iter__(self) -> Iterator[tuple[int, str, str, datetime, str]]:
        rng = self.rng
        span = (datetime(2026, 1, 1, tzinfo=UTC) - START).total_seconds()
        for i in range(self.n):
            lang = "fr" if rng.random() < 0.4 else "en"
            words = FR if lang == "fr" else EN
            text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 30)))
            text = text[0].upper() + text[1:]
            if rng.random() < 0.05:
                text += " " + rng.choice(RISKY_FR if lang == "fr" else RISKY_EN)
            if rng.random() < 0.45:
                text += " " + rng.choice(TAGS)
            if rng.random() < 0.5:
                text += " " + rng.choice(EMOJI)
            if rng.random() < 0.02:
                text += "\n" + " ".join(rng.choice(words) for _ in range(6))
            r = rng.random()
            kind = "repost" if r < 0.1 else "reply" if r < 0.35 else "post"
            if kind == "reply":
                text = f"@{rng.choice(['sam_roy', 'jo_lee', 'mtl_news', 'ottawa_bikes'])} " + text
            # Newest first, like a real archive.
            created = START + timedelta(seconds=span * (1 - (i + 1) / (self.n + 1)))
            yield i, text, lang, created.replace(microsecond=0), kind


def _x_date(d: datetime) -> str:
    return d.strftime("%a %b %d %H:%M:%S +0000 %Y")


def write_x(path: Path, n: int, seed: int, part_size: int = 250_000) -> None:
    """X archive zip: data/tweets.js (+ tweets-partN.js), account.js, manifest.js, a DM file."""
    rng = random.Random(seed + 1)
    parts: list[int] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        out = None
        for i, text, lang, created, kind in Posts(n, seed):
            part = i // part_size
            if out is None or part != len(parts) - 1:
                if out is not None:
                    out.write(b"\n]")
                    out.close()
                name = "data/tweets.js" if part == 0 else f"data/tweets-part{part}.js"
                out = zf.open(name, "w", force_zip64=True)
                out.write(f"window.YTD.tweets.part{part} = [".encode())
                parts.append(0)
            tid = str(1_000_000_000_000_000_000 + n - i)
            urls = []
            if rng.random() < 0.25:
                short = f"https://t.co/{rng.randrange(16**10):010x}"
                text = f"{text} {short}"
                urls.append(
                    {
                        "url": short,
                        "expanded_url": f"https://example.ca/a/{i}",
                        "display_url": f"example.ca/a/{i}",
                        "indices": ["0", "23"],
                    }
                )
            full = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if kind == "repost":
                full = "RT @sam_roy: " + full
            tw: dict = {
                "edit_info": {
                    "initial": {
                        "editTweetIds": [tid],
                        "editableUntil": created.isoformat(),
                        "editsRemaining": "5",
                        "isEditEligible": False,
                    }
                },
                "retweeted": False,
                "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
                "entities": {"hashtags": [], "symbols": [], "user_mentions": [], "urls": urls},
                "display_text_range": ["0", str(len(full))],
                "favorite_count": str(rng.randrange(50)),
                "id_str": tid,
                "truncated": False,
                "retweet_count": "0",
                "id": tid,
                "created_at": _x_date(created),
                "favorited": False,
                "full_text": full,
                "lang": lang,
            }
            if kind == "reply":
                tw["in_reply_to_status_id_str"] = tw["in_reply_to_status_id"] = str(int(tid) - 7)
                tw["in_reply_to_screen_name"] = "sam_roy"
            sep = b"\n" if parts[-1] == 0 else b",\n"
            out.write(
                sep
                + json.dumps(
                    {"tweet": tw}, ensure_ascii=False, indent=2, separators=(",", " : ")
                ).encode()
            )
            parts[-1] += 1
        if out is not None:
            out.write(b"\n]")
            out.close()
        files = [
            {
                "fileName": "data/tweets.js" if k == 0 else f"data/tweets-part{k}.js",
                "globalName": f"YTD.tweets.part{k}",
                "count": str(c),
            }
            for k, c in enumerate(parts)
        ]
        zf.writestr(
            "data/manifest.js",
            "window.__THAR_CONFIG = "
            + json.dumps(
                {
                    "userInfo": {
                        "accountId": "42",
                        "userName": "alex_bench",
                        "displayName": "Alex",
                    },
                    "dataTypes": {"tweets": {"files": files}},
                },
                indent=2,
            ),
        )
        zf.writestr(
            "data/account.js",
            "window.YTD.account.part0 = "
            + json.dumps([{"account": {"username": "alex_bench", "accountId": "42"}}]),
        )
        zf.writestr("data/note-tweet.js", "window.YTD.note_tweet.part0 = [ ]")
        zf.writestr("data/direct-messages.js", "window.YTD.direct_messages.part0 = [ ]")


def write_mastodon(path: Path, n: int, seed: int) -> None:
    base = "https://social.example.ca/users/alex"
    public = "https://www.w3.org/ns/activitystreams#Public"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("outbox.json", "w", force_zip64=True) as out:
            out.write(
                b'{"@context": "https://www.w3.org/ns/activitystreams", "id": "outbox.json",'
                b' "type": "OrderedCollection", "totalItems": %d, "orderedItems": [],'
                b' "orderedItems": [' % n
            )
            for i, text, lang, created, kind in Posts(n, seed):
                ts = created.strftime("%Y-%m-%dT%H:%M:%SZ")
                if kind == "repost":
                    item = {
                        "id": f"{base}/statuses/{i}/activity",
                        "type": "Announce",
                        "actor": base,
                        "published": ts,
                        "to": [public],
                        "cc": [f"{base}/followers"],
                        "object": f"https://x.example/users/sam/statuses/{i}",
                    }
                else:
                    html = (
                        "<p>"
                        + text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
                        + "</p>"
                    )
                    to = [public] if i % 50 else ["https://x.example/users/sam"]  # 2 % direct
                    item = {
                        "id": f"{base}/statuses/{i}/activity",
                        "type": "Create",
                        "actor": base,
                        "published": ts,
                        "to": to,
                        "cc": [],
                        "object": {
                            "id": f"{base}/statuses/{i}",
                            "type": "Note",
                            "summary": None,
                            "published": ts,
                            "inReplyTo": "https://x.example/s/1" if kind == "reply" else None,
                            "url": f"https://social.example.ca/@alex/{i}",
                            "to": to,
                            "cc": [],
                            "content": html,
                            "contentMap": {lang: html},
                        },
                    }
                out.write(
                    (b"" if i == 0 else b",\n") + json.dumps(item, ensure_ascii=False).encode()
                )
            out.write(b"]}")
        zf.writestr("actor.json", json.dumps({"id": base, "type": "Person"}))


def write_bluesky(path: Path, n: int, seed: int) -> None:
    """repo.car with a two-level MST (chunks of 500 records under a root spine)."""
    did = "did:plc:bench42"
    b = CarBuilder()
    entries: list[tuple[str, Link]] = []
    for i, text, lang, created, kind in Posts(n, seed):
        ts = created.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        rkey = f"3k{i:011d}"
        if kind == "repost":
            rec = {
                "$type": "app.bsky.feed.repost",
                "createdAt": ts,
                "subject": {"uri": f"at://did:plc:x/app.bsky.feed.post/{rkey}", "cid": "b"},
            }
            key = f"app.bsky.feed.repost/{rkey}"
        else:
            rec = {"$type": "app.bsky.feed.post", "text": text, "createdAt": ts, "langs": [lang]}
            if kind == "reply":
                ref = {"uri": "at://did:plc:x/app.bsky.feed.post/3kzz", "cid": "b"}
                rec["reply"] = {"root": ref, "parent": ref}
            key = f"app.bsky.feed.post/{rkey}"
        entries.append((key, b.add(rec)))
    entries.sort()
    chunks = [entries[i : i + 500] for i in range(0, len(entries), 501)]
    spine = [entries[i + 500] for i in range(0, len(entries), 501) if i + 500 < len(entries)]
    nodes = [b.add(mst_node([(k, v, None) for k, v in c])) for c in chunks]
    root_entries = [
        (k, v, nodes[j + 1] if j + 1 < len(nodes) else None) for j, (k, v) in enumerate(spine)
    ]
    root = b.add(mst_node(root_entries, nodes[0] if nodes else None))
    commit = b.add(
        {"did": did, "version": 3, "data": root, "rev": "3k", "prev": None, "sig": b"\x00" * 64}
    )
    path.write_bytes(b.build(commit))


def _moji(s: str) -> str:
    return s.encode("utf-8").decode("latin-1")


def _json_list(out: io.BufferedIOBase, items: Iterator[dict]) -> None:
    out.write(b"[")
    for k, item in enumerate(items):
        out.write((b"\n" if k == 0 else b",\n") + json.dumps(item).encode())
    out.write(b"\n]")


def write_facebook(path: Path, n: int, seed: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        name = "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"
        with zf.open(name, "w", force_zip64=True) as out:
            _json_list(
                out,
                (
                    {
                        "timestamp": int(c.timestamp()),
                        "data": [{"post": _moji(t)}, {"update_timestamp": int(c.timestamp())}],
                        "title": "Alex updated his status.",
                    }
                    for _, t, _, c, kind in Posts(n, seed)
                    if kind != "comment"
                ),
            )
        with zf.open("your_facebook_activity/comments_and_reactions/comments.json", "w") as out:
            out.write(b'{"comments_v2": ')
            _json_list(
                out,
                (
                    {
                        "timestamp": int(c.timestamp()),
                        "data": [
                            {
                                "comment": {
                                    "timestamp": int(c.timestamp()),
                                    "comment": _moji(t),
                                    "author": "Alex",
                                }
                            }
                        ],
                        "title": "Alex commented on a post.",
                    }
                    for _, t, _, c, _ in Posts(max(n // 10, 1), seed + 7)
                ),
            )
            out.write(b"}")


def write_instagram(path: Path, n: int, seed: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("your_instagram_activity/content/posts_1.json", "w", force_zip64=True) as out:
            _json_list(
                out,
                (
                    {
                        "media": [
                            {
                                "uri": f"media/posts/2024/{i}.jpg",
                                "creation_timestamp": int(c.timestamp()),
                                "title": _moji(t),
                            }
                        ]
                    }
                    for i, t, _, c, _ in Posts(n, seed)
                ),
            )
        with zf.open("your_instagram_activity/threads/threads_and_replies.json", "w") as out:
            out.write(b'{"text_post_app_text_posts": ')
            _json_list(
                out,
                (
                    {
                        "media": [
                            {
                                "uri": "",
                                "creation_timestamp": int(c.timestamp()),
                                "title": _moji(t),
                                "text_app_post": {"is_reply": kind == "reply"},
                            }
                        ]
                    }
                    for _, t, _, c, kind in Posts(max(n // 10, 1), seed + 3)
                ),
            )
            out.write(b"}")


def _csv_member(
    zf: zipfile.ZipFile,
    name: str,
    header: list[str],
    rows: Iterator[list],
    bom: bool = False,
    preamble: str = "",
) -> None:
    with zf.open(name, "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig" if bom else "utf-8", newline="")
        text.write(preamble)
        w = csv.writer(text)
        w.writerow(header)
        w.writerows(rows)
        text.flush()
        text.detach()


def write_linkedin(path: Path, n: int, seed: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        _csv_member(
            zf,
            "Shares.csv",
            ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"],
            (
                [
                    c.strftime("%Y-%m-%d %H:%M:%S"),
                    f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{i}",
                    "" if k == "repost" else t,
                    "",
                    "",
                    "PUBLIC",
                ]
                for i, t, _, c, k in Posts(n, seed)
            ),
            bom=True,
            preamble="Notes:\nYour shares.\n\n",
        )
        _csv_member(
            zf,
            "Comments.csv",
            ["Date", "Link", "Message"],
            (
                [c.strftime("%Y-%m-%d %H:%M:%S"), f"https://www.linkedin.com/feed/{i}", t]
                for i, t, _, c, _ in Posts(max(n // 10, 1), seed + 5)
            ),
        )


def write_reddit(path: Path, n: int, seed: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        _csv_member(
            zf,
            "posts.csv",
            ["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"],
            (
                [
                    f"p{i}",
                    f"https://www.reddit.com/r/ottawa/comments/p{i}/x/",
                    c.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "192.0.2.1",
                    "ottawa",
                    "0",
                    t[:60],
                    "",
                    t,
                ]
                for i, t, _, c, _ in Posts(n, seed)
            ),
            bom=True,
        )
        _csv_member(
            zf,
            "comments.csv",
            [
                "id",
                "permalink",
                "date",
                "ip",
                "subreddit",
                "gildings",
                "link",
                "parent",
                "body",
                "media",
            ],
            (
                [
                    f"c{i}",
                    f"https://www.reddit.com/r/canada/comments/x/c{i}/",
                    c.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "192.0.2.1",
                    "canada",
                    "0",
                    "",
                    "",
                    "[deleted]" if i % 40 == 0 else t,
                    "",
                ]
                for i, t, _, c, _ in Posts(max(n // 2, 1), seed + 9)
            ),
        )


def write_jsonl(path: Path, n: int, seed: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for i, t, lang, c, _ in Posts(n, seed):
            out.write(
                json.dumps(
                    {"id": f"g{i}", "text": t, "lang": lang, "date": c.isoformat()},
                    ensure_ascii=False,
                )
                + "\n"
            )


WRITERS: dict[str, tuple[Callable[[Path, int, int], None], str]] = {
    "x": (write_x, ".zip"),
    "mastodon": (write_mastodon, ".zip"),
    "bluesky": (write_bluesky, ".car"),
    "facebook": (write_facebook, ".zip"),
    "instagram": (write_instagram, ".zip"),
    "linkedin": (write_linkedin, ".zip"),
    "reddit": (write_reddit, ".zip"),
    "generic": (write_jsonl, ".jsonl"),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("format", choices=[*WRITERS, "all"])
    ap.add_argument("-n", type=int, default=1000, help="number of posts")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--out", required=True, help="output file (a folder with 'all')")
    args = ap.parse_args(argv)
    out = Path(args.out)
    if args.format == "all":
        out.mkdir(parents=True, exist_ok=True)
        for name, (writer, ext) in WRITERS.items():
            writer(out / f"{name}-{args.n}{ext}", args.n, args.seed)
            print(out / f"{name}-{args.n}{ext}")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        WRITERS[args.format][0](out, args.n, args.seed)
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
