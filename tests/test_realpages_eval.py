"""scripts/realpages_eval.py: the scores and the listing on a small hand-built directory of pages."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("realpages_eval", ROOT / "scripts" / "realpages_eval.py")
assert _spec is not None and _spec.loader is not None
realpages_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(realpages_eval)

JACK = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>&mdash; jack (@jack) '
    '<a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>'
)
# Hand-built pages; ids other than jack's 20 are placeholders.
EXTRA = '<iframe src="https://platform.twitter.com/embed/Tweet.html?id=1222222222222222222"></iframe>'
LINK = '<p>See <a href="https://twitter.com/example/status/1333333333333333333">this</a>.</p>'


def test_scores_and_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.html").write_text(JACK + LINK, encoding="utf-8")
    (tmp_path / "b.html").write_text(EXTRA, encoding="utf-8")
    truth = {
        # the name is deliberately wrong in the truth, to be listed as a wrong field
        "a.html": [
            {
                "platform": "twitter",
                "post_id": "20",
                "handle": "jack",
                "name": "Jack Dorsey",
                "date": "2006-03-21",
                "text_start": "just setting up",
            },
            {
                "platform": "twitter",
                "post_id": "1444444444444444444",
                "handle": None,
                "name": None,
                "date": None,
                "text_start": None,
            },
        ],
        "b.html": [],
    }
    (tmp_path / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["realpages_eval.py", str(tmp_path), "--platform", "twitter", "-v"])
    assert realpages_eval.main() == 0
    out = capsys.readouterr().out
    assert "posts in truth 2, embeds found 2, matched 1, links 1" in out
    assert "recall     50.0%  (1/2)" in out
    assert "precision  50.0%  (1/2)" in out
    assert "name        0.0%  (0/1)" in out
    assert "date      100.0%  (1/1)" in out
    assert "a.html: MISS twitter:1444444444444444444" in out
    assert "a.html: WRONG twitter:20 name: want 'Jack Dorsey', got 'jack'" in out
    assert "b.html: EXTRA twitter:1222222222222222222 (iframe)" in out
    assert "a.html: link twitter:1333333333333333333" in out
