"""The seeds' quality gate: match what embeds extracts from each seed against the citations it states.

An expected record lists only the fields it pins down; a found record matches it when every listed field is equal
(nested objects compared field by field, lists of links compared on the keys given; ``notes`` are diagnostics, so the
notes listed must be among those found, others may be added). Matching is one-to-one.
Scores are kept per document format and per platform (:func:`score_table`); :func:`render_table` prints them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import embeds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _has_notes(expected: Any, found: Any) -> bool:
    return isinstance(found, list) and all(note in found for note in expected)


def _subset(expected: Any, found: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(found, dict) and all(
            k in found and (_has_notes(v, found[k]) if k == "notes" else _subset(v, found[k]))
            for k, v in expected.items()
        )
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


def seed_documents(directory: Path = SEEDS) -> Iterator[Path]:
    for path in sorted(directory.iterdir()):
        if path.suffix in (".txt", ".md", ".html") and path.with_suffix(".expected.json").exists():
            yield path


def expected_for(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return list(data["citations"])


def match_document(path: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Extract from one seed and match: ``(found, missed expected, unmatched found)``."""
    text = path.read_text(encoding="utf-8")
    found = [c.as_dict() for c in embeds.extract(text, source=path.name)]
    unmatched_found = list(found)
    missed: list[dict[str, Any]] = []
    for e in expected_for(path):
        hit = next((f for f in unmatched_found if _subset(e, f)), None)
        if hit is None:
            missed.append(e)
        else:
            unmatched_found.remove(hit)
    return found, missed, unmatched_found


def score_document(path: Path) -> tuple[Score, list[dict[str, Any]], list[dict[str, Any]]]:
    """Score one seed; also return the unmatched expected and the unmatched found records."""
    found, missed, extra = match_document(path)
    expected = expected_for(path)
    score = Score(found=len(found), expected=len(expected), matched=len(expected) - len(missed))
    return score, missed, extra


FORMATS = {".txt": "text", ".md": "markdown", ".html": "html"}


def score_table(paths: list[Path]) -> dict[tuple[str, str], Score]:
    """Scores per ``(format, platform)``, plus ``(format, "all")``, ``("all", platform)`` and ``("all", "all")``."""
    table: dict[tuple[str, str], Score] = {}

    def add(fmt: str, platform: str, found: int, expected: int, matched: int) -> None:
        for key in ((fmt, platform), (fmt, "all"), ("all", platform), ("all", "all")):
            s = table.setdefault(key, Score())
            s.found += found
            s.expected += expected
            s.matched += matched

    for path in paths:
        fmt = FORMATS.get(path.suffix, path.suffix)
        found, missed, _extra = match_document(path)
        expected = expected_for(path)
        platforms = {str(r.get("platform")) for r in (*found, *expected)}
        for platform in sorted(platforms):
            n_found = sum(1 for r in found if r.get("platform") == platform)
            n_expected = sum(1 for r in expected if r.get("platform") == platform)
            n_missed = sum(1 for r in missed if r.get("platform") == platform)
            add(fmt, platform, n_found, n_expected, n_expected - n_missed)
    return table


def render_table(table: dict[tuple[str, str], Score]) -> str:
    """The scores as a text table: one row per platform, precision/recall (found/expected) per format."""
    formats = [f for f in ("text", "markdown", "html") if (f, "all") in table] + ["all"]
    platforms = [*sorted({p for _, p in table if p != "all"}), "all"]
    head = f"{'platform':<10}" + "".join(f" | {f:^21}" for f in formats)
    lines = [head, "-" * len(head)]
    for platform in platforms:
        cells = []
        for fmt in formats:
            s = table.get((fmt, platform))
            cells.append(
                f"{s.precision:4.2f}/{s.recall:4.2f} ({s.matched}/{s.found}/{s.expected})".center(21) if s else " " * 21
            )
        lines.append(f"{platform:<10}" + "".join(f" | {c}" for c in cells))
    lines.append("cells: precision/recall (matched/found/expected)")
    return "\n".join(lines)
