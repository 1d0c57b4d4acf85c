"""Scoring the engine on labeled posts (the dev-set schema of shared/eval).

Metrics: per-code precision/recall/F1, macro and micro F1, level accuracy and its
confusion matrix, recall on ``high``, false-positive rate on ``low``, pair accuracy;
each overall and split by language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .engine import CODES, LEVELS, Context, Engine, InputError, Post


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    lang: str
    text: str
    context: Context
    level: str
    codes: frozenset[str]
    platform: str | None = None


def load_labeled(path: Path) -> list[Record]:
    out = []
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = orjson.loads(raw)
                out.append(
                    Record(
                        id=str(obj["id"]),
                        lang=obj["lang"],
                        text=obj["text"],
                        context=Context.from_dict(obj.get("context")),
                        level=obj["expected_level"],
                        codes=frozenset(obj.get("expected_codes", [])),
                        platform=obj.get("platform"),
                    )
                )
            except (orjson.JSONDecodeError, KeyError, TypeError, InputError) as exc:
                raise InputError(f"{path}:{lineno}: not a labeled record ({exc})") from None
    return out


def predict(engine: Engine, records: Iterable[Record]) -> list[tuple[str, frozenset[str]]]:
    out = []
    for r in records:
        a = engine.assess(Post(r.text, lang=r.lang, platform=r.platform), r.context)
        out.append((a.level.value, frozenset(a.codes)))
    return out


def pair_of(record_id: str) -> str | None:
    """The context pair a record belongs to (``p017`` for ``p017a`` and ``p017b``), or None."""
    if record_id[-1:] in ("a", "b") and record_id[:-1].isalnum():
        return record_id[:-1]
    return None


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": tp + fn}


def score(records: list[Record], preds: list[tuple[str, frozenset[str]]]) -> dict[str, Any]:
    """All metrics for one set of records (no language split)."""
    per_code = {}
    tps = fps = fns = 0
    for code in CODES:
        tp = sum(
            1 for r, (_, pc) in zip(records, preds, strict=True) if code in pc and code in r.codes
        )
        fp = sum(
            1
            for r, (_, pc) in zip(records, preds, strict=True)
            if code in pc and code not in r.codes
        )
        fn = sum(
            1
            for r, (_, pc) in zip(records, preds, strict=True)
            if code not in pc and code in r.codes
        )
        per_code[code] = _prf(tp, fp, fn)
        tps, fps, fns = tps + tp, fps + fp, fns + fn
    present = [c for c in CODES if per_code[c]["support"] or any(c in pc for _, pc in preds)]
    macro = sum(per_code[c]["f1"] for c in present) / len(present) if present else 0.0
    micro = _prf(tps, fps, fns)["f1"]
    confusion = {e: {p: 0 for p in LEVELS} for e in LEVELS}
    for r, (pl, _) in zip(records, preds, strict=True):
        confusion[r.level][pl] += 1
    n = len(records)
    acc = sum(confusion[lv][lv] for lv in LEVELS) / n if n else 0.0
    highs = [(r, p) for r, p in zip(records, preds, strict=True) if r.level == "high"]
    lows = [(r, p) for r, p in zip(records, preds, strict=True) if r.level == "low"]
    high_recall = sum(1 for _, (pl, _c) in highs if pl == "high") / len(highs) if highs else 0.0
    fp_low = sum(1 for _, (pl, pc) in lows if pl != "low" or pc) / len(lows) if lows else 0.0
    pairs: dict[str, list[bool]] = {}
    for r, (pl, _) in zip(records, preds, strict=True):
        pair = pair_of(r.id)
        if pair is not None:
            pairs.setdefault(pair, []).append(pl == r.level)
    full_pairs = [v for v in pairs.values() if len(v) == 2]
    pair_acc = sum(1 for v in full_pairs if all(v)) / len(full_pairs) if full_pairs else None
    return {
        "records": n,
        "per_code": per_code,
        "macro_f1": macro,
        "micro_f1": micro,
        "level_accuracy": acc,
        "confusion": confusion,
        "high_recall": high_recall,
        "low_false_positive_rate": fp_low,
        "pair_accuracy": pair_acc,
    }


def evaluate(engine: Engine, records: list[Record]) -> dict[str, Any]:
    return summarize(records, predict(engine, records))


def summarize(records: list[Record], preds: list[tuple[str, frozenset[str]]]) -> dict[str, Any]:
    """:func:`score` over all records and per language, and the records got wrong, for
    predictions already made (:func:`predict`)."""
    result: dict[str, Any] = {"all": score(records, preds)}
    for lang in ("en", "fr"):
        idx = [i for i, r in enumerate(records) if r.lang == lang]
        if idx:
            result[lang] = score([records[i] for i in idx], [preds[i] for i in idx])
    result["errors"] = [
        {
            "id": r.id,
            "lang": r.lang,
            "expected": [r.level, sorted(r.codes)],
            "got": [pl, sorted(pc)],
            "text": r.text,
        }
        for r, (pl, pc) in zip(records, preds, strict=True)
        if pl != r.level or pc != r.codes
    ]
    return result


def format_report(result: dict[str, Any]) -> str:
    lines = []
    head = f"{'':<14}" + "".join(f"{k:>10}" for k in ("all", "en", "fr"))
    lines.append(head)
    for key, label in (
        ("macro_f1", "macro-F1"),
        ("micro_f1", "micro-F1"),
        ("level_accuracy", "level acc"),
        ("high_recall", "high recall"),
        ("low_false_positive_rate", "FP on low"),
        ("pair_accuracy", "pair acc"),
        ("records", "records"),
    ):
        row = f"{label:<14}"
        for part in ("all", "en", "fr"):
            v = result.get(part, {}).get(key)
            row += (
                f"{'-':>10}" if v is None else (f"{v:>10}" if isinstance(v, int) else f"{v:>10.3f}")
            )
        lines.append(row)
    lines.append("")
    lines.append(f"{'code':<6}{'P':>7}{'R':>7}{'F1':>7}{'n':>5}   (all)")
    for code, m in result["all"]["per_code"].items():
        lines.append(
            f"{code:<6}{m['precision']:>7.2f}{m['recall']:>7.2f}{m['f1']:>7.2f}{m['support']:>5}"
        )
    lines.append("")
    lines.append("confusion (rows expected, columns predicted): low moderate high")
    for e, row in result["all"]["confusion"].items():
        lines.append(f"  {e:<9}" + "".join(f"{row[p]:>9}" for p in LEVELS))
    return "\n".join(lines)
