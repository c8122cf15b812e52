"""What each speaker of one document is: its kind, and its gender with the evidence for it.

Every quote's speaker gets a kind (:mod:`quotes.resolve.kinds`); the speaker's kind in the
document is the most frequent among its quotes. Its gender comes from the evidence the
document gives (:mod:`quotes.resolve.gender`), decided by :func:`quotes.names.gender.decide_gender`,
and only for a person or an unnamed source: a group, an organisation or a document has no
gender. The cross-document step later decides both again over the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quotes.attribute.mentions import Mention
from quotes.lexicon import Lexicon
from quotes.names.keys import name_key
from quotes.names.profile import GENDERED_KINDS, decide_gender
from quotes.names.split import NameParts
from quotes.parse.pipe import ParsedText
from quotes.resolve.gender import SpeakerMention, document_evidence, name_owner
from quotes.resolve.kinds import antecedent_kind, document_kinds, mention_kind, noun_class, pronoun_kind
from quotes.resolve.pronouns import Candidate
from quotes.types import Gender, GenderConflict, GenderEvidence


@dataclass(frozen=True)
class QuoteSpeaker:
    """The speaker of one quote as the document resolved it.

    Attributes:
        key: The speaker's id in the document.
        name: Its display name.
        mention: The engine's mention.
        parts: The name and role words of the mention (of the antecedent for a pronoun), if any.
        antecedent: The antecedent a pronoun or unsourced document was resolved to, if any.
        names_itself: Whether the mention holds the speaker's name.
    """

    key: str
    name: str
    mention: Mention
    parts: NameParts | None
    antecedent: Candidate | None
    names_itself: bool


@dataclass(frozen=True)
class Profile:
    """A speaker's kind and gender in one document.

    Attributes:
        kind: ``person``, ``anonymous``, ``group``, ``organization`` or ``document``.
        gender: ``female``, ``male`` or ``None``.
        shown: The evidence that decided the gender, the conflict, or ``None``.
        evidence: All the document's evidence for the speaker (empty unless it can have a gender).
    """

    kind: str
    gender: Gender | None
    shown: GenderEvidence | GenderConflict | None
    evidence: tuple[GenderEvidence, ...]


def quote_kind(
    parsed: ParsedText, speaker: QuoteSpeaker, lexicon: Lexicon, surnames: frozenset[str], named_roles: frozenset[str]
) -> str:
    """The kind of one quote's speaker (see :mod:`quotes.resolve.kinds`)."""
    mention = speaker.mention
    if mention.kind in ("pronoun", "document"):
        if speaker.antecedent is not None:
            return antecedent_kind(parsed, speaker.antecedent, lexicon, surnames=surnames)
        return pronoun_kind(mention) if mention.kind == "pronoun" else "document"
    return mention_kind(parsed, mention, speaker.parts, lexicon, surnames=surnames, named_roles=named_roles)


def _document_names(
    speakers: Sequence[QuoteSpeaker], person_names: Sequence[str], lexicon: Lexicon
) -> tuple[frozenset[str], frozenset[str]]:
    """The surnames of the document's full person names, and the role words of its named people."""
    named = [s for s in speakers if s.parts is not None and s.parts.kind == "person"]
    # a name shown fuller than written was joined to a fuller name of the text ("Gowdy": "Trey Gowdy")
    joined = [s.name for s in speakers if s.parts is not None and len(s.name.split()) > len(s.parts.written.split())
              and all(w[:1].isupper() and noun_class(w.lower(), lexicon) is None for w in s.name.split())]
    full = [name_key(n).split() for n in [*person_names, *(s.name for s in named), *joined]]
    # "neill" and "o neill" of "James O’Neill"
    surnames = frozenset(" ".join(words[-n:]) for words in full if len(words) > 1 for n in (1, 2) if n < len(words))
    roles = frozenset(word.lower() for s in named if s.parts and s.parts.title for word in s.parts.title.split())
    return surnames, roles


def document_profiles(
    doc_id: str,
    parsed: ParsedText,
    speakers: Sequence[QuoteSpeaker],
    candidates: Sequence[Candidate],
    person_names: Sequence[str],
    in_quote: Callable[[int], bool],
    in_speech: Callable[[int], bool],
    lexicon: Lexicon,
) -> dict[str, Profile]:
    """The kind and gender of every speaker of one document.

    Args:
        doc_id: The document's id (evidence names it).
        parsed: The parsed document.
        speakers: The speaker of each quote.
        candidates: The document's named people and organisations (:func:`collect_candidates`).
        person_names: Display names of the people the document names, speakers or not.
        in_quote: Whether an offset lies inside quoted material.
        in_speech: Whether an offset lies inside quoted material or reported speech.
        lexicon: Word lists.

    Returns:
        Speaker key -> its profile.
    """
    surnames, roles = _document_names(speakers, person_names, lexicon)
    kinds = document_kinds((s.key, quote_kind(parsed, s, lexicon, surnames, roles)) for s in speakers)
    person_speakers = {s.name: s.key for s in speakers if kinds[s.key] in GENDERED_KINDS and s.parts is not None}
    owner = name_owner(person_speakers, person_names)
    mentions = [SpeakerMention(s.key, s.mention, s.names_itself, s.antecedent) for s in speakers]
    evidence = document_evidence(doc_id, parsed, mentions, candidates, owner, in_quote, in_speech, lexicon)
    profiles = {}
    for key, kind in kinds.items():
        found = evidence.get(key, ()) if kind in GENDERED_KINDS else ()
        gender, shown = decide_gender(found, doc_id=doc_id)
        profiles[key] = Profile(kind, gender, shown, found)
    return profiles
