"""Cues: the words that report speech ("said", "according to", "a statement", "went on")."""

from __future__ import annotations

from spacy.tokens import Token

from quotes.attribute.tokens import right_after_quote
from quotes.lexicon import Lexicon
from quotes.parse.paragraphs import Paragraph
from quotes.types import Cue


def cue_lemma(token: Token, lexicon: Lexicon) -> str:
    """The lemma of ``token``, with the tagger's dropped "e" put back for a verb of the
    lexicon: the small English model gives "hopes", "hoped" and "hoping" the lemma "hop"."""
    lemma = token.lemma_.lower()
    word = token.lower_
    if token.pos_ in ("VERB", "AUX", "NOUN") and (word.startswith(lemma + "e") or word == lemma + "ing"):
        fixed = lemma + "e"
        if fixed in lexicon.verbs:
            return fixed
    return lemma


def read_source(cue: Token) -> Token | None:
    """The text that speaks through ``cue`` if it is "read" ("a statement read", "“...,” read the email")."""
    if cue.lemma_.lower() != "read":
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        return subject
    if cue.pos_ == "NOUN":  # "the editorial read.", parsed as a noun phrase
        modifier = next((c for c in cue.children if c.dep_ in ("amod", "compound") and c.i < cue.i), None)
        if modifier is not None:
            return modifier
    if right_after_quote(cue):
        return next((c for c in cue.children if c.dep_ == "dobj"), None)
    return None


def _reads(text: Token, lexicon: Lexicon) -> bool:
    """Whether a noun names a text that can "read" something ("the letter", "a statement", "it")."""
    lemma = text.lemma_.lower()
    return lemma in lexicon.read_texts or lemma in lexicon.cue_nouns or lemma in lexicon.record_nouns or text.lower_ in ("it", "which")


def is_cue(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` can report speech: a reporting verb, "according (to)" or a reporting noun."""
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"
    lemma = cue_lemma(token, lexicon)
    if (phrasal := lexicon.phrasal_cues.get(lemma)) is not None:  # "Trump went on", "shot back", "as X put it"
        return any(c.dep_ in phrasal.deps and c.lower_ == phrasal.particle for c in token.children)
    if token.lower_ == "words":  # "in the words of a senior adviser"
        return (
            token.dep_ == "pobj" and token.head.lower_ == "in"
            and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
        )
    if lemma == "read":  # "a joint statement read" (tagged a noun as often as a verb), "“...,” read the email"
        text = read_source(token)
        return text is not None and _reads(text, lexicon)
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        return lemma in lexicon.cue_verbs
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in lexicon.cue_nouns and token.dep_ in ("nsubj", "pobj", "dobj", "appos")
    return False


def mistagged_cue(token: Token, lexicon: Lexicon) -> bool:
    """A reporting verb the tagger took for a noun ("the two write.", "Bozell answers.")."""
    word = token.lower_
    follows = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (word in lexicon.cue_verbs or (word.endswith("s") and word[:-1] in lexicon.cue_verbs)) and (
        follows is None or follows.is_punct or follows.pos_ == "ADP"
    )


def make_cue(paragraph: Paragraph, token: Token, lexicon: Lexicon) -> Cue:
    """The :class:`Cue` of a cue token ("according to" keeps both words)."""
    end_token = token.doc[token.i + 1] if token.lower_ == "according" else token
    start, end = paragraph.char_start(token), paragraph.char_end(end_token)
    lemma = "according to" if token.lower_ == "according" else cue_lemma(token, lexicon)
    text = paragraph.text[token.idx : end_token.idx + len(end_token.text)]
    return Cue(text=text, lemma=lemma, start=start, end=end)
