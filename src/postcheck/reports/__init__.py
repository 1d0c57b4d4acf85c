"""Output formats for assessments: text (rich on a terminal), JSON, JSONL, SARIF."""
