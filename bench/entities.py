"""Throughput of :func:`embeds.entities` against PyPI ``twitter-text`` 3.0, on generated tweet-like texts.

Both extract every entity (URLs, mentions and lists, hashtags, cashtags) from the same texts in the same
run; the ratio is embeds' throughput over twitter-text's. Install the baseline with
``pip install twitter-text==3.0`` (the bench still runs without it, and says so).
Run: ``python3 bench/entities.py [number of texts]``.
No network: the texts come from a seeded generator.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from embeds._extract._entities import entities

_WORDS = (
    "the a to of and in is it for on that this with you we our at be are was not have from new more "
    "just now today thanks great read about what how why here time people year week report data "
    "study news live update thread via watch join team work open free world first last best big good "
    "latest launch story vote climate"
)
WORDS = tuple(_WORDS.split())
FOREIGN = (
    "これは日本語のツイートです",
    "Привет всем",
    "vamos juntos",
    "Schönes Wochenende",
    "สวัสดีครับ",
    "좋은 아침",
)
HANDLES = (
    "jack",
    "NASA",
    "StateDept",
    "jensstoltenberg",
    "SecBlinken",
    "user_1234",
    "BBCBreaking",
    "elonmusk",
)
TAGS = (
    "NATO",
    "Russia",
    "COVID19",
    "AI",
    "ClimateAction",
    "DrupalBirthday",
    "日本",
    "café",
    "MondayMotivation",
)
CASH = ("TWTR", "AAPL", "BRK.A", "TSLA", "BTC")
URLS = (
    "https://t.co/4dQcLYEsK6",
    "https://example.com/news/2024/11/25/story.html",
    "http://en.wikipedia.org/wiki/Primer_(film)",
    "pic.twitter.com/B5L4CrZyDL",
    "bit.ly/3xYz12",
    "https://www.nytimes.com/2022/01/26/world/europe/russia-ukraine.html?smid=tw-share",
    "example.org",
)


def tweet(rng: random.Random) -> str:
    """A tweet-like text: words, some entities, punctuation, sometimes another script; <= 280 characters."""
    parts: list[str] = []
    if rng.random() < 0.15:
        parts.append(f"RT @{rng.choice(HANDLES)}:")
    elif rng.random() < 0.1:
        parts.append(f".@{rng.choice(HANDLES)}")
    length = 0
    while length < rng.randint(60, 260):
        r = rng.random()
        if r < 0.07:
            word = f"@{rng.choice(HANDLES)}"
        elif r < 0.13:
            word = f"#{rng.choice(TAGS)}"
        elif r < 0.15:
            word = f"${rng.choice(CASH)}"
        elif r < 0.19:
            word = rng.choice(URLS)
        elif r < 0.22:
            word = rng.choice(FOREIGN)
        else:
            word = rng.choice(WORDS) + rng.choice(("", "", "", "", ",", ".", "!", "?", ":"))
        parts.append(word)
        length += len(word) + 1
    return " ".join(parts)[:280]


def corpus(n: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    return [tweet(rng) for _ in range(n)]


def throughput(extract: Callable[[str], object], texts: list[str], repeat: int = 5) -> float:
    """Texts per second, best of ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            extract(text)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 5_000
    texts = corpus(n)
    chars = sum(map(len, texts))
    ours = throughput(entities, texts)
    print(f"{n} tweet-like texts, {chars / n:.0f} characters on average, best of 5 passes")
    print(f"embeds.entities                    {ours:>10,.0f} texts/s {ours * chars / n / 1e6:>7.2f} M chars/s")
    try:
        from twitter_text import Extractor  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        print("twitter-text 3.0 is not installed (pip install twitter-text==3.0): no ratio")
        return 0
    theirs = throughput(lambda text: Extractor(text).extract_entities_with_indices(), texts)
    print(f"twitter-text 3.0 (entities)        {theirs:>10,.0f} texts/s {theirs * chars / n / 1e6:>7.2f} M chars/s")
    print(f"\nratio: embeds is {ours / theirs:.2f}x twitter-text 3.0")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
