"""Gender evidence for the speakers of one document: what the text itself says of each.

Three kinds of evidence, all in the writer's own words (a word inside a quote is the
speaker's talk about someone else and never counts):

- **pronoun**: the pronoun speaker of a quote ("“...,” she said"), or another pronoun of the
  writer's text, for the speaker the resolver gives it when the text leaves no doubt about
  it (:mod:`quotes.resolve.references`), or a pronoun speaker left unresolved, for itself;
- **honorific**: "Mr.", "Mrs.", "Ms.", "Miss", "Sir", "Dame", "Lady", "Lord" before the
  speaker's name, in its mention or anywhere else in the text ("Ms. Lopez said");
- **role_noun**: a gendered noun in the speaker's mention ("a spokeswoman", "Clinton
  spokesman Josh Schwerin") or set beside a name of the speaker ("Jane Doe, the company's
  chairwoman"); never one held in a possessive or a prepositional phrase ("the chairman's
  wife" says nothing of a man).

A name met elsewhere in the text counts only when it names one speaker of the document: a
surname shared by two people of the text ("Mrs. Clinton" beside both Bill and Hillary
Clinton) is evidence for nobody. The words that say a gender are the lexicon's
``gendered_words``; first names never are evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from quotes.attribute.mentions import Mention
from quotes.lexicon import Lexicon
from quotes.names.keys import name_key
from quotes.parse.pipe import ParsedText
from quotes.resolve.pronouns import Candidate
from quotes.resolve.references import References
from quotes.resolve.words import HONORIFIC_NAME, HONORIFICS, attached, evidence_type, gender_of
from quotes.types import GenderEvidence


@dataclass(frozen=True)
class SpeakerMention:
    """One quote's speaker within the document, as evidence is gathered for it.

    Attributes:
        key: The speaker's id within the document.
        mention: The engine's mention of the speaker.
        names_itself: Whether the mention holds the speaker's name (not so for "who", whose
            name is written before it, nor for a pronoun or unsourced document).
        antecedent: The antecedent a pronoun speaker was resolved to, if any.
    """

    key: str
    mention: Mention
    names_itself: bool
    antecedent: Candidate | None = None


def _word_evidence(doc_id: str, token: Token, offset: int, lexicon: Lexicon) -> GenderEvidence | None:
    gender = gender_of(token.text, lexicon)
    if gender is None:
        return None
    start = offset + token.idx
    return GenderEvidence(evidence_type(token.text), token.text, gender, doc_id, start, start + len(token.text))  # type: ignore[arg-type]


def mention_evidence(doc_id: str, parsed: ParsedText, speaker: SpeakerMention, lexicon: Lexicon) -> list[GenderEvidence]:
    """Honorifics and gendered nouns in a speaker's own mention ("Mrs. Lopez", "a spokeswoman")."""
    m = speaker.mention
    if m.kind in ("pronoun", "document") or not speaker.names_itself:
        return []
    paragraph = parsed.paragraph_at(m.start)
    if paragraph is None:
        return []
    span = paragraph.doc.char_span(m.start - paragraph.start, m.end - paragraph.start, alignment_mode="expand")
    if span is None or not len(span):
        return []
    found = []
    words = [token for token in span if attached(token, span.root) and not _is_name(token, span.root)]
    for token in words + list(_predicates(span.root)):
        item = _word_evidence(doc_id, token, paragraph.start, lexicon)
        if item is not None:
            found.append(item)
    return found


def _is_name(token: Token, root: Token) -> bool:
    """Whether ``token`` is the name itself, not a word about it: "King" of "Jean King"."""
    return token.i == root.i and token.pos_ == "PROPN"


def _owned_by_other(token: Token) -> bool:
    """Whether a noun belongs to someone a relative pronoun stands for: "whose husband"."""
    return any(c.dep_ == "poss" and c.lower_ == "whose" for c in token.children)


def _predicates(root: Token) -> Iterable[Token]:
    """The predicate nouns of a relative clause of being on ``root``: "Podesta, who is now chairman of ..."."""
    for child in root.children:
        if child.dep_ == "relcl" and child.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in child.children):
            yield from (c for c in child.children if c.dep_ == "attr")


def _entity_words(entity: Span) -> Iterable[Token]:
    """Words that describe a person entity: the role words before it that hang on it ("Congresswoman
    Maxine Waters"), its appositions ("Jane Doe, the chairwoman"), the predicate of a relative
    clause of being ("Podesta, who is now chairman of ...")."""
    root = entity.root
    doc = entity.doc
    for token in doc[max(entity.start - 4, 0) : entity.start]:
        if attached(token, root) and not _owned_by_other(token):
            yield token
    if any(c.dep_ == "conj" for c in root.children):
        return  # "Bill Clinton and Melania Trump, Donald Trump's wife": whose apposition is it?
    for child in root.children:
        if child.dep_ == "appos" and not _owned_by_other(child):
            yield child
            yield from (c for c in child.children if c.dep_ in ("compound", "amod"))
    yield from _predicates(root)


