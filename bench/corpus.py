"""Generate a synthetic corpus of news-like documents (text, Markdown, HTML) with embedded posts, for benchmarks.

The documents are synthetic: article prose is random words, the posts are placeholders (ids of the right shape made
from a counter, handles like ``user123``) — nothing here is presented as a real post.

    python bench/corpus.py OUT_DIR --mb 100
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "the of and to in a is that for on with as was by at said from his her it an be have which this are but not "
    "government minister president city police report people year new week officials million percent market "
    "election council court health school company players season data climate energy security talks statement "
    "Ukraine NATO Russia Europe London Washington Berlin Paris Tokyo Monday Tuesday Wednesday Thursday Friday"
).split()


def sentence(rng: random.Random, n: int | None = None) -> str:
    words = rng.choices(WORDS, k=n or rng.randint(8, 30))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))


def post_text(rng: random.Random, i: int) -> str:
    extra = rng.choice(["", f" #tag{i % 50}", f" @user{i % 97}", f" https://t.co/bench{i:06d}", " $ABC"])
    return sentence(rng, rng.randint(6, 20))[:-1] + extra


def twitter_blockquote(rng: random.Random, i: int) -> str:
    pid = 1_400_000_000_000_000_000 + i
    return (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{post_text(rng, i)}</p>&mdash; User {i} '
        f'(@user{i}) <a href="https://twitter.com/user{i}/status/{pid}?ref_src=twsrc%5Etfw">January 26, 2022</a>'
        '</blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def html_doc(rng: random.Random, target: int, start: int) -> tuple[str, int]:
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Synthetic</title>",
        "<script>var config = {a: 1, b: [1,2,3]};</script></head><body><nav><a href='/'>Home</a></nav><article>",
    ]
    size, i = 0, start
    while size < target:
        block = f"<p>{paragraph(rng)} <a href='https://example.org/{i}'>more</a></p>\n"
        if rng.random() < 0.05:
            block += twitter_blockquote(rng, i) + "\n"
            i += 1
        parts.append(block)
        size += len(block)
    parts.append("</article><footer><p>Footer</p></footer></body></html>\n")
    return "".join(parts), i


def text_doc(rng: random.Random, target: int, start: int) -> tuple[str, int]:
    parts: list[str] = []
    size, i = 0, start
    while size < target:
        block = paragraph(rng) + "\n"
        if rng.random() < 0.05:
            block += f"{post_text(rng, i)}\n— User {i} (@user{i}) January 26, 2022\n"
            i += 1
        parts.append(block)
        size += len(block)
    return "".join(parts), i


def markdown_doc(rng: random.Random, target: int, start: int) -> tuple[str, int]:
    parts = ["# Synthetic article\n\n"]
    size, i = 0, start
    while size < target:
        block = paragraph(rng) + "\n\n"
        r = rng.random()
        if r < 0.04:
            pid = 1_400_000_000_000_000_000 + i
            block += (
                f"> {post_text(rng, i)}\n>\n> — User {i} (@user{i}) "
                f"[January 26, 2022](https://twitter.com/user{i}/status/{pid})\n\n"
            )
            i += 1
        elif r < 0.06:
            block += "```python\nprint('code')\n```\n\n"
        parts.append(block)
        size += len(block)
    return "".join(parts), i


KINDS = ("html", "md", "txt")


def generate(
    out: Path, megabytes: float, seed: int = 7, file_kb: int = 100, kinds: tuple[str, ...] = KINDS
) -> tuple[int, int]:
    """Write about ``megabytes`` MB of documents under ``out`` (of the ``kinds`` given, in turn); return (files,
    bytes)."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    total, files, post = 0, 0, 0
    make_of = {"html": html_doc, "md": markdown_doc, "txt": text_doc}
    makers = tuple((kind, make_of[kind]) for kind in kinds)
    while total < megabytes * 1_000_000:
        ext, make = makers[files % len(makers)]
        text, post = make(rng, rng.randint(file_kb // 2, file_kb * 3 // 2) * 1000, post)
        sub = out / f"d{files // 1000:03d}"
        sub.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"doc{files:06d}.{ext}").write_bytes(data)
        total += len(data)
        files += 1
    return files, total


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kind", choices=KINDS, action="append", help="only these kinds of file (default: all three)")
    args = parser.parse_args()
    n, size = generate(args.out, args.mb, args.seed, kinds=tuple(args.kind or KINDS))
    print(f"wrote {n} files, {size / 1e6:.1f} MB to {args.out}")
