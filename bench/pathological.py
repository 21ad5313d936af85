"""Scan time of :func:`embeds.entities`, and of :func:`embeds.extract` on whole documents, on pathological inputs at
n and 4n characters.

Linear scanning gives a ratio near 4; a quadratic one near 16. The attribution forms of ``DOUBLING`` are timed at n,
2n, 4n, 8n and 16n characters: a ratio near 2 per doubling is linear. Run: ``python3 bench/pathological.py [n]``.

``python3 bench/pathological.py --issue15`` times issue 15's inputs (``ISSUE15``) at 128 K, 256 K, 512 K and 1 M
characters and prints the ratio per doubling (linear: about 2); it exits 1 when one is above 2.3.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable

from embeds import extract
from embeds._extract._entities import entities

#: name -> input of about n characters (each gets " a.com" appended, so no scanner is skipped by a pre-check)
CASES: dict[str, Callable[[int], str]] = {
    "@ run": lambda n: "@" * n,
    "# run": lambda n: "#" * n,
    "$ run": lambda n: "$" * n,
    "a. run": lambda n: "a." * (n // 2),
    "http:// run": lambda n: "http://" * (n // 7),
    "(((( run": lambda n: "((((" * (n // 4),
    "alternating @#$": lambda n: "@#$" * (n // 3),
    "alternating @a#a$a": lambda n: "@a#a$a" * (n // 6),
    "one long word": lambda n: "a" * n,
    "@a. (domain handle)": lambda n: "@" + "a." * (n // 2),
    "@a@ (Mastodon)": lambda n: "a@" * (n // 2),
    "#1 (digits)": lambda n: "#" + "1" * n,
    "URL path of (": lambda n: "http://a.com/" + "(" * n,
    "URL path of a(": lambda n: "http://a.com/" + "a(" * (n // 2),
    "URL path of .": lambda n: "http://a.com/" + "." * n,
    "URL query of ?": lambda n: "http://a.com/?" + "!" * n,
    "URL path of (a)": lambda n: "http://a.com/" + "(a)" * (n // 3),
    "URL path of (a(b)c)": lambda n: "http://a.com/" + "(a(b)c)" * (n // 7),
    "URL path of a.": lambda n: "http://a.com/" + "a." * (n // 2),
    "URL query of a!": lambda n: "http://a.com/?" + "a!" * (n // 2),
    "http://a. run": lambda n: "http://" + "a." * (n // 2),
    "a-.": lambda n: "a-." * (n // 3),
    "x.co/ repeated": lambda n: "x.co/" * (n // 5),
    "CJK + dots": lambda n: "日." * (n // 2),
}

#: name -> (format, document of about n characters) for :func:`embeds.extract`
EMBED = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>\n'
)
ATTRIBUTION = "just setting up my twttr\n— jack (@jack) March 21, 2006\n\n"
DOCUMENTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "same post link repeated": ("html", lambda n: "<p>" + " https://twitter.com/jack/status/20" * (n // 35)),
    "distinct post links": ("html", lambda n: " ".join(f"https://x.com/a/status/{i}" for i in range(n // 28))),
    "same embed repeated": ("html", lambda n: EMBED * (n // len(EMBED))),
    "stray end tags in an embed": ("html", lambda n: EMBED[:60] + "</b>" * (n // 4) + EMBED[60:]),
    "anchors without end tags": ("html", lambda n: '<a href="https://x.com/a/status/1">' * (n // 36)),
    "attributions (text)": ("text", lambda n: ATTRIBUTION * (n // len(ATTRIBUTION))),
    "attributions (markdown)": ("markdown", lambda n: "> " + ATTRIBUTION.replace("\n", "\n> ") * (n // 60)),
    "dash lines without posts": ("text", lambda n: "— (@a)\n" * (n // 7)),
    "posts between code blocks (markdown)": (
        "markdown",
        lambda n: ("    code\n\n" + ATTRIBUTION) * (n // (len(ATTRIBUTION) + 10)),
    ),
}


GLUED = "Placeholder post text. \u2665\ufe0f\u2014 Example Team (@ExampleTeam) September 16, 2016 "
WRAPPED = (
    "> Placeholder post whose attribution html2text wrapped -- Wrapped Person (@wrapped)\n"
    "> [September 16,\n> 2016](https://twitter.com/wrapped/status/20)\n\n"
)
INSTAGRAM_MD = (
    "> [ View this post on Instagram ](https://www.instagram.com/p/Bxxxxxxxxx1/)\n>\n"
    "> [Caption text](https://www.instagram.com/p/Bxxxxxxxxx1/)\n>\n"
    "> Ein Beitrag geteilt von [ Beispiel\n> Konto](https://www.instagram.com/beispiel/) (@beispiel) am Mär 12,\n"
    "> 2018 um 12:30 PDT\n\nArticle text.\n\n"
)
OVER_LINES = "first line of a post\nsecond line\nthird pic.twitter.com/AbCdEf0001\n\u2014 Name (@h) July 3, 2019\n"
#: name -> (format, document of about n characters): the attribution forms glued to text or wrapped, timed at n, 2n,
#: 4n, 8n and 16n characters (each doubling should take about twice as long: ratio <= 2.3)
DOUBLING: dict[str, tuple[str, Callable[[int], str]]] = {
    "glued attributions, one line": ("text", lambda n: GLUED * (n // len(GLUED))),
    "glued attributions, lines": ("text", lambda n: (GLUED + "\n") * (n // (len(GLUED) + 1))),
    "wrapped attributions (md)": ("markdown", lambda n: WRAPPED * (n // len(WRAPPED))),
    "handles and dates, no dash": ("text", lambda n: "(@a) May 4, 2023 " * (n // 17)),
    "dashes and handles, no date": ("text", lambda n: "\u2014 A (@a) " * (n // 11)),
    "wrapped plain text (pandoc)": (
        "text",
        lambda n: (
            ("  " + "placeholder " * 5 + "\n  " + "text " * 12 + "\u2014 Name\n  (@h) May 4, 2023\n\n") * (n // 150)
        ),
    ),
    "one paragraph, wrapped lines": ("text", lambda n: "word " * 14 + "\n" + ("word " * 14 + "\n") * (n // 71) + GLUED),
    "html: handles in one paragraph": ("html", lambda n: "<p>" + "Placeholder (@a) May 4, 2023 " * (n // 29)),
    "html: classless quotes": (
        "html",
        lambda n: (
            (
                "<blockquote>Placeholder post text &#x2014; Example Team (@ExampleTeam) "
                '<a href="https://twitter.com/ExampleTeam/status/20">September 16, 2016</a></blockquote>\n'
            )
            * (n // 160)
        ),
    ),
    "html: handles among broken tags": ("html", lambda n: '(@a) <b x="' * (n // 12)),
    "html: saved status page tweets": (
        "html",
        lambda n: (
            (
                '<div class="tweet js-stream-tweet" data-tweet-id="20" data-screen-name="jack" data-name="jack" '
                'data-permalink-path="/jack/status/20"><p class="tweet-text">just setting up my twttr</p>'
                '<a class="tweet-timestamp" title="t"><span class="_timestamp" data-time="1">x</span></a></div>\n'
            )
            * (n // 240)
        ),
    ),
    "html: JSON element trees in a script": (
        "html",
        lambda n: (
            '<script>window.__S={"body":['
            + (
                '{"type":"div","attribs":{"class":"video-wrapper"},"children":[{"type":"iframe","attribs":'
                '{"data-youtube-id":"hYJsXAzCiSo","src":"//www.youtube.com/embed/hYJsXAzCiSo"},"children":[]}]},'
            )
            * (n // 170)
            + "{}]};</script>"
        ),
    ),
    "html: one huge attributes object": (
        "html",
        lambda n: (
            '<script>var s={"attribs":{' + '"a":"https://twitter.com/a/status/1",' * (n // 35) + '"b":1}};</script>'
        ),
    ),
    "html: embed-service wrappers": (
        "html",
        lambda n: (
            (
                '<div data-iframely-id="x" data-embedded-url="https://twitter.com/a/status/20" class="article__embed">'
                '<iframe data-iframely-url="//cdn.iframe.ly/x"></iframe></div>\n'
                '<figure class="media"><oembed url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></oembed></figure>\n'
            )
            * (n // 230)
        ),
    ),
    "instagram attributions (md)": ("markdown", lambda n: INSTAGRAM_MD * (n // len(INSTAGRAM_MD))),
    "instagram cues without handles (md)": ("markdown", lambda n: "> Ein Beitrag geteilt von\n" * (n // 26)),
    "posts over lines (text)": ("text", lambda n: OVER_LINES * (n // len(OVER_LINES))),
    "lines ending in media links (text)": (
        "text",
        lambda n: "placeholder line pic.twitter.com/AbCdEf0001\n" * (n // 44),
    ),
    "glued html paragraphs": (
        "html",
        lambda n: (
            "<p>Placeholder post text.</p><p>\u2014 Example Team (@ExampleTeam) September 16, 2016</p>\n" * (n // 85)
        ),
    ),
}


#: Issue 15's inputs, timed per doubling up to 1 MB (``--issue15``): name -> (what runs, input of about n chars).
#: Linear: about 2 per doubling; the bar is 2.3.
ISSUE15: dict[str, tuple[str, Callable[[int], str]]] = {
    "'> ' * n, then an attribution": ("extract", lambda n: "> " * (n // 2) + ATTRIBUTION),
    "'https://t.co/' * n": ("entities", lambda n: "https://t.co/" * (n // 13)),
    "'https://m.social/@' + 'a.' * n": ("extract", lambda n: "https://m.social/@" + "a." * (n // 2)),
    "'<blockquote class=twitter-tweet>' * n": (
        "extract-html",
        lambda n: '<blockquote class="twitter-tweet">' * (n // 34),
    ),
}
DOUBLING_SIZES = (131_072, 262_144, 524_288, 1_048_576)


def issue15() -> float:
    """Time each :data:`ISSUE15` input at 128 K … 1 M characters (CPU time, best of 5: a shared machine's load
    moves wall time by 2x); print the ratio per doubling; return the worst."""
    runs: dict[str, Callable[[str], object]] = {
        "extract": extract,
        "entities": entities,
        "extract-html": lambda text: extract(text, format="html"),
    }
    print(f"{'input (issue 15)':<42}" + "".join(f"{n // 1024:>9}K" for n in DOUBLING_SIZES) + "   worst ratio")
    worst = 0.0
    for name, (what, make) in ISSUE15.items():
        runs[what](make(DOUBLING_SIZES[0]))  # warm-up: compiled patterns and caches are not what is measured
        times = [best_of(make(n), 5, runs[what], clock=time.process_time) for n in DOUBLING_SIZES]
        ratios = [b / a for a, b in itertools.pairwise(times) if a]
        worst = max(worst, *ratios)
        cells = "".join(f"{t * 1e3:>9.0f}ms" for t in times)
        print(f"{name:<42}{cells}   {max(ratios):.2f} ({', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"\nworst ratio per doubling {worst:.2f} (linear: about 2; the bar: 2.3; quadratic: about 4)")
    return worst


def best_of(
    text: str, repeat: int = 5, run: Callable[[str], object] = entities, clock: Callable[[], float] = time.perf_counter
) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        run(text)
        best = min(best, clock() - t0)
    return best


def main(argv: list[str]) -> int:
    if argv[:1] == ["--issue15"]:
        return 0 if issue15() <= 2.3 else 1
    n = int(argv[0]) if argv else 25_000
    print(f"{'input':<24} {'n=' + str(n):>12} {'4n':>12} {'ratio':>7}")
    worst = 0.0
    for name, make in CASES.items():
        small, large = best_of(make(n) + " a.com"), best_of(make(4 * n) + " a.com")
        ratio = large / small if small else float("nan")
        worst = max(worst, ratio)
        print(f"{name:<24} {small * 1e3:>10.2f}ms {large * 1e3:>10.2f}ms {ratio:>7.1f}")
    print(f"\nentities: worst ratio {worst:.1f} (linear: about 4; quadratic: about 16)\n")
    print(f"{'document (extract)':<32} {'n=' + str(n):>12} {'4n':>12} {'ratio':>7}")
    worst = 0.0
    for name, (fmt, make_doc) in DOCUMENTS.items():

        def run(text: str, fmt: str = fmt) -> object:
            return extract(text, format=fmt)

        small, large = best_of(make_doc(n), 3, run), best_of(make_doc(4 * n), 3, run)
        ratio = large / small if small else float("nan")
        worst = max(worst, ratio)
        print(f"{name:<32} {small * 1e3:>10.2f}ms {large * 1e3:>10.2f}ms {ratio:>7.1f}")
    print(f"\nextract: worst ratio {worst:.1f} (linear: about 4; quadratic: about 16)\n")
    sizes = [n * 2**k for k in range(5)]
    print(f"{'document (extract), doubling':<32} " + " ".join(f"{'n=' + str(s):>10}" for s in sizes) + "  ratios")
    worst = 0.0
    for name, (fmt, make_doc) in DOUBLING.items():

        def run2(text: str, fmt: str = fmt) -> object:
            return extract(text, format=fmt)

        # CPU time of this process, best of 5: the machine's other work does not count
        times = [best_of(make_doc(size), 5, run2, time.process_time) for size in sizes]
        ratios = [b / a if a else float("nan") for a, b in itertools.pairwise(times)]
        worst = max(worst, *ratios)
        print(
            f"{name:<32} " + " ".join(f"{t * 1e3:>8.1f}ms" for t in times) + "  " + " ".join(f"{r:.2f}" for r in ratios)
        )
    print(f"\ndoubling: worst ratio {worst:.2f} (linear: about 2; the gate is 2.3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
