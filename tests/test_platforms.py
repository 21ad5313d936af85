"""The platform registry: every platform complete (spec, seeds in text and HTML, permalink tables), its permalink
tables (``tests/platforms/NAME.links.txt`` / ``NAME.not_links.txt``), registration, and the import structure the
registry sits in (no cycles, no upward arrow, platforms importing no stage)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import embeds
import embeds._parse
from embeds.platforms import REGISTRY, PlatformSpec, PostRef, Registry, UrlParts, parse_permalink

ROOT = Path(__file__).resolve().parent.parent
TABLES = Path(__file__).resolve().parent / "platforms"
PACKAGE = Path(embeds.__file__).resolve().parent


def _links(name: str) -> list[tuple[str, str, str | None, str]]:
    """``(url, post_id, handle, canonical)`` rows of ``NAME.links.txt``."""
    rows: list[tuple[str, str, str | None, str]] = []
    url: str | None = None
    for raw in (TABLES / f"{name}.links.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("→"):
            assert url is not None, f"{name}.links.txt: an expectation without a URL: {line!r}"
            post_id, handle, canonical = line[1:].split()
            rows.append((url, post_id, None if handle == "-" else handle, canonical))
            url = None
        else:
            assert url is None, f"{name}.links.txt: {url!r} has no expectation"
            url = line
    assert url is None, f"{name}.links.txt: {url!r} has no expectation"
    return rows


def _not_links(name: str) -> list[str]:
    lines = (TABLES / f"{name}.not_links.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


LINKS = [(name, *row) for name in REGISTRY.names for row in _links(name)]
NOT_LINKS = [(name, url) for name in REGISTRY.names for url in _not_links(name)]


@pytest.mark.parametrize(("platform", "url", "post_id", "handle", "canonical"), LINKS, ids=lambda v: str(v)[:60])
def test_links(platform: str, url: str, post_id: str, handle: str | None, canonical: str) -> None:
    assert parse_permalink(url) == PostRef(platform, post_id, handle, canonical)


@pytest.mark.parametrize(("platform", "url"), NOT_LINKS, ids=lambda v: str(v)[:60])
def test_not_links(platform: str, url: str) -> None:
    assert parse_permalink(url) is None


def test_canonical_urls_are_fixed_points() -> None:
    for platform, _url, post_id, _handle, canonical in LINKS:
        ref = parse_permalink(canonical)
        assert ref is not None and (ref.platform, ref.post_id, ref.url) == (platform, post_id, canonical)


def _seed_platforms(suffix: str) -> set[str]:
    found: set[str] = set()
    for expected in (ROOT / "seeds").glob("*.expected.json"):
        if expected.with_name(expected.name.replace(".expected.json", suffix)).exists():
            found |= {c.get("platform") for c in json.loads(expected.read_text(encoding="utf-8"))["citations"]}
    return found


def test_every_platform_is_complete() -> None:
    """Adding a platform is one module, its seeds and its tables: each registered platform has all of them."""
    text, html = _seed_platforms(".txt"), _seed_platforms(".html")
    for spec in REGISTRY:
        assert isinstance(spec, PlatformSpec)
        assert spec.display_name and spec.post_type
        assert spec.parse is not None and (spec.hosts or spec.any_host), spec.name
        assert (TABLES / f"{spec.name}.links.txt").exists() and _links(spec.name), spec.name
        assert (TABLES / f"{spec.name}.not_links.txt").exists() and _not_links(spec.name), spec.name
        assert spec.name in text, f"{spec.name}: no text seed states one of its posts"
        assert spec.name in html, f"{spec.name}: no HTML seed states one of its posts"
        module = PACKAGE / "platforms" / f"{spec.name}.py"
        assert module.exists(), f"{spec.name}: no module of its own"


def test_registration_adds_a_platform_everywhere() -> None:
    """A platform of one's own, registered on a registry: permalinks, ids, names all answer for it."""

    def parse(u: UrlParts) -> PostRef | None:
        parts = u.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "note" and parts[1].isdigit():
            return PostRef("example", parts[1], None, f"https://notes.example/note/{parts[1]}")
        return None

    registry = Registry(tuple(REGISTRY))
    registry.add(
        PlatformSpec(
            name="example",
            display_name="Example Notes",
            post_type="Note",
            hosts=frozenset(["notes.example"]),
            parse=parse,
            id_time=lambda post_id: None,
        )
    )
    assert registry.parse_permalink("https://www.notes.example/note/42?x=1") == PostRef(
        "example", "42", None, "https://notes.example/note/42"
    )
    assert registry.parse_permalink("https://notes.example/@someone/109876543210987654") is None  # not Mastodon
    assert registry.platform_name("example", None) == "Example Notes"
    assert registry.post_type("example") == "Note"
    assert "example" not in REGISTRY  # the default registry is untouched
    assert REGISTRY.parse_permalink("https://notes.example/note/42") is None