def name_evidence(
    doc_id: str,
    parsed: ParsedText,
    owner: Callable[[str], str | None],
    in_quote: Callable[[int], bool],
    lexicon: Lexicon,
) -> dict[str, list[GenderEvidence]]:
    """Honorifics and gendered nouns set beside a person's name anywhere in the writer's text.

    Args:
        doc_id: The document's id.
        parsed: The parsed document.
        owner: The speaker key a name as written belongs to, or ``None`` when it names no
            speaker or more than one person.
        in_quote: Whether an offset lies inside quoted material.
        lexicon: Word lists.

    Returns:
        Speaker key -> evidence found beside its names.
    """
    found: dict[str, list[GenderEvidence]] = {}
    for match in HONORIFIC_NAME.finditer(parsed.text):
        start = match.start()
        end = match.end("word") + parsed.text.startswith(".", match.end("word"))
        word = parsed.text[start:end]
        gender = gender_of(word, lexicon)
        key = _owner_of_words(match.group("name").split(), owner) if gender else None
        if key is not None and not in_quote(start):
            found.setdefault(key, []).append(GenderEvidence("honorific", word, gender, doc_id, start, end))  # type: ignore[arg-type]
    # "Mr. Trump" and "Ms. Trump" in one text are two people under one surname: neither counts
    found = {key: items for key, items in found.items() if len({e.gender for e in items}) == 1}
    for paragraph in parsed.paragraphs:
        for entity in paragraph.doc.ents:
            if in_quote(paragraph.start + entity.start_char):
                continue  # any label: the recognizer takes some surnames for places; owner() knows the people
            key = owner(entity.text)
            if key is None:
                continue
            for token in _entity_words(entity):
                if token.lower_ in HONORIFICS:
                    continue  # the honorifics were found above, wherever the parser went
                item = _word_evidence(doc_id, token, paragraph.start, lexicon)
                if item is not None:
                    found.setdefault(key, []).append(item)
    return found


def _owner_of_words(words: Sequence[str], owner: Callable[[str], str | None]) -> str | None:
    """The speaker the longest leading run of ``words`` names ("Obama Thursday" names Obama)."""
    for n in range(len(words), 0, -1):
        key = owner(" ".join(words[:n]))
        if key is not None:
            return key
    return None


def name_owner(speaker_names: Mapping[str, str], person_names: Iterable[str]) -> Callable[[str], str | None]:
    """A function from a name as written to the one speaker of the document it names.

    Args:
        speaker_names: Display name -> speaker key, for the document's person speakers.
        person_names: Display names of every person the document names (speakers or not).

    Returns:
        ``owner(name)``: the key of the speaker whose display name is ``name``, or whose last
        word is ``name``'s last word when no other person of the document has that last word;
        else ``None``.
    """
    by_key = {name_key(name): key for name, key in speaker_names.items()}
    by_surname: dict[str, set[str]] = {}
    for name in [*speaker_names, *person_names]:
        words = name_key(name).split()
        if words:
            by_surname.setdefault(words[-1], set()).add(name_key(name))

    def owner(name: str) -> str | None:
        key = name_key(name)
        if key in by_key:
            return by_key[key]
        words = key.split()
        if not words:
            return None
        full = by_surname.get(words[-1], set())
        longer = {k for k in full if len(k.split()) > 1}
        people = longer or full
        if len(people) == 1:
            return by_key.get(next(iter(people)))
        return None

    return owner


def document_evidence(
    doc_id: str,
    parsed: ParsedText,
    speakers: Sequence[SpeakerMention],
    candidates: Sequence[Candidate],
    owner: Callable[[str], str | None],
    in_quote: Callable[[int], bool],
    in_speech: Callable[[int], bool],
    lexicon: Lexicon,
) -> dict[str, tuple[GenderEvidence, ...]]:
    """Every piece of gender evidence the document gives for each of its speakers.

    Args:
        doc_id: The document's id.
        parsed: The parsed document.
        speakers: The speaker of each quote, with its key and mention.
        candidates: The document's named people and organisations, in order.
        owner: Maps a name as written to the one speaker key it names (see :func:`name_owner`).
        in_quote: Whether an offset lies inside quoted material.
        in_speech: Whether an offset lies inside quoted material or reported speech.
        lexicon: Word lists.

    Returns:
        Speaker key -> its evidence, without repeats, in document order.
    """
    found: dict[str, set[GenderEvidence]] = {}
    references = References(doc_id, parsed, candidates, owner, in_quote, in_speech, lexicon)
    for speaker in speakers:
        pronoun = references.speaker_evidence(speaker.mention, speaker.antecedent)
        items = ([pronoun] if pronoun is not None else []) + mention_evidence(doc_id, parsed, speaker, lexicon)
        found.setdefault(speaker.key, set()).update(items)
    spoken = frozenset(s.mention.start for s in speakers if s.mention.kind == "pronoun")
    said = {key: {e.gender for e in items} for key, items in found.items()}
    for key, items in references.writer_evidence(skip=spoken).items():
        # the speaker's own words and pronoun speakers outweigh a pronoun found in passing
        kept = [e for e in items if len(said.get(key, ())) != 1 or e.gender in said[key]]
        found.setdefault(key, set()).update(kept)
    for key, items in name_evidence(doc_id, parsed, owner, in_quote, lexicon).items():
        own = {e.gender for e in found.get(key, ())}
        # a name met elsewhere that says the other gender than everything else the text says of
        # the speaker names someone else ("Mr. Obama" in a text that names only Michelle Obama)
        if not (own and {e.gender for e in items} - own):
            found.setdefault(key, set()).update(items)
    return {key: tuple(sorted(items, key=lambda e: (e.start, e.end, e.type))) for key, items in found.items()}
