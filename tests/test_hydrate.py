"""Hydration and archive look-ups (``--hydrate``, ``--archive``), from the hand-built fixtures in ``fixtures/replay``
(``scripts/hydrate_fixtures.py``; every answer in the shape the platform documents, labelled ``hand-built``) and
the documents in ``fixtures/hydrate``."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import httpx
import pytest

import embeds
from embeds import Citation, Hydration, ScanOptions, Snapshot
from embeds._cli import main
from embeds._resolve._archive import accept_datetime, read_availability, read_timemap
from embeds._resolve._hydrate import AsyncHydrator, HydrateOptions, apply, read_answer, verify
from embeds._resolve._resolver import AsyncResolver, Fetched
from embeds.platforms import REGISTRY, MalformedAnswer
from embeds.platforms._spec import read_oembed

ROOT = Path(__file__).resolve().parent.parent
REPLAY = ROOT / "fixtures" / "replay"
DOCS = ROOT / "fixtures" / "hydrate"
KEYLESS = (
    "twitter",
    "youtube",
    "tiktok",
    "vimeo",
    "reddit",
    "tumblr",
    "bluesky",
    "mastodon",
    "truthsocial",
    "telegram",
)


def scan(name: str, **options: Any) -> dict[str, Citation]:
    result = embeds.scan([DOCS / name], options=ScanOptions(replay=str(REPLAY), jobs=1, **options))
    return {c.url or c.id: c for c in result.citations}


class Counting(httpx.AsyncBaseTransport):
    """Counts requests (and answers them from replay, or refuses them all)."""

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.inner is None:
            raise AssertionError(f"no request expected: {request.url}")
        return await self.inner.handle_async_request(request)


# --- every platform with a key-less endpoint ---------------------------------------------------------------------


def test_bare_permalinks_become_full_citations() -> None:
    posts = scan("permalinks.md", hydrate=True)
    by_platform = {c.platform: c for c in posts.values()}
    assert set(KEYLESS) <= set(by_platform)
    for name in KEYLESS:
        c = by_platform[name]
        assert c.hydration is not None and c.hydration.status == "available", name
        assert c.hydration.checked_at and c.hydration.endpoint == REGISTRY.get(name).hydrate.name  # type: ignore[union-attr]
        assert c.author.name, name
        assert c.provenance is not None
        origins = {o.field: o.origin for o in c.provenance}
        assert origins["url"] == "document"
        assert origins["author.name"].startswith(f"hydrated: {c.hydration.endpoint} at "), name
        if name != "tumblr":  # Tumblr's oEmbed carries neither title nor text
            assert c.text, name
        assert c.published or c.created_at or name in ("youtube", "reddit", "tumblr"), name
    jack = by_platform["twitter"]
    assert (jack.author.name, jack.author.handle, jack.published, jack.text) == (
        "jack",
        "jack",
        "2006-03-21",
        "just setting up my twttr",
    )
    assert by_platform["youtube"].text == "Me at the zoo" and by_platform["youtube"].author.handle == "jawed"
    assert by_platform["tiktok"].author.name == "Scout, Suki & Stella"
    assert by_platform["bluesky"].published == "2024-12-05T16:25:35.749Z"
    assert by_platform["mastodon"].text == "An example status with a #hashtag.\n\nSecond paragraph."
    assert by_platform["telegram"].text == "An example channel post.\nIts second line & an entity."
    assert by_platform["vimeo"].published == "2024-05-06T07:08:09"
    # no token: said, never guessed
    insta = by_platform["instagram"]
    assert insta.hydration is not None and insta.hydration.status == "unknown"
    assert "not hydrated: needs a token ($EMBEDS_META_TOKEN)" in insta.notes
    assert insta.author.name is None and insta.text is None
    # the APA entry of a bare link is now the one its embed code gives (seeds/001_first_tweet.html)
    (embedded,) = embeds.scan([ROOT / "seeds" / "001_first_tweet.html"], options=ScanOptions(resolve=False)).citations
    assert embeds.cite(jack, "apa") == embeds.cite(embedded, "apa")
    assert embeds.cite(jack, "apa") == (
        "@jack. (2006, March 21). just setting up my twttr [Tweet]. Twitter. https://twitter.com/jack/status/20"
    )


def test_off_by_default() -> None:
    posts = scan("permalinks.md")
    assert all(c.hydration is None and c.provenance is None and c.author.name is None for c in posts.values())


# --- unavailable, failing and malformed answers ------------------------------------------------------------------


def test_unavailable_posts_each_get_their_status_and_nothing_invented() -> None:
    posts = scan("unavailable.md", hydrate=True)
    status = {url: (c.hydration.status if c.hydration else None) for url, c in posts.items()}
    assert status == {
        "https://twitter.com/example/status/1234567890123456789": "deleted or private",
        "https://twitter.com/example_private/status/1234567890123456790": "deleted or private",
        "https://mastodon.social/@suspended_example/110293313126400001": "account suspended",
        "https://www.youtube.com/watch?v=EXAMPLE0001": "unknown",
        "https://vimeo.com/987654321": "unknown",
        "https://bsky.app/profile/example.bsky.social/post/3lcl3glmdx227": "deleted or private",
        "https://t.me/example_channel/43": "deleted or private",
        "https://www.reddit.com/r/example/comments/zzz999/": "unknown",
    }
    errors = {url: c.hydration.error for url, c in posts.items() if c.hydration}
    assert errors["https://www.youtube.com/watch?v=EXAMPLE0001"] == "HTTP 429"
    assert errors["https://vimeo.com/987654321"].startswith("malformed answer: ")  # type: ignore[union-attr]
    assert "no fixture" in errors["https://www.reddit.com/r/example/comments/zzz999/"]  # type: ignore[operator]
    for c in posts.values():
        assert c.author.name is None and c.text is None, c.url  # nothing invented
        what = "status unknown" if c.hydration.status == "unknown" else c.hydration.status  # type: ignore[union-attr]
        assert any(n.startswith(f"{what} when checked at ") for n in c.notes), c.notes


def test_cli_never_aborts_on_bad_answers(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(DOCS / "unavailable.md"), "--hydrate", "--replay", str(REPLAY), "-f", "json"])
    assert code == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 8


# --- verify ------------------------------------------------------------------------------------------------------


def test_edited_flattened_post_gets_a_note_and_keeps_its_words() -> None:
    (c,) = scan("edited.md", hydrate=True).values()
    assert c.text == "just setting up my twitter"  # the document's words kept
    assert c.hydration is not None and c.hydration.text == "just setting up my twttr"  # the platform's added
    assert "text differs from the post as published: “just setting up my twttr”" in c.notes
    assert {o.field: o.origin for o in c.provenance or ()}["text"] == "document"


def test_date_off_by_a_day_gets_a_note() -> None:
    (c,) = scan("off_by_a_day.md", hydrate=True).values()
    assert c.published == "2006-03-22"
    assert "date shown is 1 day after the post's time (2006-03-21)" in c.notes
    assert not any(n.startswith("text differs") for n in c.notes)


def test_verify_normalises_white_space_and_links() -> None:
    doc = Citation("x:1", "twitter", "embed", None, "1", embeds.Author(), "2022-01-26", None, "a  b\nc https://t.co/X")
    same = Hydration("available", "t", "e", text="a b c pic.twitter.com/Y", published="2022-01-26T12:00:00Z")
    assert verify(doc, same) == ()
    earlier = Hydration("available", "t", "e", text="a b c", published="2022-01-27T01:00:00+00:00")
    assert verify(doc, earlier) == ("date shown is 1 day before the post's time (2022-01-27T01:00:00+00:00)",)


# --- archive -----------------------------------------------------------------------------------------------------


def test_archive_of_a_deleted_post_is_printed_by_the_styles() -> None:
    posts = scan("unavailable.md", hydrate=True, archive=True)
    gone = posts["https://twitter.com/example/status/1234567890123456789"]
    assert gone.archived == Snapshot(
        "https://web.archive.org/web/20200303101112/https://twitter.com/example/status/1234567890123456789",
        "2020-03-03T10:11:12Z",
        "archive.org/wayback/available",
        gone.archived.checked_at if gone.archived else None,
    )
    assert any(n.startswith("archived copy: https://web.archive.org/") for n in gone.notes)
    snapshot = gone.archived.url  # type: ignore[union-attr]
    for style in ("apa", "mla", "chicago"):
        assert snapshot.split("://", 1)[1] in embeds.cite(gone, style), style
    assert f"L2  - {snapshot}" in embeds.dumps([gone], "ris")
    assert f"Archived at {snapshot}" in embeds.dumps([gone], "biblatex")
    (item,) = json.loads(embeds.dumps([gone], "csl-json"))
    assert item["URL"] == gone.url and item["custom"]["archived"]["url"] == snapshot
    assert item["custom"]["status"] == "deleted or private"


def test_archive_of_an_available_post_is_carried_not_printed() -> None:
    posts = scan("permalinks.md", hydrate=True, archive=True)
    jack = posts["https://twitter.com/jack/status/20"]
    assert jack.archived is not None and jack.archived.timestamp == "2008-08-15T20:04:05Z"
    assert "web.archive.org" not in embeds.cite(jack, "apa")
    assert posts["https://www.youtube.com/watch?v=jNQXAC9IVRw"].archived is None  # the archive has none


def test_timemap_endpoint_gives_the_memento_closest_to_the_date() -> None:
    endpoints = ("timemap:https://web.archive.org/web/timemap/link/",)
    posts = scan("permalinks.md", hydrate=True, archive=True, archive_endpoints=endpoints)
    jack = posts["https://twitter.com/jack/status/20"]
    assert jack.archived is not None  # closest to the post's date, which hydration found
    assert jack.archived.url == "https://web.archive.org/web/20080815200405/https://twitter.com/jack/status/20"
    undated = scan("permalinks.md", archive=True, archive_endpoints=endpoints)["https://twitter.com/jack/status/20"]
    assert undated.hydration is None  # archive alone does not hydrate, and with no date the latest memento is taken
    assert undated.archived is not None and undated.archived.timestamp == "2020-01-01T00:00:00Z"


def test_timegate_endpoint_follows_rfc_7089() -> None:
    endpoints = ("timegate:https://web.archive.org/web/",)
    posts = scan("permalinks.md", hydrate=True, archive=True, archive_endpoints=endpoints)
    jack = posts["https://twitter.com/jack/status/20"]  # the memento's datetime from the TimeGate's Link header
    assert jack.archived is not None and jack.archived.archive == "web.archive.org/web"
    assert jack.archived.url == "https://web.archive.org/web/20080815200405/https://twitter.com/jack/status/20"
    assert jack.archived.timestamp == "2008-08-15T20:04:05Z"
    gone = scan("unavailable.md", hydrate=True, archive=True, archive_endpoints=endpoints)[
        "https://twitter.com/example/status/1234567890123456789"
    ]  # no datetime in the Link header: the memento's own Memento-Datetime
    assert gone.archived is not None and gone.archived.timestamp == "2020-03-03T10:11:12Z"
    assert posts["https://www.youtube.com/watch?v=jNQXAC9IVRw"].archived is None  # no fixture: passed over


def test_accept_datetime() -> None:
    assert accept_datetime("2006-03-21") == "Tue, 21 Mar 2006 00:00:00 GMT"
    assert accept_datetime("2023-05-01T12:00:00.000Z") == "Mon, 01 May 2023 12:00:00 GMT"
    assert accept_datetime(None) is None and accept_datetime("March") is None


def test_read_timemap_and_availability() -> None:
    body = (
        '<https://a/1>; rel="first memento"; datetime="Mon, 01 Jan 2018 00:00:00 GMT",\n'
        '<https://a/2>; rel="memento"; datetime="Sat, 01 Jun 2019 00:00:00 GMT",\n'
        '<https://a/3>; rel="last memento"; datetime="Wed, 01 Jan 2020 00:00:00 GMT"'
    )
    assert read_timemap(body, "2019-05-01", "t") == Snapshot("https://a/2", "2019-06-01T00:00:00Z", "t")
    assert read_timemap(body, None, "t") == Snapshot("https://a/3", "2020-01-01T00:00:00Z", "t")
    assert read_timemap("", "2019-05-01", "t") is None
    assert read_availability('{"archived_snapshots": {}}', "a") is None
    with pytest.raises(ValueError):
        read_availability("[]", "a")


# --- the resolver's machinery: cache, guard, tokens ---------------------------------------------------------------


@pytest.mark.anyio
async def test_warm_cache_makes_no_request(tmp_path: Path) -> None:
    paths = [DOCS / "permalinks.md", DOCS / "unavailable.md"]
    options = ScanOptions(jobs=1, hydrate=True, archive=True)
    with embeds.SQLiteCache(tmp_path / "c.sqlite3") as cache:
        cold = Counting(embeds.ReplayTransport(REPLAY))
        async with httpx.AsyncClient(transport=cold) as client:
            first = await embeds.ascan(paths, options=options, client=client, cache=cache)
        assert cold.requests
        warm = Counting()  # refuses every request
        async with httpx.AsyncClient(transport=warm) as client:
            second = await embeds.ascan(paths, options=options, client=client, cache=cache)
    known = [c for c in first.citations if c.hydration and c.hydration.status != "unknown"]
    again = {c.id: c for c in second.citations}
    assert known and all(again[c.id].hydration == c.hydration for c in known)
    jack = again["twitter:20"]
    assert jack.text == "just setting up my twttr" and jack.archived is not None
    # statuses that are unknown are not kept: they were asked again, and refused
    assert again["youtube:EXAMPLE0001"].hydration.status == "unknown"  # type: ignore[union-attr]
    assert {r.url.host for r in warm.requests} <= {"www.youtube.com", "vimeo.com", "www.reddit.com", "archive.org"}


@pytest.mark.anyio
async def test_guard_refuses_an_endpoint_on_a_private_address() -> None:
    c = embeds.extract("https://10.0.0.1/@user/110293313126400000", format="text")[0]
    assert c.platform == "mastodon"
    refuse = Counting()
    async with httpx.AsyncClient(transport=refuse) as client, AsyncResolver(client) as resolver:
        (out,) = await AsyncHydrator(resolver).hydrate_all([c])
    assert not refuse.requests
    assert out.hydration is not None and out.hydration.status == "unknown"
    assert out.hydration.error == "blocked: address 10.0.0.1 is not public"


@pytest.mark.anyio
async def test_meta_token_from_the_environment_is_sent_as_a_header() -> None:
    c = embeds.extract("https://www.instagram.com/p/EXAMPLE123/", format="text")[0]
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"author_name": "example", "html": "", "title": None, "version": "1.0"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client, AsyncResolver(client) as resolver:
        hydrator = AsyncHydrator(resolver, options=HydrateOptions(tokens={"EMBEDS_META_TOKEN": "secret"}))
        (out,) = await hydrator.hydrate_all([c])
    (request,) = seen
    assert request.headers["Authorization"] == "Bearer secret" and "secret" not in str(request.url)
    assert out.author.name == "example" and out.hydration is not None and out.hydration.status == "available"


def test_read_answer_statuses() -> None:
    endpoint = REGISTRY.get("mastodon").hydrate  # type: ignore[union-attr]
    assert endpoint is not None

    def fetched(status: int | None, body: str = "", kind: Any = None) -> Fetched:
        return Fetched("u", status, body, None if kind is None else "x", kind, "2026-01-01T00:00:00Z")

    assert read_answer(endpoint, "mastodon", "1", fetched(404, "", "http-status")).status == "deleted or private"
    assert read_answer(endpoint, "mastodon", "1", fetched(410, "", "http-status")).status == "account suspended"
    assert read_answer(endpoint, "mastodon", "1", fetched(None, "", "timeout")).status == "unknown"
    assert read_answer(endpoint, "mastodon", "1", fetched(200, "{}")).error == "malformed answer: not a Status entity"
    with pytest.raises(MalformedAnswer):
        read_oembed('{"version": "1.0"}')


def test_records_pickle_and_serialise() -> None:
    c = Citation("x:1", "twitter", "link", "https://twitter.com/a/status/1", "1", embeds.Author(), None, None, None)
    h = Hydration("available", "2026-01-01T00:00:00Z", "e", author_name="A", text="t")
    out = apply(c, h, Snapshot("https://web.archive.org/web/1/x", "2020-01-01T00:00:00Z", "a"))
    assert pickle.loads(pickle.dumps(out)) == out
    d = out.as_dict()
    assert d["hydration"]["status"] == "available" and d["archived"]["timestamp"] == "2020-01-01T00:00:00Z"
    assert {"field": "text", "origin": "hydrated: e at 2026-01-01T00:00:00Z"} in d["provenance"]


def test_readme_before_and_after_are_what_the_fixtures_give(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("before   @jack.") :]
    block = block[: block.index("```")]
    before, after = block.split("\nafter    ")
    doc = str(DOCS / "permalinks.md")
    main(["scan", doc, "--replay", str(REPLAY), "-f", "apa", "-q", "--no-progress"])
    plain = capsys.readouterr().out.splitlines()
    main(["scan", doc, "--hydrate", "--replay", str(REPLAY), "-f", "apa", "-q", "--no-progress"])
    hydrated = capsys.readouterr().out.splitlines()
    for shown, out in ((before.removeprefix("before   "), plain), (after, hydrated)):
        for line in shown.splitlines():
            entry = line.strip().split("  (note:")[0].strip()
            assert entry in out, entry


@pytest.mark.anyio
async def test_recording_keeps_no_token(tmp_path: Path) -> None:
    c = embeds.extract("https://www.instagram.com/p/EXAMPLE123/", format="text")[0]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"author_name": "example", "html": "", "version": "1.0"})

    record = embeds.RecordTransport(tmp_path, httpx.MockTransport(answer), command="test")
    async with AsyncResolver(transport=record) as resolver:
        hydrator = AsyncHydrator(resolver, options=HydrateOptions(tokens={"EMBEDS_META_TOKEN": "secret-token"}))
        (out,) = await hydrator.hydrate_all([c])
    assert out.author.name == "example"
    (path,) = tmp_path.rglob("*.json")
    text = path.read_text(encoding="utf-8")
    assert "secret-token" not in text and "graph.facebook.com" in text
    replayed = embeds.ReplayTransport(tmp_path)  # and the recording answers a replay
    async with AsyncResolver(transport=replayed) as resolver:
        hydrator = AsyncHydrator(resolver, options=HydrateOptions(tokens={"EMBEDS_META_TOKEN": "other"}))
        (again,) = await hydrator.hydrate_all([c])
    assert again.author.name == "example"
