"""The state of one speaker search, shared by the speaker patterns (:mod:`quotes.attribute.speakers`)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from quotes.attribute.records import Context
from quotes.parse.paragraphs import Paragraph


@dataclass(frozen=True)
class Found:
    """What a speaker pattern decided.

    Attributes:
        head: The head token of the speaker phrase, or ``None`` when the pattern decides that
            the cue has no speaker in the text.
        pattern: The pattern's name (see :mod:`quotes.attribute.registry`).
    """

    head: Token | None
    pattern: str


@dataclass(frozen=True)
class Step:
    """A verb on the walk up from a cue to the clause whose subject speaks.

    Attributes:
        verb: The verb whose subject is looked for.
        pattern: The pattern a subject found here is credited to ("subject" at the cue,
            "governing_clause" higher up).
        controlled: The walk came up from an infinitive or gerund complement ("was asked to say").
    """

    verb: Token
    pattern: str
    controlled: bool = False


@dataclass(frozen=True)
class Search:
    """One cue whose speaker is looked for, in its document.

    Attributes:
        context: The document.
        paragraph: The paragraph of the cue.
        cue: A reporting verb, reporting noun, "according", or a verb a quote hangs from.
    """

    context: Context
    paragraph: Paragraph
    cue: Token

    def quoted(self, token: Token) -> bool:
        """Whether ``token`` lies inside a marked quote (a speaker never does)."""
        return self.context.in_quote(self.paragraph.char_start(token))
