"""Across documents: one id and one name per speaker, one id per statement, and the run that writes them.

:class:`RunWriter` and :func:`resolve_quotes` are the public entry points; the index itself is
:class:`quotes.crossdoc.index.CrossDocIndex`, statements are grouped in :mod:`quotes.crossdoc.statements`.
"""

from quotes.crossdoc.run import RunWriter, resolve_quotes

__all__ = ["RunWriter", "resolve_quotes"]
