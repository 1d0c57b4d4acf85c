"""``postcheck review`` never reads a private message, on any platform, even in an export
it does not recognize: each platform's export below has message files (or records) planted
with a marker; the marker is in no output of any format (JSON, JSONL, CSV, the HTML report
in English and French, the terminal), each planted file is named once under "Left out",
and no planted file is ever opened."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive_support import ARCHIVES, SECRET, make_zip, opened  # noqa: F401 (opened: a fixture)
from archives.carwriter import repo_car
from postcheck.archives import bluesky, mastodon
from postcheck.cli import main

# Unique, and a post the engine flags: a message read as a post would reach every output.
TOKEN = "PLANTED-PRIVATE-b71e"
MARKER = f"{TOKEN} Vote NDP on Monday!"
REASON_EN = "skipped: private messages are never read"
REASON_FR = "ignoré : les messages privés ne sont jamais lus"


@dataclass
class Planted:
    """An export with private messages planted in it, and what the report must say."""

    export: Path
    left_out: dict[str, str]  # name under "Left out" -> "file", "folder" or "records"
    private: list[str]  # members that must never be opened
    args: tuple[str, ...] = ()
    # (module, function) that must never see the marker: for messages inside a file read
    spy: tuple[object, str] | None = None


def _folder(name: str) -> dict[str, bytes]:
    root = ARCHIVES / name
    return {
        p.relative_to(root).as_posix(): p.read_bytes().replace(SECRET.encode(), MARKER.encode())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _meta_thread(text: str) -> bytes:
    return json.dumps(
        {
            "participants": [{"name": "Sam Roy"}, {"name": "Alex Tremblay"}],
            "messages": [
                {"sender_name": "Sam Roy", "timestamp_ms": 1715609045000, "content": text}
            ],
        }
    ).encode()


def _x_dm(text: str) -> bytes:
    message = {"messageCreate": {"id": "9", "senderId": "1", "recipientId": "2", "text": text}}
    conversation = [{"dmConversation": {"conversationId": "1-2", "messages": [message]}}]
    return b"window.YTD.direct_messages.part0 = " + json.dumps(conversation).encode()


def _zip(tmp_path: Path, members: dict[str, bytes], private: dict[str, bytes]) -> Path:
    return make_zip(tmp_path / "export.zip", {**members, **private})


def plant_x(tmp_path: Path) -> Planted:
    private = {
        "data/direct-messages.js": _x_dm(MARKER),
        "data/direct-messages-group.js": _x_dm(MARKER),
        "data/direct-message-headers.js": _x_dm(MARKER),
        "data/direct_messages_media/9-abc.jpg": MARKER.encode(),
        "data/dms.js": _x_dm(MARKER),
    }
    left_out = {n: "file" for n in private if "media" not in n}
    left_out["data/direct_messages_media/"] = "folder"
    return Planted(_zip(tmp_path, _folder("x-synthetic"), private), left_out, list(private))


def plant_mastodon(tmp_path: Path) -> Planted:
    # the fixture's outbox.json holds a direct message (status 104), here with the marker
    export = _zip(tmp_path, _folder("mastodon"), {})
    return Planted(export, {"outbox.json": "records"}, [], spy=(mastodon, "_to_post"))


def plant_bluesky(tmp_path: Path) -> Planted:
    records = {
        "app.bsky.feed.post/3kaaaaaaaaaa2": {
            "$type": "app.bsky.feed.post",
            "text": "Vote NDP on Monday!",
            "createdAt": "2024-11-19T00:52:55.123Z",
        },
        "chat.bsky.actor.declaration/self": {
            "$type": "chat.bsky.actor.declaration",
            "allowIncoming": MARKER,
        },
        "chat.bsky.convo.message/3kbbbbbbbbbb2": {
            "$type": "chat.bsky.convo.message",
            "text": MARKER,
            "createdAt": "2024-11-19T00:52:55.123Z",
        },
    }
    car = tmp_path / "repo.car"
    car.write_bytes(repo_car("did:plc:abc123", records))
    return Planted(car, {"repo.car": "records"}, [], spy=(bluesky, "_decode"))


def _meta(tmp_path: Path, fixture: str, base: str, extra: dict[str, bytes]) -> Planted:
    folders = ("inbox/sam_1", "message_requests/kim_2", "filtered_threads/lee_3")
    folders += ("archived_threads/max_4", "e2ee_cutover/ana_5")
    private = {f"{base}/messages/{f}/message_1.json": _meta_thread(MARKER) for f in folders}
    private[f"{base}/messages/inbox/sam_1/photos/1.jpg"] = MARKER.encode()
    private.update(extra)
    left_out = {f"{base}/messages/": "folder"}
    left_out.update({n.split("messages/")[0] + "messages/": "folder" for n in extra})
    return Planted(_zip(tmp_path, _folder(fixture), private), left_out, list(private))


def plant_facebook(tmp_path: Path) -> Planted:
    return _meta(tmp_path, "facebook", "your_facebook_activity", {})


def plant_instagram(tmp_path: Path) -> Planted:
    # the zip holds Threads posts too: two importers read it, "Left out" names each once
    extra = {"your_instagram_activity/messages/secret_conversations.json": _meta_thread(MARKER)}
    return _meta(tmp_path, "instagram", "your_instagram_activity", extra)


def plant_threads(tmp_path: Path) -> Planted:
    posts = {
        "your_instagram_activity/threads/threads_and_replies.json": (
            ARCHIVES / "instagram/your_instagram_activity/threads/threads_and_replies.json"
        ).read_bytes()
    }
    private = {
        "your_instagram_activity/threads/messages/inbox/sam_1/message_1.json": _meta_thread(MARKER),
        "your_instagram_activity/messages/inbox/sam_1/message_1.json": _meta_thread(MARKER),
    }
    left_out = {
        "your_instagram_activity/threads/messages/": "folder",
        "your_instagram_activity/messages/": "folder",
    }
    return Planted(_zip(tmp_path, posts, private), left_out, list(private))


def plant_linkedin(tmp_path: Path) -> Planted:
    message_columns = "CONVERSATION ID,FROM,TO,DATE,CONTENT\n"
    private = {
        "messages.csv": f"{message_columns}1,Sam,Alex,2024-05-13,{MARKER}\n".encode(),
        "Invitations.csv": f"From,To,Sent At,Message\nSam,Alex,2018,{MARKER}\n".encode(),
        "guide_messages.csv": f"{message_columns}2,Guide,Alex,2024-05-13,{MARKER}\n".encode(),
        "learning_coach_messages.csv": f"{message_columns}3,Coach,Alex,2024,{MARKER}\n".encode(),
    }
    members = _folder("linkedin")
    return Planted(_zip(tmp_path, members, private), dict.fromkeys(private, "file"), list(private))


def plant_reddit(tmp_path: Path) -> Planted:
    columns = "id,permalink,thread_id,date,ip,from,to,subject,body\n"
    row = f"m1,,t1,2024-05-13 14:04:05 UTC,,sam,alex,hi,{MARKER}\n"
    private = {
        "messages.csv": (columns + row).encode(),
        "messages_archive.csv": (columns + row).encode(),
        "message_headers.csv": columns.encode(),
        "chat_history.csv": f"message_id,created_at,username,message\n1,2024,sam,{MARKER}\n".encode(),
    }
    members = _folder("reddit")
    return Planted(_zip(tmp_path, members, private), dict.fromkeys(private, "file"), list(private))


def _unknown_export(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    private = {
        "Messages.csv": f"From,To,Date,Subject,Content\nSam,Alex,2018,hi,{MARKER}\n".encode(),
        "Invitations.csv": f"From,To,Sent At,Message\nSam,Alex,2018,{MARKER}\n".encode(),
        "chat/log.jsonl": json.dumps({"text": MARKER, "date": "2024-05-13"}).encode(),
    }
    members = {
        "account.csv": b"First Name,Headline\nAlex,Analyst\n",
        "my_posts.csv": b"id,text,date\np1,Vote NDP on Monday!,2024-05-13\n",
    }
    return _zip(tmp_path, members, private), private


def plant_generic(tmp_path: Path) -> Planted:
    export, private = _unknown_export(tmp_path)
    left_out = {"Messages.csv": "file", "Invitations.csv": "file", "chat/": "folder"}
    return Planted(export, left_out, list(private), args=("--file", "my_posts.csv"))


PLANTS: dict[str, Callable[[Path], Planted]] = {
    "x": plant_x,
    "mastodon": plant_mastodon,
    "bluesky": plant_bluesky,
    "facebook": plant_facebook,
    "instagram": plant_instagram,
    "threads": plant_threads,
    "linkedin": plant_linkedin,
    "reddit": plant_reddit,
    "generic": plant_generic,
}


def review_in_every_format(capsys, tmp_path: Path, planted: Planted) -> dict[str, str]:
    """Each output of ``postcheck review``: JSON, JSONL, CSV, the HTML report in English
    and French, and what it wrote on the terminal."""
    out: dict[str, str] = {}
    runs = [("json", "en"), ("jsonl", "fr"), ("csv", None)]
    for fmt, lang in runs:
        dest = tmp_path / f"out.{fmt}"
        args = ["review", str(planted.export), *planted.args, "--format", fmt, "-o", str(dest)]
        if lang:
            report = tmp_path / f"report-{lang}.html"
            args += ["--report", str(report), "--lang", lang]
        args += ["--min-level", "low", "--include", "reposts", "-j", "1"]
        assert main(args) in (0, 1)
        out[fmt] = dest.read_text(encoding="utf-8")
        if lang:
            out[f"html-{lang}"] = report.read_text(encoding="utf-8")
        terminal = capsys.readouterr()
        out[f"terminal-{fmt}"] = terminal.out + terminal.err
    return out


@pytest.mark.parametrize("platform", list(PLANTS))
def test_private_messages_are_in_no_output_and_listed_once_under_left_out(
    capsys, tmp_path, opened, monkeypatch, platform
):
    planted = PLANTS[platform](tmp_path)
    seen: list[str] = []
    if planted.spy:
        module, name = planted.spy
        real = getattr(module, name)

        def spying(*args, **kwargs):
            result = real(*args, **kwargs)
            seen.append(repr(args) + repr(result))
            return result

        monkeypatch.setattr(module, name, spying)

    outputs = review_in_every_format(capsys, tmp_path, planted)

    for where, text in outputs.items():
        assert TOKEN not in text, where
    summary = json.loads(outputs["json"])
    assert summary["posts_reviewed"] > 0
    assert (
        json.loads(outputs["jsonl"].splitlines()[-1])["summary"]["skipped"] == (summary["skipped"])
    )
    private = [s for s in summary["skipped"] if s.get("private")]
    assert sorted((s["file"], s["private"]) for s in private) == sorted(planted.left_out.items())
    assert all(s["reason"].startswith(REASON_EN) for s in private)
    for name in planted.left_out:
        assert outputs["html-en"].count(f"<li><strong>{name}</strong>: {REASON_EN}") == 1
        assert outputs["html-fr"].count(f"<li><strong>{name}</strong>: {REASON_FR}") == 1
    assert opened, "the export was read"
    assert [n for n in opened if n in planted.private] == []
    assert seen or not planted.spy, "the spy saw the records read"
    assert not [s for s in seen if TOKEN in s]


def test_an_unrecognized_export_is_refused_without_opening_its_messages(capsys, tmp_path, opened):
    export, private = _unknown_export(tmp_path)
    assert main(["review", str(export), "-j", "1"]) == 2
    err = capsys.readouterr().err
    assert (
        err.startswith("postcheck: export.zip is not a supported export") and err.count("\n") == 1
    )
    assert "Messages.csv" in err and "my_posts.csv" in err and "--file NAME" in err
    assert TOKEN not in err
    assert [n for n in opened if n in private] == []


def test_a_message_file_named_with_file_is_refused_unopened(capsys, tmp_path, opened):
    export, private = _unknown_export(tmp_path)
    for name in private:
        assert main(["review", str(export), "--file", name, "-j", "1"]) == 2
        err = capsys.readouterr().err
        assert "never reads private messages, even when named" in err and TOKEN not in err
    assert opened == []


def test_a_lone_message_file_is_refused_unopened(capsys, tmp_path, opened):
    lone = tmp_path / "messages.csv"
    lone.write_text(f"id,from,to,body\n1,sam,alex,{MARKER}\n")
    for hint in ([], ["--format-hint", "generic"], ["--format-hint", "reddit"]):
        assert main(["review", str(lone), *hint, "-j", "1"]) == 2
        err = capsys.readouterr().err
        assert "never reads private messages" in err and TOKEN not in err
    assert opened == []


def test_the_marker_reaches_the_outputs_when_read_as_a_post(capsys, tmp_path):
    # what makes the tests above able to fail: a message read as a post would show
    lone = tmp_path / "mine.csv"
    lone.write_text(f"id,text\n1,{MARKER}\n")
    planted = Planted(lone, {}, [])
    outputs = review_in_every_format(capsys, tmp_path, planted)
    assert all(TOKEN in outputs[where] for where in ("json", "jsonl", "csv", "html-en", "html-fr"))
