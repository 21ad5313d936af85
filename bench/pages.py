"""Synthetic but realistic news pages for benchmarks: a few hundred KB of article HTML with a few embeds each.

The pages model what real news pages carry (measured by eye on saved pages of large publishers): a heavy ``<head>``
(meta, preload links, JSON-LD, inline analytics and framework state as JSON), a navigation menu of a few hundred
links, an article of a few dozen paragraphs with inline links, a related-articles grid with responsive images, share
and follow buttons (which are not posts) and a footer. The embeds use the platforms' published markup; the post ids
in them are placeholders of the right shape, not real posts.
"""

from __future__ import annotations

import json
import random

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they "
    "you were her she government minister said on Wednesday would could market election council report people city "
    "police officials statement week year percent according analysis share spokesperson investigation"
).split()

EMBEDS = [
    '<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">Placeholder post number {n} about the '
    'council vote <a href="https://twitter.com/hashtag/vote?src=hash&amp;ref_src=twsrc%5Etfw">#vote</a> '
    '<a href="https://t.co/AbCdEf{n:04d}">pic.twitter.com/AbCdEf{n:04d}</a></p>&mdash; Example Newsroom '
    '(@examplenews) <a href="https://twitter.com/examplenews/status/1{n:018d}?ref_src=twsrc%5Etfw">May 4, 2023</a>'
    '</blockquote> <script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
    '<figure class="wp-block-embed is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">'
    '<iframe loading="lazy" title="Placeholder video" width="640" height="360" '
    'src="https://www.youtube.com/embed/AbCdEfGh{n:03d}?feature=oembed" frameborder="0" allow="accelerometer; '
    'autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture" allowfullscreen></iframe></div>'
    "</figure>",
    '<blockquote class="instagram-media" data-instgrm-captioned data-instgrm-permalink="https://www.instagram.com/p/'
    'AbCdEf{n:05d}/?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14" style=" background:#FFF; '
    'border:0; border-radius:3px; margin: 1px; max-width:540px; min-width:326px; padding:0; width:99.375%;">'
    '<div style="padding:16px;"> <a href="https://www.instagram.com/p/AbCdEf{n:05d}/?utm_source=ig_embed&amp;'
    'utm_campaign=loading" style=" background:#FFFFFF; line-height:0; padding:0 0; text-align:center; '
    'text-decoration:none; width:100%;" target="_blank"> <div style=" display: flex; flex-direction: row; '
    'align-items: center;"> <div style="background-color: #F4F4F4; border-radius: 50%; flex-grow: 0; height: 40px; '
    'margin-right: 14px; width: 40px;"></div></div><div style="padding: 19% 0;"></div><div style="padding-top: 8px;">'
    '<div style=" color:#3897f0; font-family:Arial,sans-serif; font-size:14px; font-style:normal; font-weight:550; '
    'line-height:18px;">View this post on Instagram</div></div></a><p style=" color:#c9c8cd; font-family:Arial,'
    "sans-serif; font-size:14px; line-height:17px; margin-bottom:0; margin-top:8px; overflow:hidden; padding:8px 0 "
    '7px; text-align:center; text-overflow:ellipsis; white-space:nowrap;"><a href="https://www.instagram.com/p/'
    'AbCdEf{n:05d}/?utm_source=ig_embed&amp;utm_campaign=loading" style=" color:#c9c8cd; font-family:Arial,'
    'sans-serif; font-size:14px; font-style:normal; font-weight:normal; line-height:17px; text-decoration:none;" '
    'target="_blank">A post shared by Example Team (@example.team)</a></p></div></blockquote> '
    '<script async src="//www.instagram.com/embed.js"></script>',
    '<blockquote class="bluesky-embed" '
    'data-bluesky-uri="at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/'
    '3kabcdefgh{n:03d}" data-bluesky-cid="bafyreiexampleexampleexampleexample"><p lang="en">Placeholder Bluesky post '
    '{n}</p>&mdash; Example Person (<a href="https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx?ref_src=embed">'
    '@example.bsky.social</a>) <a href="https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/post/3kabcdefgh{n:03d}'
    '?ref_src=embed">November 25, 2024 at 12:58 AM</a></blockquote><script async src="https://embed.bsky.app/static/'
    'embed.js" charset="utf-8"></script>',
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def page(seed: int, *, size: int = 300_000, embeds: int = 3) -> str:
    """One page of about ``size`` characters with ``embeds`` embeds spread through the article."""
    rng = random.Random(seed)
    head = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">']
    for i in range(80):
        head.append(f'<meta property="og:x{i}" content="{_sentence(rng, 6)}">')
        head.append(f'<link rel="preload" as="script" href="/_next/static/chunks/{rng.getrandbits(48):x}.js">')
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": _sentence(rng, 10)}
    head.append(f'<script type="application/ld+json">{json.dumps(ld)}</script>')
    for i in range(15):
        head.append(
            f"<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{'k{i}':'{_sentence(rng, 8)}'}})</script>"
        )
    head.append("<style>" + "".join(f".c{i}{{margin:{i}px;padding:0 {i}px}}" for i in range(600)) + "</style>")
    head.append("</head><body>")
    nav = ['<header class="site-header"><nav class="menu"><ul>']
    for i in range(250):
        nav.append(
            f'<li class="menu-item menu-item-{i}"><a class="menu-link" href="https://news.example.com/section/'
            f'{i}/">{_sentence(rng, 2)}</a></li>'
        )
    nav.append("</ul></nav>")
    nav.append(
        '<div class="follow"><a href="https://twitter.com/examplenews" class="follow-twitter">Follow us</a> '
        '<a href="https://www.facebook.com/examplenews">Facebook</a> <a href="https://www.instagram.com/'
        'examplenews/">Instagram</a> <a href="https://www.youtube.com/@examplenews">YouTube</a></div></header>'
    )
    body = ['<main><article class="story"><h1>' + _sentence(rng, 9) + "</h1>"]
    body.append(
        '<div class="share"><a href="https://twitter.com/intent/tweet?url=https%3A%2F%2Fnews.example.com%2F'
        'story&amp;text=Story">Tweet</a> <a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F'
        'news.example.com%2Fstory">Share</a> <a href="https://www.reddit.com/submit?url=x">Reddit</a></div>'
    )
    paragraphs = 25
    at = sorted(rng.sample(range(5, paragraphs), embeds))
    for i in range(paragraphs):
        body.append(
            f'<p class="story-p">{_sentence(rng, 40)} <a href="https://news.example.com/2024/{i}/story-'
            f'{rng.getrandbits(32):x}">{_sentence(rng, 3)}</a> {_sentence(rng, 30)}</p>'
        )
        if i in at:
            body.append(EMBEDS[at.index(i) % len(EMBEDS)].format(n=seed * 10 + at.index(i)))
    body.append("</article>")
    # Fill up to the size asked with what fills real pages: recirculation cards (markup-dense) and framework state.
    used = sum(map(len, head + nav + body)) + 200
    cards, state_items = ['<section class="related">'], []
    i = 0
    while used < size * 0.6:
        card = (
            f'<div class="card card--{i % 7}" data-id="{rng.getrandbits(40):x}"><a class="card__link" '
            f'href="https://news.example.com/related/{i}"><picture><source type="image/webp" '
            f'srcset="https://cdn.example.com/img/{i}-320.webp 320w, https://cdn.example.com/img/{i}-640.webp 640w">'
            f'<img loading="lazy" width="320" height="180" src="https://cdn.example.com/img/{i}.jpg" '
            f'alt="{_sentence(rng, 5)}"></picture><span class="card__kicker">{_sentence(rng, 2)}</span><h3 '
            f'class="card__title">{_sentence(rng, 8)}</h3></a><svg class="icon" viewBox="0 0 24 24" aria-hidden="true">'
            f'<path d="M12 2l3 7h7l-5.5 4 2 7-6.5-4.5L5.5 20l2-7L2 9h7z"></path></svg></div>'
        )
        cards.append(card)
        used += len(card)
        i += 1
    cards.append("</section></main>")
    body += cards
    while used < size:
        item = {"id": len(state_items), "title": _sentence(rng, 8), "url": f"/a/{len(state_items)}", "tags": ["x"]}
        state_items.append(item)
        used += len(json.dumps(item)) + 2
    state = {"props": {"pageProps": {"items": state_items}}}
    tail = [
        f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>',
        "<footer><p>© Example News</p></footer></body></html>",
    ]
    return "\n".join(head + nav + body + tail)
