"""Detectors that need code rather than word lists: identifiers with checksums,
contact data, addresses, classification markings, URLs and their domains,
hashtags and mentions, and language detection.

Each detector returns :class:`Detection` tuples with spans into the ORIGINAL text.
Messages and weights live in ``rules/shared/detectors.yaml`` (data, both languages).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from .text import fold, unstyle


@dataclass(frozen=True, slots=True)
class Detection:
    detector: str  # id in detectors.yaml, e.g. "id.sin"
    start: int
    end: int


# --------------------------------------------------------------------------- identifiers

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b"
)
PHONE_RE = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)")
SIN_RE = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{3})(?![\d-])")
POSTAL_RE = re.compile(
    r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.IGNORECASE
)
_EN_STREET = (
    r"street|st|avenue|ave|road|rd|drive|dr|crescent|cres|boulevard|blvd|lane|ln|court|ct|"
    r"way|place|pl|terrace|circle|parkway|pkwy|private|trail|highway|hwy"
)
_FR_STREET = r"rue|avenue|av|boulevard|boul|bd|chemin|ch|rang|montee|place|promenade|croissant|allee|route|impasse"
# "\d(?<!\w\d)\d{0,4}" is "\b\d{1,5}" written to start with a digit, which lets the
# regex engine skip ahead to the next digit instead of trying every position.
ADDRESS_EN_RE = re.compile(
    rf"\d(?<!\w\d)\d{{0,4}}[a-z]?\s+(?:[a-z0-9'.-]+\s+){{1,3}}(?:{_EN_STREET})\b\.?"
)
ADDRESS_FR_RE = re.compile(
    rf"\d(?<!\w\d)\d{{0,4}}[a-z]?,?\s+(?:{_FR_STREET})\s+(?:[a-z0-9'.-]+\s?){{1,3}}"
)


_DIGIT_RE = re.compile(r"\d")
_TOLL_FREE_RE = re.compile(r"^(?:\+?1[ .-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[ .-]")


def sin_valid(digits: str) -> bool:
    """Luhn checksum of a Canadian Social Insurance Number (9 digits)."""
    if len(digits) != 9 or not digits.isdigit() or digits[0] in "08":
        return False
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# An e-mail address has an "@" followed by a dotted domain (a literal start: fast).
_AT_DOMAIN_RE = re.compile(r"@[A-Za-z0-9-]{1,63}\.")
# What each identifier cannot do without, read on folded text (which keeps every digit,
# lower-cases letters and holds no other character that matches one whatever the case,
# see text.py): a phone number or a SIN three digits in a row; a postal code its shape;
# a street address a number followed by a space (or a letter, or a comma, then a
# space); an e-mail address "@domain.". (Finer hints then pick the detectors to run.) Each starts with a literal or a digit, so the
# regex engine skips ahead; none can match the separator of a joined batch, so one
# scan of the whole batch finds the posts worth a closer look.
_THREE_DIGITS_RE = re.compile(r"\d\d\d")
_PHONE_HINT_RE = re.compile(r"\d[ .-]\d\d\d\d")  # every phone number ends so
_SIN_HINT_RE = re.compile(r"\d\d\d[ -]?\d\d\d")
_POSTAL_HINT_RE = re.compile(r"\d[abceghj-nprstv-z][ -]?\d[abceghj-nprstv-z]\d")
_ADDRESS_HINT_RE = re.compile(r"\d[a-z]?,?\s")
_ID_HINTS = (
    re.compile(
        _THREE_DIGITS_RE.pattern + "|" + _POSTAL_HINT_RE.pattern + "|" + _ADDRESS_HINT_RE.pattern
    ),
    re.compile(r"@[a-z0-9-]{1,63}\."),
)


def identifier_hints(joined: str) -> list[int]:
    """Offsets in ``joined`` (folded text) where an identifier may start: a post with
    none holds no identifier :func:`detect_identifiers` would find."""
    return [m.start() for rx in _ID_HINTS for m in rx.finditer(joined)]


def detect_identifiers(text: str, folded: str) -> list[Detection]:
    out: list[Detection] = []
    if "@" in text and _AT_DOMAIN_RE.search(text):
        for m in EMAIL_RE.finditer(text):
            out.append(Detection("id.email", m.start(), m.end()))
    if _DIGIT_RE.search(text) is None:
        return out
    # each detector only where its hint is (the same findings, fewer searches)
    if _PHONE_HINT_RE.search(text):
        for m in PHONE_RE.finditer(text):
            if _TOLL_FREE_RE.search(m.group()):
                continue  # 1-800 numbers belong to organizations, not people
            out.append(Detection("id.phone", m.start(), m.end()))
    if _SIN_HINT_RE.search(text):
        for m in SIN_RE.finditer(text):
            if sin_valid("".join(m.groups())):
                out.append(Detection("id.sin", m.start(), m.end()))
    # on the text itself: text.upper() can be longer (ß -> SS) and shift the spans
    if _POSTAL_HINT_RE.search(folded):
        for m in POSTAL_RE.finditer(text):
            out.append(Detection("id.postal_code", m.start(), m.end()))
    if _ADDRESS_HINT_RE.search(folded):
        for m in ADDRESS_EN_RE.finditer(folded):
            out.append(Detection("id.street_address", m.start(), m.end()))
        for m in ADDRESS_FR_RE.finditer(folded):
            out.append(Detection("id.street_address", m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- markings

# Document markings read on the original text: an upper-case SECRET is a marking,
# "my secret recipe" is not.
_PROTECTED = r"(?:PROTECTED|Protected|protected|PROT[ÉE]G[ÉE]|Prot[ée]g[ée]|prot[ée]g[ée])\s+"
_MARKING_RE = re.compile(
    # the classification markings (group "classified"): what marking.image looks for
    r"\b(?P<classified>" + _PROTECTED + r"[BC]|TOP SECRET|SECRET|TR[ÈE]S SECRET|CLASSIFIED)\b"
    r"|\b" + _PROTECTED + r"A\b"
    r"|\b(?:CONFIDENTIAL|CONFIDENTIEL)\b"
    r"|\b(?:[Cc]abinet [Cc]onfidence|[Cc]onfidence du [Cc]abinet|[Cc]onfidences du [Cc]abinet|"
    r"[Cc]abinet [Cc]onfidential|[Dd]ocument du [Cc]abinet|[Mm]emorandum to [Cc]abinet|"
    r"[Mm][ée]moire au [Cc]abinet)\b"
    r"|\b(?:[Ee]mbargoed|[Uu]nder embargo|[Ss]ous embargo|[Ee]mbargo until|[Ee]mbargo jusqu)"
    r"|\b(?:[Ff]or [Ii]nternal [Uu]se [Oo]nly|[Ii]nternal [Oo]nly|[Ii]nternal use only|"
    r"[Uu]sage interne|[Pp]our usage interne|[Nn]ot for distribution|[Nn]e pas diffuser|"
    r"[Dd]iffusion restreinte)\b"
)
# A clearance is about the person (PS07), not a document marking (PS06).
_CLEARANCE_RE = re.compile(
    r"\b(?:(?:top secret|secret|reliability|enhanced reliability)\s+(?:security\s+)?clearance"
    r"|clearance\s+(?:level\s+)?(?:top secret|secret)"
    r"|cote(?:\s+de\s+(?:securite|fiabilite))?\s+(?:tres secret|secret|fiabilite approfondie)"
    r"|habilitation\s+(?:tres secret|secret))\b"
)


# A classification marking on something shown: a photo, a screenshot, a scan, a video
# (levels.md §2, PS06 high: "any content, direction, figure or image"; §3: classified or
# protected information with any content is high whatever the context). Only the
# classification markings count here (not "embargoed" or "internal only"), and only an
# image word and a document word near the marking, on the folded text.
_IMAGE_RE = re.compile(
    r"\b(?:photos?|pics?|pictures?|screenshots?|screen ?caps?|screen shots?|images?|scans?"
    r"|scanned|selfies?|videos?|snaps?|captures? d'ecran|captures? ecran|clich[e]s?"
    r"|numerisee?s?)\b"
)
# ... and a document it is on, or a word that marks one ("the SECRET to a good
# tourtière" under a photo is emphasis, not a marking)
_DOCUMENT_RE = re.compile(
    r"\b(?:documents?|docs?|files?|binders?|briefings?|briefs?|memos?|notes?|decks?|slides?"
    r"|pages?|reports?|e-?mails?|courriels?|dossiers?|cartables?|classeurs?|rapports?"
    r"|diapos?|diapositives?|plans?|maps?|cartes?|marked|stamped|labell?ed|classified"
    r"|marquee?s?|estampillee?s?|classee?s?|cotee?s?)\b"
)
_IMAGE_WINDOW = 60  # characters either side of the marking


# Folded substrings without which neither marking regex can match.
MARKING_HINTS = (
    "protec",
    "proteg",
    "secret",
    "confiden",
    "cabinet",
    "embargo",
    "intern",
    "diffus",
    "distribution",
    "classifi",
    "clearance",
    "cote",
    "habilitation",
)
_MARKING_HINT_RE = re.compile("|".join(MARKING_HINTS))


def _near(word: re.Pattern[str], folded: str, start: int, end: int) -> bool:
    """A whole word of ``word`` lies within :data:`_IMAGE_WINDOW` characters of the span
    (a word cut by the window's edge does not count)."""
    lo, hi = start - _IMAGE_WINDOW, end + _IMAGE_WINDOW
    return any(lo <= m.start() and m.end() <= hi for m in word.finditer(folded))


def detect_markings(text: str, folded: str) -> list[Detection]:
    out: list[Detection] = []
    if _MARKING_HINT_RE.search(folded) is None:
        return out
    clearance_spans = []
    for m in _CLEARANCE_RE.finditer(folded):
        out.append(Detection("marking.clearance", m.start(), m.end()))
        clearance_spans.append((m.start(), m.end()))
    for m in _MARKING_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(cs <= s and e <= ce for cs, ce in clearance_spans):
            continue
        shown = (
            m.group("classified") is not None
            and _near(_IMAGE_RE, folded, s, e)
            and _near(_DOCUMENT_RE, folded, s, e)
        )
        out.append(Detection("marking.image" if shown else "marking.document", s, e))
    return out


# --------------------------------------------------------------------------- URLs

URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:ca|com|org|net|gc\.ca|info|news|io|co|fr|quebec|us)(?:/[^\s<>\"'()]*)?",
    re.IGNORECASE,
)
_HOST_RE = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)


