"""Deterministic corpus of tweet-length posts for the benchmarks.

    python bench/corpus.py -n 100000 --seed 42          # -> bench/out/posts.jsonl, posts.txt

Posts are random sentences from a small everyday vocabulary (60 % English, 40 % French)
with cues injected at fixed rates: party and leader names with a stance word, profanity,
phone numbers and e-mail addresses, hashtags, @mentions, t.co-style URLs, emoji and a few
multi-line posts. The text is not natural prose; it only has the shape and the cue density
of real posts. Same seed and N give byte-identical files (standard library only).

posts.jsonl: one ``{"id", "text", "lang"}`` per line (the ``postcheck check --input`` format).
posts.txt:   one post per line, inner newlines turned into spaces (for line-based peers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _words(block: str) -> list[str]:
    return block.split()


EN_WORDS = _words("""
the a my our your this that some every one two three new old good great long short quick
slow big small early late today tonight tomorrow yesterday morning evening weekend week
month year coffee tea lunch dinner breakfast bus train bike car walk run park river lake
snow rain sun wind weather cold warm hot winter spring summer fall team office meeting
project report email desk chair window door kitchen garden dog cat kid kids family friend
friends neighbour neighbours book books movie show music song game hockey soccer baseball
pizza soup bread cake apples market store shop line queue traffic road street city town
home house room bed sleep work job shift break holiday trip flight hotel beach trail hike
photo picture phone screen laptop app update news story idea plan list note question answer
problem fix help thanks thank love like enjoy need want try finally really very so too
just still again always never maybe almost already is was are were be been have has had do
did does go went going get got make made take took see saw look looked find found think
thought know knew feel felt say said tell told call called start started finish finished
open closed busy quiet happy tired hungry ready late fun nice lovely awful funny weird
with for at on in of to from about after before during over under into and but or because
""")

FR_WORDS = _words("""
le la les un une des mon ma mes notre nos votre ce cette ces du de au aux et mais ou donc
car avec pour dans sur sous chez après avant pendant vers entre très trop encore toujours
jamais déjà enfin vraiment bien mal beau belle bon bonne grand grande petit petite nouveau
nouvelle vieux matin soir midi nuit journée semaine mois année aujourd'hui demain hier
café thé dîner souper déjeuner autobus métro vélo auto marche parc rivière lac neige pluie
soleil vent froid chaud hiver printemps été automne équipe bureau réunion projet rapport
courriel chaise fenêtre porte cuisine jardin chien chat enfant enfants famille ami amie
amis voisin voisins livre film émission musique chanson match hockey soccer pizza soupe
pain gâteau pommes marché épicerie magasin file circulation route rue ville village maison
chambre lit sommeil travail emploi pause vacances voyage vol hôtel plage sentier photo
téléphone écran portable appli nouvelle histoire idée plan liste question réponse problème
merci aime adore besoin veux essayer fini est était sont étaient être avoir ai as a avons
fait faire va aller allé vu voir trouvé pense dit appelé commencé ouvert fermé occupé
tranquille content contente fatigué faim prêt prête drôle bizarre génial super tellement
""")

EN_PARTIES = [
    "Liberals",
    "Conservatives",
    "NDP",
    "Tories",
    "Green Party",
    "People's Party",
    "Bloc",
    "CPC",
    "LPC",
    "Poilievre",
    "Carney",
    "Jagmeet Singh",
]
FR_PARTIES = [
    "libéraux",
    "conservateurs",
    "NPD",
    "Bloc Québécois",
    "Parti vert",
    "PQ",
    "CAQ",
    "Poilievre",
    "Carney",
    "Jagmeet Singh",
    "Parti conservateur",
]
EN_STANCE = [
    "vote for",
    "proud to support",
    "never again",
    "must go",
    "useless",
    "the only",
    "time for a change",
    "corrupt",
    "pathetic",
    "four more years",
]
FR_STANCE = [
    "votez",
    "vote pour",
    "dehors",
    "menteur",
    "corrompu",
    "honte",
    "le seul",
    "fier d'appuyer",
    "non merci",
    "catastrophe",
]
EN_PROFANITY = [
    "damn",
    "shit",
    "fuck",
    "fucking",
    "crap",
    "bullshit",
    "wtf",
    "pissed",
    "asshole",
    "bloody hell",
]
FR_PROFANITY = [
    "merde",
    "putain",
    "tabarnak",
    "câlisse",
    "osti",
    "crisse",
    "chier",
    "ciboire",
    "fuck",
    "maudit",
]
EMOJI = [
    "😂",
    "😊",
    "🙏",
    "🔥",
    "❤️",
    "👍",
    "🎉",
    "😅",
    "🤔",
    "😡",
    "🇨🇦",
    "☕",
    "❄️",
    "🏒",
    "👏🏽",
    "🙄",
    "💯",
    "😬",
    "🍁",
    "🚲",
]
HASHTAGS_EN = [
    "#hockey",
    "#coffee",
    "#Ottawa",
    "#Toronto",
    "#weekend",
    "#winter",
    "#cdnpoli",
    "#GoHabsGo",
    "#running",
    "#books",
    "#mondaymotivation",
    "#elxn45",
]
HASHTAGS_FR = [
    "#Montréal",
    "#Québec",
    "#polqc",
    "#hiver",
    "#café",
    "#GoHabsGo",
    "#lecture",
    "#vélo",
    "#fêtes",
    "#Gatineau",
]
MENTIONS = [
    "@CityOfOttawa",
    "@OCTranspo",
    "@stm_info",
    "@CBCNews",
    "@Radio_Canada",
    "@jdoe",
    "@marie_t",
    "@sam_k",
    "@ville_mtl",
    "@TTCnotices",
]
FIRST = ["alex", "sam", "marie", "jean", "priya", "li", "omar", "julie", "kevin", "nathalie"]
DOMAINS = ["gmail.com", "outlook.com", "hotmail.ca", "videotron.ca", "example.org"]

# Rates of injected cues (independent draws per post).
RATES = {
    "party": 0.05,
    "profanity": 0.045,
    "contact": 0.03,
    "hashtag": 0.49,
    "mention": 0.24,
    "url": 0.25,
    "emoji": 0.54,
    "multiline": 0.03,
}


def _sentence(rng: random.Random, words: list[str]) -> str:
    n = rng.randint(4, 14)
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "!", "?", "..."])


def _url(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "https://t.co/" + "".join(rng.choice(alphabet) for _ in range(10))


def _contact(rng: random.Random) -> str:
    if rng.random() < 0.5:
        a, b, c = rng.randint(200, 989), rng.randint(200, 999), rng.randint(0, 9999)
        return rng.choice([f"{a}-{b}-{c:04d}", f"({a}) {b}-{c:04d}", f"{a}.{b}.{c:04d}"])
    return f"{rng.choice(FIRST)}.{rng.choice(FIRST)}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}"


def make_post(rng: random.Random) -> tuple[str, str, list[str]]:
    """One post: (text, lang, injected cue kinds)."""
    lang = "en" if rng.random() < 0.6 else "fr"
    en = lang == "en"
    words = EN_WORDS if en else FR_WORDS
    parts = [_sentence(rng, words) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
    cues: list[str] = []
    if rng.random() < RATES["party"]:
        stance = rng.choice(EN_STANCE if en else FR_STANCE)
        party = rng.choice(EN_PARTIES if en else FR_PARTIES)
        parts.insert(rng.randint(0, len(parts)), f"{stance.capitalize()} {party}!")
        cues.append("party")
    if rng.random() < RATES["profanity"]:
        parts.insert(rng.randint(0, len(parts)), rng.choice(EN_PROFANITY if en else FR_PROFANITY))
        cues.append("profanity")
    if rng.random() < RATES["contact"]:
        label = rng.choice(
            ["Call me at", "Text", "Reach me:"]
            if en
            else ["Appelez-moi au", "Texto :", "Écrivez à"]
        )
        parts.append(f"{label} {_contact(rng)}")
        cues.append("contact")
    if rng.random() < RATES["mention"]:
        parts.insert(0, rng.choice(MENTIONS))
        cues.append("mention")
    if rng.random() < RATES["hashtag"]:
        parts.append(" ".join(rng.sample(HASHTAGS_EN if en else HASHTAGS_FR, rng.randint(1, 3))))
        cues.append("hashtag")
    if rng.random() < RATES["emoji"]:
        parts.append("".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 3))))
        cues.append("emoji")
    if rng.random() < RATES["url"]:
        parts.append(_url(rng))
        cues.append("url")
    sep = " "
    if rng.random() < RATES["multiline"] and len(parts) > 1:
        sep = "\n"
        cues.append("multiline")
    text = sep.join(parts)
    if len(text) > 280:  # keep tweet length; cut on a space
        text = text[:280].rsplit(" ", 1)[0]
    return text, lang, cues


def generate(n: int, seed: int) -> tuple[list[dict[str, object]], Counter[str]]:
    rng = random.Random(seed)
    posts: list[dict[str, object]] = []
    counts: Counter[str] = Counter()
    for i in range(n):
        text, lang, cues = make_post(rng)
        counts[lang] += 1
        counts.update(cues)
        posts.append({"id": i + 1, "text": text, "lang": lang})
    return posts, counts


def write(posts: list[dict[str, object]], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    jsonl, txt = out / "posts.jsonl", out / "posts.txt"
    with (
        jsonl.open("w", encoding="utf-8", newline="\n") as fj,
        txt.open("w", encoding="utf-8", newline="\n") as ft,
    ):
        for p in posts:
            fj.write(json.dumps(p, ensure_ascii=False) + "\n")
            ft.write(str(p["text"]).replace("\n", " ") + "\n")
    return jsonl, txt


def ensure(n: int, seed: int = 42, out: Path = OUT) -> Path:
    """Generate the corpus unless posts.jsonl already holds this N and seed."""
    stamp = out / "corpus.stamp"
    want = f"n={n} seed={seed}\n"
    if (out / "posts.jsonl").is_file() and stamp.is_file() and stamp.read_text() == want:
        return out / "posts.jsonl"
    posts, _ = generate(n, seed)
    jsonl, _ = write(posts, out)
    stamp.write_text(want)
    return jsonl


def load_texts(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(text, lang) of the posts in a posts.jsonl."""
    out: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append((d["text"], d["lang"]))
            if limit is not None and len(out) >= limit:
                break
    return out


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="number of posts (default 100000)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    posts, counts = generate(args.n, args.seed)
    jsonl, txt = write(posts, args.out)
    (args.out / "corpus.stamp").write_text(f"n={args.n} seed={args.seed}\n")
    lengths = sorted(len(str(p["text"])) for p in posts)
    print(f"$ {' '.join([sys.executable, *sys.argv])}")
    print(
        f"{args.n} posts, seed {args.seed}: {counts['en']} EN / {counts['fr']} FR; "
        f"length {lengths[0]}-{lengths[-1]} (median {lengths[len(lengths) // 2]})"
    )
    print("injected: " + ", ".join(f"{k} {counts[k]}" for k in RATES))
    for p in (jsonl, txt):
        print(f"{p}  {p.stat().st_size:,} B  md5 {_md5(p)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
