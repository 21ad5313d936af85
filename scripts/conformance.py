"""Run twitter-text's conformance suite (``extract.yml`` and ``tlds.yml``) against :func:`embeds.entities`.

The suite is downloaded from the npm registry (package ``twitter-text``, version 1.10.0, directory
``test/twitter-text-conformance/``) into a cache directory; the tests never need it. Only the Twitter kinds
are compared: mentions that carry a platform (Mastodon ``@user@host``, Bluesky ``@name.host.tld``) are embeds'
deliberate additions and are left out of the comparison.

    python3 scripts/conformance.py            # pass rate per section
    python3 scripts/conformance.py -v         # and every failing case
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import yaml
from _npm import fetch

from embeds._extract._entities import entities, reply_to

VERSION = "1.10.0"
SUITE = "test/twitter-text-conformance"


def _of(kinds: tuple[str, ...], text: str) -> list[Any]:
    return [e for e in entities(text) if e.kind in kinds and e.platform is None]


def _mentions(text: str) -> Any:
    return [e.value for e in _of(("mention",), text)]


def _mentions_indices(text: str) -> Any:
    return [{"screen_name": e.value, "indices": [e.start, e.end]} for e in _of(("mention",), text)]


def _lists_indices(text: str) -> Any:
    out = []
    for e in _of(("mention", "list"), text):
        name, _, slug = e.value.partition("/")
        out.append({"screen_name": name, "list_slug": f"/{slug}" if slug else "", "indices": [e.start, e.end]})
    return out


def _values(kind: str) -> Callable[[str], Any]:
    return lambda text: [e.value for e in _of((kind,), text)]


def _indices(kind: str, key: str) -> Callable[[str], Any]:
    return lambda text: [{key: e.value, "indices": [e.start, e.end]} for e in _of((kind,), text)]


#: section of extract.yml -> (group reported, what embeds returns in the suite's shape)
SECTIONS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "mentions": ("mentions", _mentions),
    "mentions_with_indices": ("mentions", _mentions_indices),
    "mentions_or_lists_with_indices": ("lists", _lists_indices),
    "replies": ("replies", reply_to),
    "hashtags": ("hashtags", _values("hashtag")),
    "hashtags_with_indices": ("hashtags", _indices("hashtag", "hashtag")),
    "cashtags": ("cashtags", _values("cashtag")),
    "cashtags_with_indices": ("cashtags", _indices("cashtag", "cashtag")),
    "urls": ("urls", _values("url")),
    "urls_with_indices": ("urls", _indices("url", "url")),
}


def run(verbose: bool) -> int:
    root = fetch("twitter-text", VERSION) / SUITE
    extract = yaml.safe_load((root / "extract.yml").read_text(encoding="utf-8"))["tests"]
    tlds = yaml.safe_load((root / "tlds.yml").read_text(encoding="utf-8"))["tests"]
    results: list[tuple[str, str, int, int]] = []
    failures: list[str] = []
    for section, cases in extract.items():
        if section not in SECTIONS:
            continue
        group, function = SECTIONS[section]
        passed = 0
        for case in cases:
            got = function(case["text"])
            if got == case["expected"]:
                passed += 1
            else:
                failures.append(
                    f"[{section}] {case['description']}\n    text:     {case['text']!r}\n"
                    f"    expected: {case['expected']!r}\n    got:      {got!r}"
                )
        results.append((group, section, passed, len(cases)))
    for section, cases in tlds.items():
        passed = 0
        for case in cases:
            got = _values("url")(case["text"])
            if got == case["expected"]:
                passed += 1
            else:
                failures.append(f"[tlds/{section}] {case['description']}: expected {case['expected']!r}, got {got!r}")
        results.append(("urls (tlds.yml)", section, passed, len(cases)))

    print(f"twitter-text {VERSION} conformance ({SUITE}), embeds.entities on the Twitter kinds\n")
    print(f"{'group':<16} {'section':<32} {'passed':>13} {'rate':>8}")
    totals: dict[str, list[int]] = {}
    for group, section, passed, total in results:
        print(f"{group:<16} {section:<32} {passed:>6} / {total:<4} {100 * passed / total:>7.1f}%")
        t = totals.setdefault(group, [0, 0])
        t[0] += passed
        t[1] += total
    print()
    for group, (passed, total) in totals.items():
        print(f"{group:<16} {'(all)':<32} {passed:>6} / {total:<4} {100 * passed / total:>7.1f}%")
    print(f"\n{len(failures)} failing case(s)")
    if verbose:
        for failure in failures:
            print(failure)
    return 0 if not failures else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failing case")
    return run(parser.parse_args(argv).verbose)


if __name__ == "__main__":
    raise SystemExit(main())
