"""The seeds' quality gate: match what embeds extracts from each seed against the citations it states.

An expected record lists only the fields it pins down; a found record matches it when every listed field is equal
(nested objects compared field by field, lists of links compared on the keys given). Matching is one-to-one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import embeds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _subset(expected: Any, found: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(found, dict) and all(k in found and _subset(v, found[k]) for k, v in expected.items())
    if isinstance(expected, list) and expected and isinstance(expected[0], dict):
        return (
            isinstance(found, list)
            and len(found) == len(expected)
            and all(_subset(e, f) for e, f in zip(expected, found, strict=True))
        )
    return bool(expected == found)


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


def seed_documents() -> Iterator[Path]:
    for path in sorted(SEEDS.iterdir()):
        if path.suffix in (".txt", ".md", ".html") and path.with_suffix(".expected.json").exists():
            yield path


def expected_for(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return list(data["citations"])


def score_document(path: Path) -> tuple[Score, list[dict[str, Any]], list[dict[str, Any]]]:
    """Score one seed; also return the unmatched expected and the unmatched found records."""
    text = path.read_text(encoding="utf-8")
    found = [c.as_dict() for c in embeds.extract(text, source=path.name)]
    expected = expected_for(path)
    unmatched_found = list(found)
    missed: list[dict[str, Any]] = []
    for e in expected:
        hit = next((f for f in unmatched_found if _subset(e, f)), None)
        if hit is None:
            missed.append(e)
        else:
            unmatched_found.remove(hit)
    score = Score(found=len(found), expected=len(expected), matched=len(expected) - len(missed))
    return score, missed, unmatched_found
