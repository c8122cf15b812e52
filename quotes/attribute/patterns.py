"""Speaker patterns that are small dependency patterns, matched with spaCy's ``DependencyMatcher``.

Each pattern is anchored on the cue (or on the reporting noun whose source is wanted) and
names the token that is the source: "according to X", "in X's view", "X's statement",
"a statement from X", "the White House statement". A paragraph is matched once, the first
time a rule asks about one of its tokens, and the matches are indexed by anchor; where a
pattern has several matches on one anchor, the one nearest the anchor in the order of its
dependents wins, as a rule written in code would read them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

_NOUNS = {"IN": ["PROPN", "NOUN"]}
_NOMINALS = {"IN": ["PROPN", "NOUN", "PRON"]}


def _child(anchor: str, name: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {"LEFT_ID": anchor, "REL_OP": ">", "RIGHT_ID": name, "RIGHT_ATTRS": dict(attrs)}


#: Pattern name -> its dependency patterns; the node named "source" is what the pattern finds.
PATTERNS: Mapping[str, list[list[dict[str, Any]]]] = {
    # "according to the mayor"
    "according_to": [[
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LOWER": "according"}},
        _child("cue", "to", {"LOWER": "to"}),
        _child("to", "source", {"DEP": "pobj"}),
    ]],
    # "in her view", "in the opinion of the court"
    "possessor": [
        [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}}, _child("cue", "source", {"DEP": "poss"})],
        [
            {"RIGHT_ID": "cue", "RIGHT_ATTRS": {}},
            _child("cue", "of", {"DEP": "prep", "LOWER": "of"}),
            _child("of", "source", {"DEP": "pobj"}),
        ],
    ],
    # "the mayor's statement"
    "noun_possessor": [[{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}}, _child("cue", "source", {"DEP": "poss", "POS": _NOUNS})]],
    # "a statement from the mayor", "a letter by 40 senators", "the words of a senior adviser"
    "noun_from": [[
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {}},
        _child("cue", "prep", {"DEP": "prep", "LOWER": {"IN": ["from", "by", "of"]}}),
        _child("prep", "source", {"DEP": "pobj", "POS": _NOMINALS}),
    ]],
    # "a White House statement"
    "noun_compound": [[{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}}, _child("cue", "source", {"DEP": "compound", "POS": "PROPN"})]],
}


class DependencyPatterns:
    """The compiled :data:`PATTERNS` for one vocabulary; build one per pipeline.

    Args:
        vocab: The pipeline's vocabulary.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.matcher = DependencyMatcher(vocab)
        for name, patterns in PATTERNS.items():
            self.matcher.add(name, patterns)
        self._names = {vocab.strings[name]: name for name in PATTERNS}

    def index(self, doc: Doc) -> dict[tuple[str, int], Token]:
        """Every match in ``doc``: (pattern name, anchor index) -> the source token.

        Among the matches of one pattern on one anchor, the one whose nodes come first in
        the order of the anchor's dependents wins.
        """
        found: dict[tuple[str, int], list[list[int]]] = defaultdict(list)
        for match_id, nodes in self.matcher(doc):
            found[self._names[match_id], nodes[0]].append(nodes[1:])
        return {key: doc[min(matches)[-1]] for key, matches in found.items()}


class PatternIndex:
    """The matches of one document's paragraphs, made on first use and kept with the document."""

    def __init__(self, patterns: DependencyPatterns) -> None:
        self.patterns = patterns
        self._docs: dict[int, tuple[Doc, dict[tuple[str, int], Token]]] = {}

    def source(self, name: str, anchor: Token) -> Token | None:
        """The source token pattern ``name`` finds from ``anchor``, if it matches there."""
        doc = anchor.doc
        entry = self._docs.get(id(doc))
        if entry is None or entry[0] is not doc:
            entry = self._docs[id(doc)] = (doc, self.patterns.index(doc))
        return entry[1].get((name, anchor.i))
