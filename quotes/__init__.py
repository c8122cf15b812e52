"""Quote and attribution extraction for news text: who said what, through which cue.

>>> import quotes
>>> [(q.speaker.name, q.text) for q in quotes.extract("“We will win,” Senator Ann Cole said.")]
[('Ann Cole', 'We will win,')]

Public API: :func:`extract` for one text, :class:`Extractor` for many documents,
:func:`load_model`, :func:`render_html`, the result types :class:`Document`,
:class:`Quote`, :class:`Speaker`, :class:`Cue`, and JSONL I/O :func:`write_quotes`,
:func:`read_quotes`. The spaCy component ``quotes_attributor`` is in
:mod:`quotes.component`. Importing the package loads neither spaCy nor a model;
the names that need spaCy are imported on first use.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from quotes.types import Cue, Document, Quote, Speaker

# A library says nothing unless its user configures logging (the command line does).
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from quotes.api import extract
    from quotes.export.jsonl import read_quotes, write_quotes
    from quotes.export.render import render_html
    from quotes.loader import ModelNotFoundError, load_model
    from quotes.pipeline import Extractor

__version__ = "0.1.0"

#: Public names imported from their module on first access (PEP 562), so ``import quotes``
#: stays cheap for the command line.
_LAZY: dict[str, str] = {
    "extract": "api",
    "Extractor": "pipeline",
    "load_model": "loader",
    "ModelNotFoundError": "loader",
    "render_html": "export.render",
    "read_quotes": "export.jsonl",
    "write_quotes": "export.jsonl",
}

__all__ = [
    "Cue",
    "Document",
    "Extractor",
    "ModelNotFoundError",
    "Quote",
    "Speaker",
    "__version__",
    "extract",
    "load_model",
    "read_quotes",
    "render_html",
    "write_quotes",
]


def __getattr__(name: str) -> Any:
    """Import a public name that needs spaCy when it is first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
