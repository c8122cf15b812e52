"""A faster stand-in for spaCy's ``attribute_ruler`` and rule ``lemmatizer``, with the same output.

In the English pipelines these two components cost about a quarter of the whole parse,
though what they compute depends on little: the attribute ruler's one-token patterns on
a token's own attributes (lower case, tag, dependency label, ...), the rule lemmatizer on
its text, part of speech and morphology. :class:`FastAttributes` computes each distinct
case once, with the components' own code (their matcher, their ``rule_lemmatize``), and
remembers the result; only the few patterns longer than one token are matched per
document. The output is the components' output, token for token (``tests/test_parsing.py``
checks it against the real components).

It stands in only where that is safe: a rule lemmatizer right after the attribute ruler,
nothing but the entity recognizer after them (it reads neither), patterns without
operators or extension attributes. Otherwise :meth:`FastAttributes.from_pipeline` returns
``None`` and the pipeline runs as it is.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.matcher import Matcher
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: The components :class:`FastAttributes` stands in for, in pipeline order.
REPLACED: tuple[str, str] = ("attribute_ruler", "lemmatizer")
#: Components that may follow them, because they read none of what they set.
SAFE_AFTER: frozenset[str] = frozenset({"ner"})
#: Token attributes a pattern may test for the stand-in to apply.
_TESTABLE = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "SHAPE"})
#: Word attributes whose values are grouped: all words no pattern names behave alike.
_WORD_ATTRS = frozenset({"ORTH", "LOWER", "NORM"})
#: Cached cases kept before the caches are emptied, so memory stays bounded on long streams.
MAX_CACHED = 500_000

_Assignments = tuple[tuple[int, int, int], ...]  # (pattern number, attribute id, value), in pattern order


class FastAttributes:
    """Set what the attribute ruler and the rule lemmatizer would set, from per-case caches.

    Build it with :meth:`from_pipeline`; call it on Docs that went through the pipeline
    with both components disabled.

    Args:
        nlp: The pipeline whose ``attribute_ruler`` and ``lemmatizer`` are replaced.
    """

    def __init__(self, nlp: Language) -> None:
        ruler = nlp.get_pipe(REPLACED[0])
        self.lemmatizer = _with_index_sets(nlp.get_pipe(REPLACED[1]))
        self.vocab = nlp.vocab
        self.ruler_matcher: Matcher = ruler.matcher
        self.pattern_attrs: list[dict[int, int]] = list(ruler.attrs)
        self.pattern_index: list[int] = list(ruler.indices)
        keys = sorted({str(key) for p in ruler.patterns for alternative in p["patterns"] for t in alternative for key in t})
        self.key_attrs: list[int] = [IDS[name] for name in keys]
        # Words the patterns never name fall into one class per attribute, so that the
        # cases to compute are few: (column, words named, regular expressions).
        self.word_columns: list[tuple[int, frozenset[str], tuple[re.Pattern[str], ...]]] = []
        for column, name in enumerate(keys):
            if name in _WORD_ATTRS:
                named = _named_words(ruler.patterns, name)
                if named is not None:
                    self.word_columns.append((column, *named))
        self._named: dict[tuple[int, int], bool] = {}
        self.set_attrs: list[int] = sorted({attr for attrs in self.pattern_attrs for attr in attrs})
        self.multi: Matcher = Matcher(nlp.vocab)
        self.starts: Matcher = Matcher(nlp.vocab)  # first tokens of the longer patterns
        for number, p in enumerate(ruler.patterns):
            longer = [alternative for alternative in p["patterns"] if len(alternative) > 1]
            if longer:
                self.multi.add(str(number), longer)
                self.starts.add(str(number), [alternative[:1] for alternative in longer])
        self._numbers = {nlp.vocab.strings.add(str(number)): number for number in range(len(self.pattern_attrs))}
        self._ruled: dict[tuple[int, ...], tuple[_Assignments, bool]] = {}
        self._lemmas: dict[tuple[int, int, int], str] = {}

    @classmethod
    def from_pipeline(cls, nlp: Language) -> FastAttributes | None:
        """The stand-in for ``nlp``, or ``None`` where it would not give the same output."""
        names = list(nlp.pipe_names)
        if REPLACED[0] not in names or REPLACED[1] not in names:
            return None
        at = names.index(REPLACED[0])
        if names[at + 1] != REPLACED[1] or not set(names[at + 2 :]) <= SAFE_AFTER:
            return None
        lemmatizer = nlp.get_pipe(REPLACED[1])
        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", True):
            return None
        ruler = nlp.get_pipe(REPLACED[0])
        for p in getattr(ruler, "patterns", ()):
            for alternative in p["patterns"]:
                for spec in alternative:
                    if not set(map(str, spec)) <= _TESTABLE:
                        return None
        return cls(nlp)

    @property
    def disabled(self) -> list[str]:
        """The pipeline components to disable when this stands in for them."""
        return list(REPLACED)

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        """Set the attributes of each Doc in turn."""
        for doc in docs:
            yield self(doc)

    def __call__(self, doc: Doc) -> Doc:
        """Set parts of speech, morphology, lemmas (and what else the patterns set) on ``doc``."""
        if not len(doc):
            return doc
        if max(len(self._ruled), len(self._lemmas), len(self._named)) > MAX_CACHED:
            self._ruled.clear()
            self._lemmas.clear()
            self._named.clear()
        self._rule(doc)
        self._lemmatize(doc)
        return doc

    def _rule(self, doc: Doc) -> None:
        """The attribute ruler: all matches applied in pattern order, later patterns winning."""
        keys = [self._key(row) for row in doc.to_array(self.key_attrs).tolist()]
        values = doc.to_array(self.set_attrs).tolist()
        column = {attr: i for i, attr in enumerate(self.set_attrs)}
        cases = []
        may_start = False
        for i, key in enumerate(keys):
            case = self._ruled.get(key)
            if case is None:
                case = self._ruled[key] = self._one_token(doc, i)
            cases.append(case[0])
            may_start = may_start or case[1]
        if may_start:  # only then can a longer pattern match
            for match_id, start, end in self.multi(doc, allow_missing=True, as_spans=False):
                number = self._numbers[match_id]
                index = self.pattern_index[number]
                target = start + index if index >= 0 else end + index
                if start <= target < end:
                    more = tuple((number, a, v) for a, v in self.pattern_attrs[number].items())
                    cases[target] = tuple(sorted((*cases[target], *more), key=lambda a: a[0]))
        for row, assigned in zip(values, cases):
            for _, attr, value in assigned:
                row[column[attr]] = value
        doc.from_array(self.set_attrs, numpy.array(values, dtype="uint64"))

    def _key(self, row: list[int]) -> tuple[int, ...]:
        """The case of a token: its tested attributes, words no pattern names replaced by 0."""
        for column, words, expressions in self.word_columns:
            value = row[column]
            named = self._named.get((column, value))
            if named is None:
                text = self.vocab.strings[value] if value else ""
                named = text in words or any(e.search(text) for e in expressions)
                self._named[(column, value)] = named
            if not named:
                row[column] = 0
        return tuple(row)

    def _one_token(self, doc: Doc, i: int) -> tuple[_Assignments, bool]:
        """What the one-token patterns assign to token ``i`` in pattern order, and whether a longer one may start there."""
        token = doc[i : i + 1]
        found = sorted(self._numbers[m] for m, _, _ in self.ruler_matcher(token, allow_missing=True, as_spans=False))
        assigned = tuple((n, attr, value) for n in found for attr, value in self.pattern_attrs[n].items())
        return assigned, bool(self.starts(token, allow_missing=True, as_spans=False))

    def _lemmatize(self, doc: Doc) -> None:
        """The rule lemmatizer, for tokens the attribute ruler gave no lemma."""
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        strings = self.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            text = self._lemmas.get(key)
            if text is None:
                text = self._lemmas[key] = self.lemmatizer.rule_lemmatize(doc[i])[0]
            lemmas.append(strings.add(text))
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))


def _with_index_sets(lemmatizer: Any) -> Any:
    """A copy of a rule lemmatizer whose lemma index holds sets instead of lists.

    ``rule_lemmatize`` only asks whether a form is in the index, which on the English
    lists (up to 57,000 lemmas) is a linear scan; with sets the same code gives the same
    answers in constant time. The caller's lemmatizer is left as it is.
    """
    faster = copy.copy(lemmatizer)
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            indexed = Table(name=name)
            for key, lemmas in table.items():
                indexed[key] = frozenset(lemmas)
            table = indexed
        lookups.set_table(name, table)
    faster.lookups = lookups
    faster.cache = {}
    return faster


def _named_words(patterns: Iterable[dict[str, Any]], name: str) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]] | None:
    """The words and regular expressions the patterns test attribute ``name`` against.

    ``None`` when some test is of another kind (a comparison, fuzzy matching...), for which
    unnamed words might not all behave alike.
    """
    words: set[str] = set()
    expressions: list[re.Pattern[str]] = []
    for p in patterns:
        for alternative in p["patterns"]:
            for spec in alternative:
                if name not in spec:
                    continue
                test = spec[name]
                if isinstance(test, str):
                    words.add(test)
                    continue
                if not isinstance(test, dict):
                    return None
                for kind, value in test.items():
                    if kind in ("IN", "NOT_IN") and all(isinstance(v, str) for v in value):
                        words.update(value)
                    elif kind == "REGEX" and isinstance(value, str):
                        expressions.append(re.compile(value))
                    else:
                        return None
    return frozenset(words), tuple(expressions)
