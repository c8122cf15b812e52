"""Word lists: the open ones as one :class:`Lexicon` read from ``quotes/data``, the closed ones in :mod:`.closed`."""

from quotes.lexicon.lists import Lexicon, PhrasalCue, default_lexicon, read_list, read_table

__all__ = ["Lexicon", "PhrasalCue", "default_lexicon", "read_list", "read_table"]
