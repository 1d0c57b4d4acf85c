"""SARIF 2.1.0 output, so code-review and CI tools can show postcheck's findings."""

from __future__ import annotations

from typing import Any

from ..engine import Assessment, Engine

_LEVEL = {"low": "note", "moderate": "warning", "high": "error"}


def sarif_document(
    engine: Engine, items: list[tuple[str, str, Assessment]], version: str
) -> dict[str, Any]:
    """``items`` are (artifact uri, text, assessment)."""
    rules = []
    for c in engine.considerations("en"):
        rules.append(
            {
                "id": c["code"],
                "name": c["short"],
                "shortDescription": {"text": c["name"]},
                "fullDescription": {"text": c["covers"]},
                "help": {"text": c["why"] + " " + c["instead"]},
            }
        )
    results = []
    for uri, text, a in items:
        for f in a.findings:
            line = text.count("\n", 0, f.start) + 1
            col = f.start - (text.rfind("\n", 0, f.start) + 1) + 1
            end_line = text.count("\n", 0, f.end) + 1
            end_col = f.end - (text.rfind("\n", 0, f.end) + 1) + 1
            results.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[a.level.value],
                    "message": {"text": f"{f.message} ({f.rule_id})"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri},
                                "region": {
                                    "startLine": line,
                                    "startColumn": col,
                                    "endLine": end_line,
                                    "endColumn": end_col,
                                    "charOffset": f.start,
                                    "charLength": f.end - f.start,
                                },
                            }
                        }
                    ],
                    "properties": {"weight": f.weight, "postLevel": a.level.value},
                }
            )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "postcheck",
                        "version": version,
                        "informationUri": "https://www.canada.ca/en/government/publicservice/values.html",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
