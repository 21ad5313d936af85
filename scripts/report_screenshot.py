"""Write docs/report.png: the HTML report of the seeds (links from fixtures/replay), as headless Chromium shows it.

python3 scripts/report_screenshot.py     # needs Debian's chromium and playwright (the test extras)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser_context  # noqa: E402

from embeds._cli import main  # noqa: E402

OUT = ROOT / "docs" / "report.png"


def shoot(out: Path = OUT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        os.chdir(ROOT)  # the seeds' paths as a user types them (seeds/…), not this machine's
        main(["scan", "seeds", "--replay", "fixtures/replay", "-q", "-o", str(page_file)])
        with browser_context(viewport={"width": 1100, "height": 1500}) as ctx:
            page = ctx.new_page()
            page.goto(page_file.as_uri())
            page.screenshot(path=str(out))
    return out


if __name__ == "__main__":
    print(f"wrote {shoot().relative_to(ROOT)}")