def host_of(url: str) -> str:
    m = _HOST_RE.match(url)
    return (m.group(1) if m else url).lower().rstrip(".,;:!?")


def _domain_matches(host: str, domains: Collection[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one (a set makes it fast)."""
    if host in domains:
        return True
    at = host.find(".")
    while at >= 0:
        if host[at + 1 :] in domains:
            return True
        at = host.find(".", at + 1)
    return False


# What a URL_RE match cannot do without, read on folded text: a scheme, "www." or a dot
# and the first letters of a top-level domain (folding makes the case not matter, and
# maps İ ı ſ, which URL_RE's case-blind letters also match, to i i s).
_URL_HINT_RE = re.compile(r"://|www\.|\.(?:ca|co|org|net|gc|info|news|io|fr|quebec|us)")


# The characters no URL_RE match holds ("stops"): whitespace, < > " ' ( ). None is a
# word character, so a run between two of them reads as a whole text does (for \b).
_STOP_RE = re.compile(r"[\s<>\"'()]")
_LAST_STOP_RE = re.compile(r".*[\s<>\"'()]", re.DOTALL)


def detect_urls(
    text: str, domains: Mapping[str, Collection[str]], folded: str | None = None
) -> list[tuple[Detection, str]]:
    """URLs with the class of their domain: official, party, disinformation or other.

    Every URL_RE match lies in one run of characters between stops (``_STOP_RE``)
    and holds a hint: the regex (slow: it ignores case) runs only on the runs with a
    hint, which finds the very matches a scan of the whole text finds.
    """
    hints = [m.start() for m in _URL_HINT_RE.finditer(fold(text) if folded is None else folded)]
    if not hints:
        return []
    out: list[tuple[Detection, str]] = []
    n = len(text)
    done = 0  # the end of the last run searched
    for h in hints:
        if h < done:
            continue
        last = _LAST_STOP_RE.match(text, done, h)  # the last stop before the hint
        start = done if last is None else last.end()
        stop = _STOP_RE.search(text, h)
        done = n if stop is None else stop.start()
        for m in URL_RE.finditer(text, start, done):
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!?)":
                end -= 1
            host = host_of(text[m.start() : end])
            if "@" in text[max(0, m.start() - 1) : m.start()]:
                continue  # the domain of an e-mail address
            cls = "other"
            for name in ("official", "party", "disinformation"):
                if _domain_matches(host, domains.get(name, ())):
                    cls = name
                    break
            out.append((Detection(f"url.{cls}", m.start(), end), host))
    return out


HASHTAG_RE = re.compile(r"(?<![\w#])#(\w{1,100})")
MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,50})")


def hashtags(text: str) -> list[str]:
    return HASHTAG_RE.findall(text) if "#" in text else []


def mentions(text: str) -> list[str]:
    return MENTION_RE.findall(text) if "@" in text else []


# --------------------------------------------------------------------------- language

_EN_WORDS = frozenset(
    [
        "the",
        "and",
        "is",
        "are",
        "was",
        "were",
        "to",
        "of",
        "in",
        "that",
        "it",
        "for",
        "on",
        "with",
        "this",
        "my",
        "you",
        "i",
        "we",
        "our",
        "be",
        "have",
        "has",
        "not",
        "but",
        "they",
        "at",
        "by",
        "from",
        "just",
        "what",
        "so",
        "if",
        "will",
        "would",
        "can",
        "an",
        "all",
        "about",
        "your",
        "me",
        "their",
        "there",
        "been",
        "who",
        "do",
        "don't",
        "it's",
        "i'm",
        "get",
        "like",
        "no",
        "one",
        "more",
        "out",
        "up",
        "how",
        "when",
    ]
)
_FR_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "et",
        "est",
        "sont",
        "un",
        "une",
        "des",
        "du",
        "de",
        "au",
        "aux",
        "que",
        "qui",
        "pour",
        "dans",
        "sur",
        "avec",
        "ce",
        "cette",
        "mon",
        "ma",
        "mes",
        "nous",
        "vous",
        "je",
        "j'ai",
        "c'est",
        "pas",
        "ne",
        "plus",
        "on",
        "il",
        "elle",
        "ils",
        "elles",
        "son",
        "sa",
        "ses",
        "leur",
        "tout",
        "tous",
        "très",
        "mais",
        "ou",
        "donc",
        "car",
        "ça",
        "pis",
        "chu",
        "y'a",
        "faut",
        "bien",
        "aussi",
        "être",
        "avoir",
        "fait",
    ]
)
_FR_CHARS = frozenset("éèêàâçùûîïôœ«»")
_TOKEN_RE = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")


_IDENTIFIER: Any = None
_IDENTIFIER_LOCK = threading.Lock()
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
# Measured on the 21,999 English and French posts of rules/training (none reaches another
# language at 0.5) and on short posts in other languages (at 0.8, one in three short
# Spanish posts went to the French rules: "el ministro es un con").
OTHER_LANGUAGE_MIN_PROBABILITY = 0.5
OTHER_LANGUAGE_MIN_WORDS = 3
# codes py3langid can answer that name no language (ISO 639-2 "no linguistic content",
# "undetermined"): the post is then English or French by its function words
_NO_LANGUAGE = frozenset({"zxx", "und"})


def _identifier() -> Any:
    global _IDENTIFIER
    if _IDENTIFIER is None:
        with _IDENTIFIER_LOCK:
            if _IDENTIFIER is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _IDENTIFIER = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _IDENTIFIER


def identify_language(text: str) -> str:
    """The post's language as an ISO 639-1 code: ``en`` or ``fr``, or another
    language when py3langid (a model shipped in its package) is confident and the
    post has words enough to tell; a short or doubtful post is English or French
    (:func:`detect_language` decides). Look-alike letters (𝗩𝗼𝘁𝗲) are read as the
    plain ones."""
    text = unstyle(text)
    words = _WORD_RE.findall(text)
    if len(words) >= OTHER_LANGUAGE_MIN_WORDS:
        ranked = _identifier().rank(text)
        probs = dict(ranked)
        top, p = ranked[0]
        if top in ("en", "fr"):
            return str(top)
        if (
            top not in _NO_LANGUAGE
            and p >= OTHER_LANGUAGE_MIN_PROBABILITY
            and probs.get("en", 0.0) + probs.get("fr", 0.0) < 0.1
        ):
            return str(top)
    return detect_language(text)


# Function words that tell a language on their own (the ambiguous "on", "de", "a" left out)
_EN_ONLY = _EN_WORDS - {"on", "in", "a", "an", "me", "no", "son", "sur", "est"}
_FR_ONLY = _FR_WORDS - {"on", "a", "au", "son", "me", "est", "plus", "sur", "ou", "car"}
MIXED_MIN_WORDS = 2


def other_language(text: str, lang: str) -> str | None:
    """For a post mixing English and French (at least two distinct function words of
    the other language, as in "Great meeting today, on se revoit jeudi pis on finalise"),
    the other language: it is checked with both."""
    if lang not in ("en", "fr"):
        return None
    words = set(_TOKEN_RE.findall(unstyle(text).lower()))
    if lang == "en":
        return "fr" if len(words & _FR_ONLY) >= MIXED_MIN_WORDS else None
    return "en" if len(words & _EN_ONLY) >= MIXED_MIN_WORDS else None


def detect_language(text: str) -> str:
    """Tell English from French with function words and accents; English if unsure."""
    low = text.lower()
    en = fr = 0
    for tok in _TOKEN_RE.findall(low):
        if tok in _EN_WORDS:
            en += 1
        if tok in _FR_WORDS or (
            "'" in tok and tok.split("'", 1)[0] in ("l", "d", "j", "c", "qu", "n", "s", "m", "t")
        ):
            fr += 1
    fr += sum(1 for ch in low if ch in _FR_CHARS) // 2
    return "fr" if fr > en else "en"


__all__ = [
    "Detection",
    "detect_identifiers",
    "detect_language",
    "detect_markings",
    "detect_urls",
    "fold",
    "hashtags",
    "host_of",
    "identifier_hints",
    "identify_language",
    "mentions",
    "other_language",
    "sin_valid",
]
