"""Small exports whose posts are in several languages, one builder per platform: each
writes the platform's own tag where its format has one (X ``lang``, Mastodon
``contentMap``, Bluesky ``langs``, a generic ``lang`` column) and none where it has none
(Threads, Reddit)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from archive_support import make_zip

# (id, text, the platform's tag); the texts are ours
POSTS = [
    ("p1", "Vote NDP on Monday!", "en"),
    ("p2", "Votez NPD lundi, c'est le seul bon choix!", "fr"),
    # "con" is an insult in French: the French rules flag this Spanish post
    ("p3", "Ese ministro, un con", "es"),
]
DATE_ISO = "2024-05-13T14:04:05Z"


def x_export(dest: Path, posts: list[tuple[str, str, str]] = POSTS) -> Path:
    tweets = [
        {
            "tweet": {
                "id_str": pid,
                "full_text": text,
                "created_at": "Mon May 13 14:04:05 +0000 2024",
                "lang": lang,
            }
        }
        for pid, text, lang in posts
    ]
    body = "window.YTD.tweets.part0 = " + json.dumps(tweets, ensure_ascii=False)
    return make_zip(dest / "x.zip", {"data/tweets.js": body.encode()})


def mastodon_export(dest: Path, posts: list[tuple[str, str, str]] = POSTS) -> Path:
    base = "https://social.example.ca/users/alex"
    public = ["https://www.w3.org/ns/activitystreams#Public"]
    items = [
        {
            "id": f"{base}/statuses/{pid}/activity",
            "type": "Create",
            "published": DATE_ISO,
            "to": public,
            "object": {
                "id": f"{base}/statuses/{pid}",
                "type": "Note",
                "published": DATE_ISO,
                "to": public,
                "content": f"<p>{text}</p>",
                "contentMap": {lang: f"<p>{text}</p>"},
            },
        }
        for pid, text, lang in posts
    ]
    body = json.dumps({"type": "OrderedCollection", "orderedItems": items}, ensure_ascii=False)
    return make_zip(dest / "mastodon.zip", {"outbox.json": body.encode()})


def bluesky_export(dest: Path, posts: list[tuple[str, str, str]] = POSTS) -> Path:
    from archives.carwriter import repo_car

    records = {
        f"app.bsky.feed.post/3k{pid:a>11}": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2024-05-13T14:04:05.000Z",
            "langs": [lang],
        }
        for pid, text, lang in posts
    }
    path = dest / "repo.car"
    path.write_bytes(repo_car("did:plc:lang1", records))
    return path


def generic_export(dest: Path, posts: list[tuple[str, str, str]] = POSTS) -> Path:
    path = dest / "posts.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": pid, "text": text, "date": DATE_ISO, "lang": lang}) + "\n"
            for pid, text, lang in posts
        ),
        "utf-8",
    )
    return path


def threads_export(dest: Path, posts: list[tuple[str, str, str]] = POSTS) -> Path:
    items = [
        {"media": [{"uri": "", "creation_timestamp": 1715609045, "title": text}]}
        for _pid, text, _lang in posts
    ]
    body = json.dumps({"text_post_app_text_posts": items})  # ASCII escapes, like Meta's
    return make_zip(
        dest / "threads.zip",
        {"your_instagram_activity/threads/threads_and_replies.json": body.encode()},
    )


def reddit_export(dest: Path, posts: list[tuple[str, str, str]] = POSTS) -> Path:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["id", "permalink", "date", "ip", "subreddit", "gildings", "link", "parent", "body"])
    link = "https://www.reddit.com/r/ottawa/comments/1x/a/"
    for pid, text, _lang in posts:
        w.writerow([pid, link + pid, DATE_ISO, "", "ottawa", "0", link, "", text])
    return make_zip(dest / "reddit.zip", {"comments.csv": out.getvalue().encode()})


TAGGED = {
    "x": x_export,
    "mastodon": mastodon_export,
    "bluesky": bluesky_export,
    "generic": generic_export,
}
UNTAGGED = {"threads": threads_export, "reddit": reddit_export}
