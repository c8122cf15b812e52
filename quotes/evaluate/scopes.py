"""Which gold and predicted quotes each scope of the evaluation counts.

Three scopes, as the reference scorer of the gold sets defines them:

* ``quoted``: quoted material, gold ``direct``, ``partial`` and ``mixed`` (a reported clause
  holding quoted words) against predicted ``direct`` and ``partial``;
* ``speech``: quoted material plus the ``indirect`` quotes whose cue is a verb of saying or
  writing (:data:`SPEECH_LEMMAS`, in any inflection), on both sides. This is what a
  newsroom counts as a quote; it leaves out PolNeAR's beliefs, findings and appearances
  ("polls show", "seems", "wants");
* ``all``: every type.

A cue counts as speech when any word of its text or lemma is a written form of one of the
lemmas, so "according to" and "told reporters" count, and a lemma the tagger got wrong is
made up for by the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quotes.types import Cue

SCOPES: tuple[str, ...] = ("quoted", "speech", "all")
"""Scopes every report is given in."""

QUOTED_TYPES: frozenset[str] = frozenset({"direct", "partial", "mixed"})
"""Types of quoted material, gold or predicted."""

SPEECH_LEMMAS: tuple[str, ...] = tuple(
    """say tell add note argue claim announce ask state explain insist tweet report warn suggest
    acknowledge admit declare predict reply respond urge write according call deny
    complain contend assert concede confirm allege charge counter recall remark reiterate
    stress testify vow promise pledge boast describe post blast criticize accuse praise
    question maintain caution emphasize observe point quip joke mention tout""".split()
)
"""Verbs of saying and writing (and "according" of "according to"), as the reference scorer lists them."""

_IRREGULAR: dict[str, tuple[str, ...]] = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written")}


def written_forms(lemma: str) -> frozenset[str]:
    """Return the forms of a verb a cue may be written in: the lemma, -s, -ed, -ing, -d, -ies, -ied, -es.

    The forms are generated the way the reference scorer generates them (so a few never
    occur, "tweeted" and "tweetd" alike); irregular pasts come from a short table.

    Args:
        lemma: A verb lemma, lowercase.

    Returns:
        Every form, the lemma included.
    """
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("sh", "ch", "s")):
        forms.add(lemma + "es")
    return frozenset(forms | set(_IRREGULAR.get(lemma, ())))


SPEECH_WORDS: frozenset[str] = frozenset().union(*(written_forms(lemma) for lemma in SPEECH_LEMMAS))
"""Every written form of :data:`SPEECH_LEMMAS`."""


def words(text: str | None) -> list[str]:
    """Return the casefolded words of a name or cue: runs of letters, digits, ``_`` and ``@``.

    Args:
        text: A name or cue, or ``None``.

    Returns:
        The words in order; an apostrophe, curly or straight, splits them ("Pompeo’s" gives
        ``pompeo``, ``s``).
    """
    return re.findall(r"[\w@]+", (text or "").casefold().replace("’", "'"))


def cue_words(cue: Cue | str | None) -> list[str]:
    """Return the words of a cue.

    Args:
        cue: A predicted cue, a gold cue string, or ``None``.

    Returns:
        The words of a predicted cue's text and lemma, or of the gold string.
    """
    if isinstance(cue, Cue):
        return words(cue.text) + words(cue.lemma)
    return words(cue)


def in_scope(qtype: str, cue: Cue | str | None, scope: str) -> bool:
    """Decide whether a quote of type ``qtype`` reported through ``cue`` counts in ``scope``.

    Args:
        qtype: ``direct``, ``partial``, ``mixed`` or ``indirect``.
        cue: The quote's cue (a predicted :class:`~quotes.types.Cue` or a gold cue string), or ``None``.
        scope: One of :data:`SCOPES`.

    Returns:
        Whether the quote is counted.

    Raises:
        ValueError: ``scope`` is not one of :data:`SCOPES`.
    """
    if scope == "all":
        return True
    if scope == "quoted":
        return qtype in QUOTED_TYPES
    if scope == "speech":
        return qtype in QUOTED_TYPES or (qtype == "indirect" and is_speech(cue_words(cue)))
    raise ValueError(f"scope must be one of {', '.join(SCOPES)}, got {scope!r}")


def is_speech(cue: Iterable[str]) -> bool:
    """Return whether a cue reports speech.

    Args:
        cue: The words of a cue (:func:`cue_words`).

    Returns:
        Whether any of them is a form of a verb of saying or writing (:data:`SPEECH_WORDS`).
    """
    return any(word in SPEECH_WORDS for word in cue)
