"""Test set-up: import this checkout's ``embeds`` (see ``scripts/_checkout.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from _checkout import use_checkout

use_checkout()
