"""Write the hand-built hydration and archive fixtures under ``fixtures/replay/`` (``--hydrate``, ``--archive``).

No live recording was possible where they were made: every answer is built by hand in the response shape the
platform's documentation gives, and says so in its provenance (``"origin": "hand-built"``, the document it models).
Real posts appear only where their facts are public and well known (jack's first tweet, status 20, "just setting up
my twttr", 21 March 2006; YouTube's first video, jNQXAC9IVRw "Me at the zoo" by jawed; the TikTok video TikTok's own
embed documentation uses as its example); everything else is a placeholder account (``example…``) with a
placeholder id of the right shape. Archive snapshot timestamps are placeholders too: no capture was looked up.

The request URLs come from the platform specs (``PlatformSpec.hydrate``), so the fixtures answer exactly what
``embeds scan --hydrate`` asks. Run from the repository root::

    python3 scripts/hydrate_fixtures.py           # (re)writes fixtures/replay/<host>/…json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from embeds._resolve._archive import ArchiveEndpoint
from embeds._resolve._replay import fixture_name
from embeds.platforms import REGISTRY, parse_permalink

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "replay"
UA = "embeds (+https://pypi.org/project/embeds/) python-httpx"
BUILT = "hand-built on 2026-11-30 (no live recording possible: no internet access where these were made)"
PLACEHOLDER = "Account, ids, text and dates are placeholders of the right shape (example…), not a real post."


def endpoint_url(post: str) -> str:
    ref = parse_permalink(post)
    assert ref is not None, post
    spec = REGISTRY.get(ref.platform)
    assert spec is not None and spec.hydrate is not None, post
    url = spec.hydrate.url(ref)
    assert url is not None, post
    return url


def write(
    url: str,
    status: int,
    body: Any,
    models: str,
    note: str,
    headers: dict[str, str] | None = None,
    content_type: str | None = None,
) -> Path:
    if content_type is None:
        html = isinstance(body, str) and body.lstrip().startswith("<")
        content_type = "text/html; charset=utf-8" if html else "application/json; charset=utf-8"
    if not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False)
    record = {
        "provenance": {"origin": "hand-built", "built": BUILT, "models": models, "note": note},
        "request": {"method": "GET", "url": url, "headers": {"User-Agent": UA}},
        "response": {"status": status, "headers": {"Content-Type": content_type, **(headers or {})}, "body": body},
    }
    path = OUT / fixture_name("GET", url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


OEMBED = "oEmbed 1.0 JSON (oembed.com §2.3.4)"
JACK_HTML = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">March 21, 2006</a></blockquote>\n'
)
TIKTOK_CAPTION = "Scramble up ur name & I\u2019ll try to guess it\U0001f60d\u2764\ufe0f"


def mastodon_status(host: str, user: str, sid: str, created: str, content: str) -> dict[str, Any]:
    return {
        "id": sid,
        "created_at": created,
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "en",
        "uri": f"https://{host}/users/{user}/statuses/{sid}",
        "url": f"https://{host}/@{user}/{sid}",
        "content": content,
        "account": {
            "id": "1",
            "username": user,
            "acct": user,
            "display_name": "Example Account",
            "url": f"https://{host}/@{user}",
        },
        "media_attachments": [],
        "mentions": [],
        "tags": [],
    }


def main() -> int:
    written: list[Path] = []
    w = written.append

    # --- available posts: every platform with a key-less endpoint --------------------------------------------
    w(
        write(
            endpoint_url("https://twitter.com/jack/status/20"),
            200,
            {
                "url": "https://twitter.com/jack/status/20",
                "author_name": "jack",
                "author_url": "https://twitter.com/jack",
                "html": JACK_HTML,
                "width": 550,
                "height": None,
                "type": "rich",
                "cache_age": "3153600000",
                "provider_name": "Twitter",
                "provider_url": "https://twitter.com",
                "version": "1.0",
            },
            f"{OEMBED} as publish.twitter.com/oembed answers (developer.x.com, 'GET statuses/oembed' example "
            "response), with omit_script=1",
            "A real, public post whose facts are well known: jack's first tweet (status 20, 21 March 2006).",
        )
    )
    w(
        write(
            endpoint_url("https://www.youtube.com/watch?v=jNQXAC9IVRw"),
            200,
            {
                "title": "Me at the zoo",
                "author_name": "jawed",
                "author_url": "https://www.youtube.com/@jawed",
                "type": "video",
                "height": 150,
                "width": 200,
                "version": "1.0",
                "provider_name": "YouTube",
                "provider_url": "https://www.youtube.com/",
                "thumbnail_height": 360,
                "thumbnail_width": 480,
                "thumbnail_url": "https://i.ytimg.com/vi/jNQXAC9IVRw/hqdefault.jpg",
                "html": '<iframe width="200" height="150" src="https://www.youtube.com/embed/jNQXAC9IVRw?feature=oembed"'
                ' frameborder="0" allowfullscreen title="Me at the zoo"></iframe>',
            },
            f"{OEMBED} as www.youtube.com/oembed answers (no upload date in YouTube's oEmbed)",
            "A real, public video whose facts are well known: YouTube's first upload, 'Me at the zoo' by jawed.",
        )
    )
    w(
        write(
            endpoint_url("https://www.tiktok.com/@scout2015/video/6718335390845095173"),
            200,
            {
                "version": "1.0",
                "type": "video",
                "title": f"{TIKTOK_CAPTION} #foryoupage #petsoftiktok #aesthetic",
                "author_url": "https://www.tiktok.com/@scout2015",
                "author_name": "Scout, Suki & Stella",
                "width": "100%",
                "height": "100%",
                "html": '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@scout2015/video/'
                '6718335390845095173" data-video-id="6718335390845095173" style="max-width: 605px;min-width: 325px;">'
                ' <section> <a target="_blank" title="@scout2015" href="https://www.tiktok.com/@scout2015">@scout2015'
                f"</a> <p>{TIKTOK_CAPTION} "
                '<a title="foryoupage" target="_blank" href="https://www.tiktok.com/tag/foryoupage">#foryoupage</a> '
                '<a title="petsoftiktok" target="_blank" href="https://www.tiktok.com/tag/petsoftiktok">#petsoftiktok'
                '</a> <a title="aesthetic" target="_blank" href="https://www.tiktok.com/tag/aesthetic">#aesthetic</a>'
                "</p> </section> </blockquote>",
                "provider_url": "https://www.tiktok.com",
                "provider_name": "TikTok",
                "author_unique_id": "scout2015",
                "embed_product_id": "6718335390845095173",
                "embed_type": "video",
            },
            f"{OEMBED} as www.tiktok.com/oembed answers: the example response of TikTok's embed documentation "
            "(developers.tiktok.com, 'Embed Videos'), its sound line and thumbnail left out",
            "A real, public video: the one TikTok's own documentation uses as its oEmbed example.",
        )
    )
    w(
        write(
            endpoint_url("https://vimeo.com/123456789"),
            200,
            {
                "type": "video",
                "version": "1.0",
                "provider_name": "Vimeo",
                "provider_url": "https://vimeo.com/",
                "title": "Example video title",
                "author_name": "Example Uploader",
                "author_url": "https://vimeo.com/exampleuploader",
                "html": '<iframe src="https://player.vimeo.com/video/123456789?dnt=1&amp;app_id=122963" width="640" '
                'height="360" frameborder="0" title="Example video title"></iframe>',
                "width": 640,
                "height": 360,
                "duration": 60,
                "upload_date": "2024-05-06 07:08:09",
                "video_id": 123456789,
                "uri": "/videos/123456789",
            },
            f"{OEMBED} as vimeo.com/api/oembed.json answers (developer.vimeo.com, 'oEmbed': upload_date, video_id)",
            PLACEHOLDER,
        )
    )
    reddit = "https://www.reddit.com/r/example/comments/abc123/example_post/"
    w(
        write(
            endpoint_url(reddit),
            200,
            {
                "provider_url": "https://www.reddit.com/",
                "version": "1.0",
                "title": "Example post title",
                "provider_name": "reddit",
                "type": "rich",
                "html": f'<blockquote class="reddit-embed-bq" data-embed-height="240"><a href="{reddit}">Example post'
                ' title</a><br> by <a href="https://www.reddit.com/user/example_user/">u/example_user</a> in '
                '<a href="https://www.reddit.com/r/example/">example</a></blockquote>',
                "author_name": "example_user",
            },
            f"{OEMBED} as www.reddit.com/oembed answers (the embed blockquote, the title, the author)",
            PLACEHOLDER,
        )
    )
    w(
        write(
            endpoint_url("https://www.tumblr.com/example-blog/123456789012"),
            200,
            {
                "type": "rich",
                "version": "1.0",
                "author_url": "https://example-blog.tumblr.com/",
                "author_name": "example-blog",
                "provider_url": "https://www.tumblr.com",
                "provider_name": "Tumblr",
                "html": '<div class="tumblr-post" data-href="https://embed.tumblr.com/embed/post/t:EXAMPLEKEY/'
                '123456789012"><a href="https://www.tumblr.com/example-blog/123456789012">'
                "https://www.tumblr.com/example-blog/123456789012</a></div>",
                "width": 540,
                "height": None,
            },
            f"{OEMBED} as www.tumblr.com/oembed/1.0 answers (the post embed div; no title or text)",
            PLACEHOLDER,
        )
    )
    w(
        write(
            endpoint_url("https://bsky.app/profile/example.bsky.social/post/3lcl3glmdx226"),
            200,
            {
                "posts": [
                    {
                        "uri": "at://did:plc:exampleexampleexample/app.bsky.feed.post/3lcl3glmdx226",
                        "cid": "bafyreiexampleexampleexampleexampleexampleexampleexample",
                        "author": {
                            "did": "did:plc:exampleexampleexample",
                            "handle": "example.bsky.social",
                            "displayName": "Example Person",
                        },
                        "record": {
                            "$type": "app.bsky.feed.post",
                            "text": "An example post, asked for by its AT URI.",
                            "createdAt": "2024-12-05T16:25:35.749Z",
                            "langs": ["en"],
                        },
                        "replyCount": 0,
                        "repostCount": 0,
                        "likeCount": 0,
                        "indexedAt": "2024-12-05T16:25:36.000Z",
                        "labels": [],
                    }
                ]
            },
            "app.bsky.feed.getPosts output (the lexicon: {posts: [postView]}, postView.author/record/indexedAt)",
            PLACEHOLDER + " The rkey is a valid TID for the createdAt given.",
        )
    )
    sid = "110293313126400000"  # 2023-05-01T12:00:00Z, as Mastodon ids encode it
    w(
        write(
            endpoint_url(f"https://mastodon.social/@example/{sid}"),
            200,
            mastodon_status(
                "mastodon.social",
                "example",
                sid,
                "2023-05-01T12:00:00.000Z",
                '<p>An example status with a <a href="https://mastodon.social/tags/hashtag" class="mention hashtag" '
                'rel="tag">#<span>hashtag</span></a>.</p><p>Second paragraph.</p>',
            ),
            "Mastodon's Status entity as GET /api/v1/statuses/:id answers (docs.joinmastodon.org, 'Status')",
            PLACEHOLDER + " The id encodes the created_at given.",
        )
    )
    tid = "111865568034816000"  # 2024-02-03T04:05:06Z
    w(
        write(
            endpoint_url(f"https://truthsocial.com/@example/posts/{tid}"),
            200,
            mastodon_status("truthsocial.com", "example", tid, "2024-02-03T04:05:06.000Z", "<p>An example truth.</p>"),
            "Mastodon's Status entity, which Truth Social's GET /api/v1/statuses/:id serves",
            PLACEHOLDER + " The id encodes the created_at given.",
        )
    )
    w(
        write(
            endpoint_url("https://t.me/example_channel/42"),
            200,
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram Widget</title></head><body '
            'class="body_widget_post emoji_image nodark"><div class="tgme_widget_message_wrap js-widget_message_wrap">'
            '<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="example_channel/42"'
            ' data-view="x"><div class="tgme_widget_message_bubble"><div class="tgme_widget_message_author '
            'accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/example_channel"><span '
            'dir="auto">Example Channel</span></a></div><div class="tgme_widget_message_text js-message_text" '
            'dir="auto">An example channel post.<br/>Its second line &amp; an entity.</div><div '
            'class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info '
            'short js-message_info"><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" '
            'href="https://t.me/example_channel/42"><time datetime="2024-03-04T05:06:07+00:00" class="time">05:06'
            "</time></a></span></div></div></div></div></div></body></html>",
            "the page Telegram's post widget frames (t.me/{channel}/{id}?embed=1&mode=tme; core.telegram.org/widgets/"
            "post): its message text, owner name and time elements",
            PLACEHOLDER,
        )
    )

    # --- unavailable, failing and malformed answers ---------------------------------------------------------
    w(
        write(
            endpoint_url("https://twitter.com/example/status/1234567890123456789"),
            404,
            "",
            "publish.twitter.com/oembed's 404 for a status that no longer exists (deleted)",
            PLACEHOLDER,
        )
    )
    w(
        write(
            endpoint_url("https://twitter.com/example_private/status/1234567890123456790"),
            403,
            "",
            "publish.twitter.com/oembed's 403 for a status it may not show (a protected account)",
            PLACEHOLDER,
        )
    )
    suspended = "110293313126400001"
    w(
        write(
            endpoint_url(f"https://mastodon.social/@suspended_example/{suspended}"),
            410,
            {"error": "Record not found"},
            "Mastodon's API answering 410 Gone for a suspended account's resources (docs.joinmastodon.org, "
            "'410: Account is suspended')",
            PLACEHOLDER,
        )
    )
    w(
        write(
            endpoint_url("https://www.youtube.com/watch?v=EXAMPLE0001"),
            429,
            "",
            "a rate limit: 429 Too Many Requests with Retry-After: 0 on every try (the resolver retries, then "
            "gives the status up as unknown)",
            PLACEHOLDER,
            headers={"Retry-After": "0"},
        )
    )
    w(
        write(
            endpoint_url("https://vimeo.com/987654321"),
            200,
            "<html><body><h1>Verify you are human</h1></body></html>",
            "a malformed answer: an HTML page where the oEmbed JSON should be",
            PLACEHOLDER,
        )
    )
    w(
        write(
            endpoint_url("https://bsky.app/profile/example.bsky.social/post/3lcl3glmdx227"),
            200,
            {"posts": []},
            "app.bsky.feed.getPosts leaving out a post that is deleted or not shown (an empty posts list)",
            PLACEHOLDER,
        )
    )
    w(
        write(
            endpoint_url("https://t.me/example_channel/43"),
            200,
            '<!DOCTYPE html><html><body class="body_widget_post"><div class="tgme_widget_message_error">Post not '
            "found</div></body></html>",
            "the post widget page for a post that is gone ('Post not found')",
            PLACEHOLDER,
        )
    )

    # --- archives ------------------------------------------------------------------------------------------
    avail = ArchiveEndpoint.parse("availability:https://archive.org/wayback/available")
    for post, when, stamp in (
        ("https://twitter.com/jack/status/20", "2006-03-21", "20080815200405"),
        ("https://twitter.com/example/status/1234567890123456789", "2020-03-02", "20200303101112"),
    ):
        snapshots: dict[str, Any] = {
            "closest": {
                "status": "200",
                "available": True,
                "url": f"http://web.archive.org/web/{stamp}/{post}",
                "timestamp": stamp,
            }
        }
        w(
            write(
                avail.request_url(post, when),
                200,
                {"url": post, "archived_snapshots": snapshots, "timestamp": when.replace("-", "")},
                "the Internet Archive's availability API (archive.org/help/wayback_api.php): the closest snapshot",
                "The snapshot timestamp is a placeholder: no capture was looked up.",
            )
        )
    for post, when in (("https://www.youtube.com/watch?v=jNQXAC9IVRw", None),):
        w(
            write(
                avail.request_url(post, when),
                200,
                {"url": post, "archived_snapshots": {}},
                "the availability API's answer when it has no snapshot",
                "A placeholder answer: whether a capture exists was not looked up.",
            )
        )
    timemap = ArchiveEndpoint.parse("timemap:https://web.archive.org/web/timemap/link/")
    post = "https://twitter.com/jack/status/20"
    w(
        write(
            timemap.request_url(post, None),
            200,
            f'<{post}>; rel="original",\n'
            f'<https://web.archive.org/web/timemap/link/{post}>; rel="self"; type="application/link-format",\n'
            f'<https://web.archive.org/web/{post}>; rel="timegate",\n'
            f'<https://web.archive.org/web/20080815200405/{post}>; rel="first memento"; '
            'datetime="Fri, 15 Aug 2008 20:04:05 GMT",\n'
            f'<https://web.archive.org/web/20100101000000/{post}>; rel="memento"; '
            'datetime="Fri, 01 Jan 2010 00:00:00 GMT",\n'
            f'<https://web.archive.org/web/20200101000000/{post}>; rel="last memento"; '
            'datetime="Wed, 01 Jan 2020 00:00:00 GMT"\n',
            "a Memento TimeMap in application/link-format (RFC 7089 §5)",
            "The memento datetimes are placeholders: no capture was looked up.",
            content_type="application/link-format",
        )
    )
    gate = ArchiveEndpoint.parse("timegate:https://web.archive.org/web/")
    memento = f"https://web.archive.org/web/20080815200405/{post}"
    w(
        write(
            gate.request_url(post, None),
            302,
            "",
            "a Memento TimeGate's answer (RFC 7089 §4.2.1, pattern 2: 302-style negotiation): 302 to the memento "
            "closest to the Accept-Datetime, Vary: accept-datetime, a Link header naming original, TimeMap, memento",
            "The memento datetime is a placeholder: no capture was looked up.",
            headers={
                "Location": memento,
                "Vary": "accept-datetime",
                "Link": f'<{post}>; rel="original", <https://web.archive.org/web/timemap/link/{post}>; rel="timemap"; '
                f'type="application/link-format", <{memento}>; rel="memento"; datetime="Fri, 15 Aug 2008 20:04:05 GMT"',
            },
        )
    )
    deleted = "https://twitter.com/example/status/1234567890123456789"
    memento = f"https://web.archive.org/web/20200303101112/{deleted}"
    w(
        write(
            gate.request_url(deleted, None),
            302,
            "",
            "a Memento TimeGate's 302 whose Link header does not give the memento's datetime (RFC 7089 §4.2.1)",
            "A placeholder post and memento: no capture was looked up.",
            headers={"Location": memento, "Vary": "accept-datetime", "Link": f'<{deleted}>; rel="original"'},
        )
    )
    w(
        write(
            memento,
            200,
            "<html><body>archived page</body></html>",
            "a memento's answer with its Memento-Datetime header (RFC 7089 §2.1.1)",
            "A placeholder memento: no capture was looked up.",
            headers={"Memento-Datetime": "Tue, 03 Mar 2020 10:11:12 GMT", "Link": f'<{deleted}>; rel="original"'},
        )
    )
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
