"""Fast scans answer exactly as the plain patterns they stand for: the HTML prefilter, the merge's span test."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rx_cues import host_pattern

from embeds._extract._html import RAW, _hits, _Scanner, prefilter
from embeds._parse import Lines
from embeds.platforms import REGISTRY

PRE = prefilter(REGISTRY)
HOST = host_pattern(REGISTRY)
CONTAINERS = REGISTRY.container_classes()

PIECES = [
    "twitter.com",
    "x.com",
    "X.COM",
    "t.me",
    "youtu.be",
    "bsky.app",
    "instagr.am",
    "LinKedIn.com",
    "lin\u212aedin.com",  # KELVIN SIGN folds to k
    "in\u017ftagram.com",  # LONG S folds to s
    "\u0131nstagram.com",  # DOTLESS I: re's case-insensitive match takes it, regex's does not
    "example.com",
    "t.co",
    "x.co",
    "pinterest.co.uk",
    "Pinterest.com.au",
    "pinterest.co",
    "clips.twitch.tv",
    ".tv",
    ".co",
    ".com",
    ".comx",
    ".com\u0301",
    "\u0301x.com",
    "-x.com",
    "_x.com",
    "tweet",
    "tweetweet",
    "/@",
    "@",
    "/",
    "<script>",
    "</script>",
    "<script",
    "<scripts>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<blockquote>",
    ">",
    " ",
    ".",
]
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30).map("".join)


def _plain_hits(low: str, start: int, end: int) -> list[int]:
    hits = [m.start() for m in HOST.finditer(low, start, end)]
    for marker in (cue for spec in REGISTRY for cue in spec.cues):
        i = low.find(marker, start, end)
        while i != -1:
            hits.append(i)
            i = low.find(marker, i + 1, end)
    return sorted(hits)


def _plain_raw(low: str, start: int, end: int) -> list[tuple[int, int, str]]:
    raw: list[tuple[int, int, str]] = []
    for m in RAW.finditer(low, start, end):
        if raw and m.start() < raw[-1][1]:
            continue
        tag = m.group("tag")
        if tag:
            gt = low.find(">", m.end(), end)
            if gt == -1:
                break
            close = low.find("</" + tag, gt, end)
            raw.append((gt + 1, end if close == -1 else close, tag))
        else:
            close = low.find("-->", m.end(), end)
            raw.append((m.start(), end if close == -1 else close + 3, "comment"))
    return raw


@settings(max_examples=400, deadline=None)
@given(doc=documents, cut=st.tuples(st.integers(0, 8), st.integers(0, 8)))
def test_prefilter_scans_match_the_plain_patterns(doc: str, cut: tuple[int, int]) -> None:
    start, end = min(cut[0], len(doc)), max(min(cut[0], len(doc)), len(doc) - cut[1])
    assert _hits(doc, start, end, PRE) == _plain_hits(doc, start, end)
    scanner = _Scanner(doc, Lines(doc), None, start, end, CONTAINERS)
    assert scanner.raw == _plain_raw(doc, start, end)
    blockquotes, i = [], doc.find("<blockquote", start, end)
    while i != -1:
        blockquotes.append(i)
        i = doc.find("<blockquote", i + 11, end)
    assert scanner._bq_at == blockquotes


def test_host_hits_need_a_registered_name_and_domain_together() -> None:
    """``pinterest.co`` is a host, ``t.co`` is not (a shortener, resolved, not a post host): a name of one host and
    the top-level domain of another make no hit."""
    for doc, hit in [
        ("https://t.co/abc", False),
        ("https://x.co/abc", False),
        ("https://www.pinterest.co.uk/pin/1/", True),
        ("https://pinterest.com.mx/pin/1/", True),
        ("https://vimeo.com/1", True),
        ("https://clips.twitch.tv/Slug", True),
        ("https://youtube.tv/x", False),
    ]:
        assert bool(_hits(doc, 0, len(doc), PRE)) == hit, doc


@settings(max_examples=300, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 20), st.integers(0, 8)), max_size=8),
    probe=st.tuples(st.integers(0, 22), st.integers(0, 8)),
)
def test_containment_answers_like_any(spans: list[tuple[int, int]], probe: tuple[int, int]) -> None:
    from embeds._extract import _Containment

    spans = [(a, a + n) for a, n in spans]
    s, e = probe[0], probe[0] + probe[1]
    inside = _Containment(spans)
    assert inside.within(s, e) == any(a <= s and e <= b for a, b in spans)
    assert inside.strictly_within(s, e) == any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans)


@settings(max_examples=300, deadline=None)
@given(
    doc=st.lists(st.sampled_from(["</a>", "</a", "<a>", "</b>", "x", "</", "a"]), max_size=30).map("".join),
    probes=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 40)), max_size=12),
)
def test_remembered_end_tag_search_answers_like_find(doc: str, probes: list[tuple[int, int]]) -> None:
    # searches come in document order (each from at or after the previous start), with limits that vary
    scanner = _Scanner(doc, Lines(doc), None, 0, len(doc), CONTAINERS)
    i = 0
    for step, limit in probes:
        i = min(i + step, len(doc))
        limit = min(limit, len(doc))
        for tag in ("</a", "</b"):
            assert scanner._find_close(tag, i, limit) == doc.find(tag, i, limit)


@settings(max_examples=300, deadline=None)
@given(
    doc=st.lists(
        st.one_of(
            st.sampled_from(["(", "@", "(@", "&#64;", "&#0064;", "\uff20", "<a ", "<a\t", ">", " ", "x"]),
            st.text(max_size=3),
        ),
        max_size=30,
    ).map("".join)
)
def test_handles_start_where_the_hint_does(doc: str) -> None:
    # extract_html scans for the flattened posts' handles from HANDLE_HINT's first match on: every handle the
    # classless-text pass looks around must start at one of HANDLE_HINT's matches
    from embeds._extract._html import HANDLE_HINT
    from embeds._extract._html_text import ANCHOR

    assert all(HANDLE_HINT.match(doc, m.start()) for m in ANCHOR.finditer(doc))
