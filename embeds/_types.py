"""Type aliases and literals shared by every stage (one place, so the names stay consistent)."""

from __future__ import annotations

from typing import Literal, TypeAlias

#: A platform's identifier: the ``name`` of a spec in the platform registry (:mod:`embeds.platforms`: ``"twitter"``,
#: ``"bluesky"``, ``"mastodon"``, …, and any registered since), or ``"web"`` for a page that is not a social post.
#: A plain string since the registry is open to registration.
Platform: TypeAlias = str

#: How a document cites a post: ``embed`` — the post is quoted (embed markup, or the text an embed leaves
#: behind after scraping); ``link`` — the document only links to the post's permalink.
Kind: TypeAlias = Literal["embed", "link"]

#: Input formats the parser understands.
Format: TypeAlias = Literal["text", "markdown", "html"]

#: What became of a link:
#: ``pending`` — not looked at yet (extraction only, or ``--no-resolve``);
#: ``direct`` — not a short link, nothing to resolve;
#: ``resolved`` — followed to ``resolved_url``;
#: ``failed`` — could not be resolved (``error`` says why).
LinkStatus: TypeAlias = Literal["pending", "direct", "resolved", "failed"]

#: A link in a post's text is a plain URL or media (``pic.twitter.com/…`` displayed for a ``t.co`` link).
LinkKind: TypeAlias = Literal["url", "media"]

#: Entities found in text by :func:`embeds.entities`.
EntityKind: TypeAlias = Literal["mention", "list", "hashtag", "cashtag", "url"]

#: How a finding was recognised in the document.
Method: TypeAlias = Literal[
    "blockquote",  # embed markup (a blockquote with the platform's class)
    "iframe",  # a rendered or player iframe
    "attribution",  # flattened text: the post's text, then "— Name (@handle) Date"
    "permalink",  # a link to the post
    "script",  # a script-based widget (Telegram)
    "element",  # another element carrying a post id (data-tweet-id, amp-twitter, div.fb-post)
    "escaped",  # embed code kept HTML-escaped in an attribute or JSON-escaped in a script (span: the whole value)
    "caption",  # scraped text a platform's embed leaves: "A post shared by …", "Post by @u@host", TikTok's "♬"
    "shortlink",  # a short link outside any post that resolves to the post (span: the short link)
]

#: Author kinds; ``None`` in a record means "not decided".
AuthorKind: TypeAlias = Literal["person", "organization"]

#: Which name a citation gives Twitter/X: the name the platform had when the post was published ("Twitter" before
#: the July 2023 rename, "X" after) or its current name ("X").
PlatformNaming: TypeAlias = Literal["at-publication", "current"]

#: How formatted bibliographies (APA, MLA, Chicago) mark italics: plain text (none), Markdown (``*…*``) or HTML.
Markup: TypeAlias = Literal["text", "markdown", "html"]

#: Why a link could not be resolved (``Resolution.error_kind``, ``Link.error_kind``), set where the failure happens;
#: ``error`` keeps the sentence for people. The cache policy decides on the kind, never on the sentence:
#: ``timeout`` — no answer in time (or the host is taken as stalled);
#: ``network`` — the host could not be reached (DNS, connection refused or reset, TLS);
#: ``http-status`` — the server answered with an error status (404, 429 with a too-long ``Retry-After``, 5xx …);
#: ``blocked`` — the policy refused a hop (non-http(s) scheme, loopback/private/reserved address);
#: ``loop`` — the redirects came back to a URL already visited;
#: ``too-many-hops`` — more redirects than ``ResolveOptions.max_hops``;
#: ``bad-url`` — a URL to follow (the one given, or a redirect target) cannot be parsed or requested;
#: ``bad-response`` — the answer could not be read (malformed HTTP, undecodable content encoding);
#: ``no-fixture`` — replaying, and no recorded exchange answers the request;
#: ``unexpected`` — anything else (a bug: the link fails, the batch goes on).
ErrorKind: TypeAlias = Literal[
    "timeout",
    "network",
    "http-status",
    "blocked",
    "loop",
    "too-many-hops",
    "bad-url",
    "bad-response",
    "no-fixture",
    "unexpected",
]

#: What asking the platform found of a post (``Hydration.status``):
#: ``available`` — the platform shows it;
#: ``deleted or private`` — the endpoint answered 404 or 403 (or an empty list, for Bluesky's AppView);
#: ``account suspended`` — the endpoint says the account is suspended (Mastodon's 410 Gone);
#: ``unknown`` — no answer to go by (network, rate limit, a malformed answer, no fixture, no endpoint, no token).
PostStatus: TypeAlias = Literal["available", "deleted or private", "account suspended", "unknown"]