def test_a_registered_platform_reaches_extraction() -> None:
    """Registered on the default registry after import: the HTML prefilter, the embed rules and the permalink reading
    of every format find it; unregistered, it is gone again."""
    from embeds.platforms import EmbedRule, Kit

    def parse(u: UrlParts) -> PostRef | None:
        parts = u.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "note" and parts[1].isdigit():
            return PostRef("notes", parts[1], None, f"https://notes.example/note/{parts[1]}")
        return None

    def read(kit: Kit, el: embeds._parse.Element) -> embeds.Citation | None:
        post = kit.ref(el.attrs.get("cite", ""))
        return kit.make(el, "notes", "blockquote", ref=post, text=kit.text_of(el) or None) if post else None

    spec = PlatformSpec(
        name="notes",
        display_name="Example Notes",
        post_type="Note",
        hosts=frozenset(["notes.example"]),
        parse=parse,
        embed_classes=frozenset(["notes-embed"]),
        rules=(EmbedRule.blockquote("notes-blockquote", read, frozenset(["notes-embed"])),),
    )
    html = '<blockquote class="notes-embed" cite="https://notes.example/note/7">Hello</blockquote>'
    text = "See https://notes.example/note/8 for more."
    REGISTRY.add(spec)
    try:
        [embed] = embeds.extract(html, format="html")
        assert (embed.platform, embed.kind, embed.post_id, embed.text) == ("notes", "embed", "7", "Hello")
        [link] = embeds.extract(text, format="text")
        assert (link.platform, link.kind, link.url) == ("notes", "link", "https://notes.example/note/8")
        assert embeds.extract(f"<p>{text}</p>", format="html")[0].post_id == "8"
    finally:
        REGISTRY.remove("notes")
    assert embeds.extract(html, format="html") == ()
    assert embeds.extract(text, format="text") == ()


def test_names_and_types_come_from_the_specs() -> None:
    assert REGISTRY.platform_name("twitter", "2023-07-23") == "Twitter"
    assert REGISTRY.platform_name("twitter", "2023-07-24") == "X"
    assert REGISTRY.post_type("twitter", "X") == "Post"
    for spec in REGISTRY:
        if spec.naming is None:
            assert REGISTRY.platform_name(spec.name, None) == spec.display_name
            assert REGISTRY.post_type(spec.name) == spec.post_type


# --- the import structure ----------------------------------------------------------------------------------------

