"""A copy of the pipeline's tokenizer that also cuts quote marks glued to the next word.

News copy, above all when scraped or converted, often loses the space after a closing
quote mark or before an opening one: ``“Enough”--said Ms. Ortega``, ``“Yes,”said Ann``,
``he said“We will”``. The tokenizers of spaCy's English pipelines keep such a mark inside one
token with the words around it (``Enough”--said``), so the parser never sees the cue
``said`` as a word and the quote goes unattributed. The copy adds infix rules that cut the
mark, a dash after it and the comma before it into tokens of their own; an apostrophe is
never cut (``don’t``, ``the ’90s``). The pipeline's own tokenizer is left as it was.

Copying a tokenizer costs about a fifth of a second (spaCy loads its special cases again), a
tenth of the start of a one-article run, and most texts have no glued mark: so a text in which
none of the added infixes matches goes through the pipeline's own tokenizer, which cuts it
the same way, and the copy is made when a text first needs it. A tokenizer made inside
``nlp.memory_zone()`` would keep pointers into memory the zone frees, so the copy is made
only outside one: :meth:`QuoteTokenizer.prepare` makes it for the texts about to be read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: Infixes added to the pipeline's own: where a glued quote mark is cut off.
QUOTE_INFIXES: tuple[str, ...] = (
    r"(?<=[^\s“\"(\[])”(?=[\w—–-])",  # a closing mark glued to the next word or dash: Enough”said
    r"(?<=[,.!?])\"(?=[A-Za-z—–-])",  # a straight closing mark after punctuation: audiences,"Katie
    r"(?<=[”\"])(?:-{2,3}|—|–)",  # a dash after a closing mark: ”--said, ”—and
    r"(?<=[\w,.:;])“(?=\w)",  # an opening mark glued to the word before: said“We
    r"(?<=[^\W\d])[,!?](?=[”\"][\w—–-])",  # the comma before a glued closing mark: Yes,”said
    r"(?<=[a-z]{2})\.(?=[”\"][\w—–-])",  # the period before one (not in U.S.”)
)


def quote_tokenizer(nlp: Language) -> Callable[[str], Doc]:
    """Return a tokenizer like ``nlp``'s that also cuts quote marks glued to words.

    >>> import spacy
    >>> tokenize = quote_tokenizer(spacy.blank("en"))
    >>> [token.text for token in tokenize("“Enough”--said Ms. Ortega.")]
    ['“', 'Enough', '”', '--', 'said', 'Ms.', 'Ortega', '.']

    Args:
        nlp: A loaded pipeline; its tokenizer is copied, never changed.

    Returns:
        A callable from text to an unannotated ``Doc`` on ``nlp``'s vocabulary; ``nlp.make_doc``
        itself when the pipeline's tokenizer is not spaCy's rule-based one (nothing to add to).
    """
    base = nlp.tokenizer
    infix = getattr(base, "infix_finditer", None)
    pattern = getattr(infix, "__self__", None)
    if not isinstance(base, Tokenizer) or not isinstance(pattern, re.Pattern):
        log.debug("the pipeline's tokenizer is %s; glued quote marks are left to it", type(base).__name__)
        return nlp.make_doc
    return QuoteTokenizer(base, pattern)


class QuoteTokenizer:
    """The pipeline's tokenizer, or its copy with :data:`QUOTE_INFIXES` for a text where one matches.

    Where no added infix matches anywhere in a text, none matches in any piece of it the
    tokenizer tries (their lookarounds read only characters of the text), so the two cut it
    alike and the pipeline's own tokenizer is used.

    Args:
        base: The pipeline's rule-based tokenizer, never changed.
        infixes: Its infix pattern.
    """

    def __init__(self, base: Tokenizer, infixes: re.Pattern[str]) -> None:
        self.base = base
        self.glued = re.compile("|".join(QUOTE_INFIXES))
        self._pattern = infixes
        self._copy: Tokenizer | None = None

    def __call__(self, text: str) -> Doc:
        """The Doc of ``text``, glued quote marks cut off.

        Raises:
            RuntimeError: ``text`` needs the copy, inside a memory zone, before
                :meth:`prepare` made it.
        """
        if self.glued.search(text) is None:
            return self.base(text)
        if self._copy is None:
            if self.base.vocab.in_memory_zone:
                raise RuntimeError("a text with a glued quote mark inside nlp.memory_zone(): call prepare() before the zone")
            self._copy = self._with_quote_infixes()
        return self._copy(text)

    def prepare(self, texts: Iterable[str]) -> None:
        """Make the copy now if one of ``texts`` needs it; call it outside any memory zone."""
        if self._copy is None and any(isinstance(text, str) and self.glued.search(text) for text in texts):
            self._copy = self._with_quote_infixes()

    def _with_quote_infixes(self) -> Tokenizer:
        """A copy of the pipeline's tokenizer with the quote infixes added to its own."""
        base = self.base
        infixes = re.compile("|".join([self._pattern.pattern, *QUOTE_INFIXES]))
        return Tokenizer(
            base.vocab,
            rules=base.rules,
            prefix_search=base.prefix_search,
            suffix_search=base.suffix_search,
            infix_finditer=infixes.finditer,
            token_match=base.token_match,
            url_match=base.url_match,
            faster_heuristics=base.faster_heuristics,
        )
