"""The output formats' table (``embeds._emit._FORMATS``): each emitter is made when its format is first asked for,
so the table states each one's name and extensions ahead; here they are checked against the emitters themselves."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

import embeds
from embeds._emit import _FORMATS, EMITTERS, emitter_for, format_for_path


@pytest.mark.parametrize("name", sorted(_FORMATS))
def test_the_table_says_what_each_emitter_is(name: str) -> None:
    emitter = EMITTERS[name]
    assert emitter.name == name
    assert emitter.extensions == _FORMATS[name][2]
    assert emitter_for(name.upper()) is emitter  # made once, any case
    for ext in emitter.extensions:
        assert format_for_path(f"out{ext.upper()}") == name


def test_the_mapping_reads_as_the_dict_it_was() -> None:
    assert len(EMITTERS) == len(_FORMATS) and "apa-md" in EMITTERS and "nope" not in EMITTERS
    assert sorted(EMITTERS) == sorted(e.name for e in EMITTERS.values())
    assert embeds.EMITTERS is EMITTERS
    with pytest.raises(embeds.UnsupportedFormatError, match="expected one of"):
        emitter_for("nope")


def test_an_emitter_loads_with_its_format_only() -> None:
    script = (
        "import sys, embeds; embeds.dumps([], 'jsonl'); "
        "print(sorted(m for m in sys.modules if m.startswith('embeds._emit.')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    loaded = ast.literal_eval(out)
    assert "embeds._emit._json" in loaded
    assert not {"embeds._emit._styles", "embeds._emit._bib", "embeds._emit._report"} & set(loaded)