#: The layers, lowest first: a module may import its own layer and those below, never one above.
LAYERS = [
    {"_types", "_exceptions", "_version", "_lazy", "_rx", "_log", "schema"},
    {"_models", "_names"},
    {"_parse"},
    {"platforms"},
    {"_extract"},
    {"_resolve"},
    {"_normalize", "_shortlinks"},
    {"_emit"},
    {"_sources", "_pool"},
    {"_scan"},
    {"_cli", "_cli_resolve", "__init__", "__main__", "_entry"},
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _imports() -> dict[str, set[str]]:
    """Module → the package modules it imports (relative imports resolved, dotted names)."""
    graph: dict[str, set[str]] = defaultdict(set)
    modules = {
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in PACKAGE.rglob("*.py")
    }
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts).removesuffix(".__init__")
        package = parts[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join((*base, *(node.module.split(".") if node.module else ())))
                candidates = [target, *(f"{target}.{a.name}" for a in node.names)]
                graph[name].update(c for c in candidates if c in modules and c != name)
    return graph


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_upward_arrow() -> None:
    for module, targets in _imports().items():
        for target in targets:
            src, dst = _unit(module), _unit(target)
            assert src in RANK and dst in RANK, f"{module} or {target} is in no layer"
            assert RANK[dst] <= RANK[src], f"{module} imports {target}: an arrow up from {src} to {dst}"


def test_platforms_import_no_stage() -> None:
    allowed = {"platforms", "_types", "_models", "_parse", "_rx"}  # _rx: patterns compiled on first use
    for module, targets in _imports().items():
        if _unit(module) == "platforms":
            assert {_unit(t) for t in targets} <= allowed, f"{module} imports {targets}"


def test_no_import_cycles_between_modules() -> None:
    graph = _imports()
    # a package's __init__ re-exports its modules: arrows from a package into its own modules are not cycles
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in graph.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for t in edges.get(m, ()):
            if state.get(t) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(t) :], t]))
            if t not in state:
                visit(t)
        path.pop()
        state[m] = 2

    for m in list(edges):
        if m not in state:
            visit(m)


def test_extract_loads_no_network_or_database_modules() -> None:
    """The pure core is importable without the resolver's dependencies (relative imports included)."""
    code = (
        "import sys, embeds._extract, embeds.platforms\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore', 'sqlite3', '_sqlite3',"
        " 'anyio', 'asyncio'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_markdown_it_loads_with_the_first_markdown_document() -> None:
    """HTML and text are extracted without markdown-it (its import is about 8 % of a short scan's work)."""
    code = (
        "import sys, embeds\n"
        'html = \'<blockquote class="twitter-tweet"><p>x</p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/20">May 1, 2020</a></blockquote>\'\n'
        "n = len(embeds.extract(html)) + len(embeds.extract('see https://x.com/a/status/20', format='text'))\n"
        "before = 'markdown_it' in sys.modules\n"
        "m = len(embeds.extract('> x\\n>\\n> https://x.com/a/status/20', format='markdown'))\n"
        "print(n, before, m, 'markdown_it' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["2", "False", "1", "True"]


# --- wording kept once: Instagram's attribution in every language, in every format ------------------------------

#: One line as written for each language of ``instagram.SHARED_BY`` (hand-built; the phrases are those seen on real
#: pages, the names and handles placeholders).
INSTAGRAM_LINES = [
    "A post shared by Example Person (@example.person)",
    "A photo posted by Example Person (@example.person)",
    "Ein Beitrag geteilt von Example Person (@example.person)",
    "Une publication partagée par Example Person (@example.person)",
    "Una publicación compartida de Example Person (@example.person)",
    "Uma publicação compartilhada por Example Person (@example.person)",
    "Um post compartilhado por Example Person (@example.person)",
    "Un post condiviso da Example Person (@example.person)",
    "Sebuah kiriman dibagikan oleh Example Person (@example.person)",
]


def test_every_instagram_language_has_an_example() -> None:
    from embeds.platforms import instagram

    assert len(INSTAGRAM_LINES) == len(instagram.SHARED_BY)


@pytest.mark.parametrize("line", INSTAGRAM_LINES, ids=lambda s: s.split(" Example")[0])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_instagram_attribution_in_every_language_and_format(line: str, fmt: str) -> None:
    url = "https://www.instagram.com/p/AbCdEfGhIjK/"
    doc = {
        "text": f"Article text.\n\nView this post on Instagram\n\n{line}\n\nMore article text.\n",
        "markdown": f"Article text.\n\n[View this post on Instagram]({url})\n\n[{line}]({url})\n\nMore text.\n",
        "html": (
            f'<p>Article text.</p><blockquote class="instagram-media" data-instgrm-permalink="{url}">'
            f'<div><a href="{url}">View this post on Instagram</a><p><a href="{url}">{line}</a></p></div></blockquote>'
        ),
    }[fmt]
    found = [c for c in embeds.extract(doc, format=fmt) if c.kind == "embed"]
    assert [(c.platform, c.author.name, c.author.handle) for c in found] == [
        ("instagram", "Example Person", "example.person")
    ]


# --- the platforms added through the registry -----------------------------------------------------------------------


def test_truth_social_is_its_own_platform_not_a_mastodon_instance() -> None:
    """Truth Social runs Mastodon software: its Mastodon-shaped URLs and embed iframes are its own platform's, and
    its ids decode with Mastodon's formula (yt-dlp's test post and the time it records)."""
    from embeds.platforms import mastodon, truthsocial

    for url in (
        "https://truthsocial.com/@realDonaldTrump/108779000807761862",
        "https://truthsocial.com/users/realDonaldTrump/statuses/108779000807761862",
        "https://truthsocial.com/@realDonaldTrump/108779000807761862/embed",
    ):
        ref = parse_permalink(url)
        assert ref is not None and ref.platform == "truthsocial"
    assert parse_permalink("https://links.truthsocial.com/@someone/108779000807761862") is None  # claimed, no post
    assert truthsocial.id_time is mastodon.id_time
    assert REGISTRY.id_time("truthsocial", "108779000807761862") == "2022-08-07T01:30:27.755Z"  # 1659835827 (yt-dlp)
    html = (
        '<iframe src="https://truthsocial.com/@realDonaldTrump/108779000807761862/embed" class="mastodon-embed">'
        "</iframe>"
    )
    [c] = embeds.extract(html, format="html")
    assert (c.platform, c.post_id, c.author.handle) == ("truthsocial", "108779000807761862", "realDonaldTrump")


def test_host_suffixes_claim_the_domain_and_its_hosts() -> None:
    spec = REGISTRY.get("pinterest")
    assert spec is not None
    assert spec.owns("pinterest.co.uk") and spec.owns("uk.pinterest.co.uk") and spec.owns("br.pinterest.com")
    assert not spec.owns("notpinterest.co.uk") and not spec.owns("pinterest.co.uk.example")


def test_the_new_platforms_short_link_hosts_are_shorteners() -> None:
    assert {"pin.it", "tmblr.co"} <= REGISTRY.shortener_hosts
    assert parse_permalink("https://pin.it/4xYz") is None and parse_permalink("https://tmblr.co/ZpQi2c2S4usEj") is None


def test_names_and_post_types_of_the_new_platforms() -> None:
    assert [(REGISTRY.platform_name(n, None), REGISTRY.post_type(n)) for n in REGISTRY.names[-5:]] == [
        ("Vimeo", "Video"),
        ("Tumblr", "Post"),
        ("Pinterest", "Pin"),
        ("Truth Social", "Post"),
        ("Twitch", "Video"),
    ]


def test_a_registered_caption_rule_reads_text_and_markdown() -> None:
    """A platform's ``captions`` are run by the extract stage on plain text and Markdown (not on HTML)."""
    import regex

    from embeds.platforms import Caption, CaptionRule

    def parse(u: UrlParts) -> PostRef | None:
        parts = u.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "note" and parts[1].isdigit():
            return PostRef("notes", parts[1], None, f"https://notes.example/note/{parts[1]}")
        return None

    line = regex.compile(r"^Noted by (?P<name>[A-Z][a-z]+)(?: \((?P<url>\S+)\))?$", regex.MULTILINE)
    spec = PlatformSpec(
        name="notes",
        display_name="Example Notes",
        post_type="Note",
        hosts=frozenset(["notes.example"]),
        parse=parse,
        captions=(CaptionRule("noted-by", "Noted by", line, lambda m, md: Caption(name=m["name"], url=m["url"])),),
    )
    REGISTRY.add(spec)
    try:
        [c] = embeds.extract("Intro.\n\nNoted by Ada (https://notes.example/note/9)\n", format="text")
        assert (c.platform, c.kind, c.author.name, c.post_id, c.source and c.source.method) == (
            "notes",
            "embed",
            "Ada",
            "9",
            "caption",
        )
        [c] = embeds.extract("# Intro\n\nNoted by Ada\n", format="markdown")
        assert (c.author.name, c.post_id) == ("Ada", None)
        assert embeds.extract("<p>Noted by Ada</p>", format="html") == ()
    finally:
        REGISTRY.remove("notes")
    assert embeds.extract("Noted by Ada\n", format="text") == ()


@pytest.mark.parametrize(
    ("html", "platform", "post_id"),
    [
        (
            '<embed src="http://www.youtube.com/v/dQw4w9WgXcQ&hl=en&fs=1" type="application/x-shockwave-flash">',
            "youtube",
            "dQw4w9WgXcQ",
        ),
        (
            '<object data="https://www.youtube.com/v/dQw4w9WgXcQ" type="application/x-shockwave-flash"></object>',
            "youtube",
            "dQw4w9WgXcQ",
        ),
        ('<embed src="http://vimeo.com/moogaloop.swf?clip_id=2539741&amp;server=vimeo.com">', "vimeo", "2539741"),
    ],
)
def test_legacy_flash_embeds(html: str, platform: str, post_id: str) -> None:
    [c] = embeds.extract(f"<p>Old embed code:</p>{html}", format="html")
    assert (c.platform, c.kind, c.post_id) == (platform, "embed", post_id)
    assert c.source is not None and c.source.method == "element"


def test_a_flash_object_is_one_embed_read_whole() -> None:
    """An ``<object>`` holding only ``<param name="movie">`` is found; one holding an ``<embed>`` too is one embed
    spanning the object."""
    movie = '<param name="movie" value="http://www.youtube.com/v/dQw4w9WgXcQ&hl=en"></param>'
    embed = '<embed src="http://www.youtube.com/v/dQw4w9WgXcQ&hl=en" type="application/x-shockwave-flash"></embed>'
    for obj in (f'<object width="425">{movie}</object>', f'<object width="425">{movie}{embed}</object>'):
        doc = f"<p>Old embed code:</p>{obj}<p>After.</p>"
        [c] = embeds.extract(doc, format="html")
        assert (c.platform, c.post_id, [s.raw for s in c.occurrences]) == ("youtube", "dQw4w9WgXcQ", [obj])


def test_a_flattened_attribution_handle_is_placed_by_the_registry() -> None:
    """``— Name (@handle) date`` with no permalink: the platform whose handle shape it has, else the default."""
    from embeds.platforms import Registry, platform_of_handle

    assert platform_of_handle("jensstoltenberg") == "twitter"
    assert platform_of_handle("someone@mastodon.example") == "mastodon"
    assert platform_of_handle("someone.bsky.social") == "bluesky"
    without_twitter = Registry([s for s in REGISTRY if s.name != "twitter"])
    assert without_twitter.platform_of_handle("jensstoltenberg") == "web"
    assert without_twitter.platform_of_handle("Gargron@mastodon.social") == "mastodon"
    doc = (
        "A post.\n\n— Jay (@jay.bsky.team) May 1, 2024\n\nAnother.\n\n— Eugen (@Gargron@mastodon.social) May 2, 2024\n"
    )
    assert [(c.platform, c.author.handle) for c in embeds.extract(doc)] == [
        ("bluesky", "jay.bsky.team"),
        ("mastodon", "Gargron@mastodon.social"),
    ]
