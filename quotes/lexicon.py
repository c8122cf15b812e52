"""Word lists the rules read, loaded from ``quotes/data/*.txt``.

Each file holds one lowercase entry a line, sorted, with ``#`` comments; ``data/README.md``
says where each list comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

#: Personal pronouns that can stand for a speaker, with their grammatical gender.
PRONOUN_GENDER: dict[str, str] = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "p", "them": "p", "their": "p", "we": "p", "it": "n", "its": "n",
    "i": "x", "me": "x", "you": "x", "us": "p",
}


def read_list(name: str) -> frozenset[str]:
    """Read one data file into a frozenset of its entries.

    Args:
        name: File name inside ``quotes/data``, e.g. ``"cue_verbs.txt"``.

    Returns:
        The non-comment, non-blank lines, stripped and lowercased.
    """
    text = resources.files("quotes").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@dataclass(frozen=True)
class Lexicon:
    """The word lists attribution uses; build one with :func:`default_lexicon` or by hand.

    Attributes:
        cue_verbs: Lemmas of reporting verbs ("say", "tweet", "warn").
        cue_nouns: Lemmas of nouns that report speech ("statement", "tweet").
        belief_verbs: Lemmas of verbs of belief or intention, for indirect attribution only.
        evidence_verbs: Lemmas by which a document or inquiry reports a finding ("show", "find").
        infinitive_cues: Lemmas whose to-infinitive is the report ("vow to", "decline to").
        object_cues: Lemmas whose object noun phrase is the report ("announce a plan").
        record_nouns: Records and studies whose finding is their object ("polls show ...").
        titles: Role words that precede names ("secretary", "leader").
        source_nouns: Common nouns that can be a source of speech ("official", "campaign").
        non_speaker_labels: All-caps paragraph labels that name no speaker ("update").
        male_names: First names taken as male when guessing a speaker's gender.
        female_names: First names taken as female when guessing a speaker's gender.
    """

    cue_verbs: frozenset[str]
    cue_nouns: frozenset[str]
    belief_verbs: frozenset[str]
    titles: frozenset[str]
    source_nouns: frozenset[str] = frozenset()
    evidence_verbs: frozenset[str] = frozenset()
    infinitive_cues: frozenset[str] = frozenset()
    object_cues: frozenset[str] = frozenset()
    record_nouns: frozenset[str] = frozenset()
    non_speaker_labels: frozenset[str] = frozenset()
    male_names: frozenset[str] = frozenset()
    female_names: frozenset[str] = frozenset()

    @cached_property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma of the lists: reporting, belief, finding, infinitive and object cues."""
        return self.cue_verbs | self.belief_verbs | self.evidence_verbs | self.infinitive_cues | self.object_cues

    def honorific_clash(self, titles: Iterable[str], name: str) -> bool:
        """Whether the honorifics ``titles`` open with ("Mr.", "Mrs.") all say one gender and
        the first name of ``name`` says the other ("Mr." against "Hillary Clinton")."""
        implied = {title_gender(t.split()[0].lower()) for t in titles if t.split()} - {None}
        known = self.name_gender(name)
        return len(implied) == 1 and known is not None and known not in implied

    def name_gender(self, name: str) -> str | None:
        """``m`` or ``f`` from the first word of a person's name, else ``None``."""
        first = name.split()[0].lower() if name.split() else ""
        if first in self.male_names:
            return "m"
        if first in self.female_names:
            return "f"
        return None


_FEMALE_TITLES = frozenset({"mrs.", "ms.", "mrs", "ms", "miss", "madam", "congresswoman", "chairwoman",
                            "spokeswoman", "councilwoman", "businesswoman", "first lady", "queen", "sister"})
_MALE_TITLES = frozenset({"mr.", "mr", "congressman", "chairman", "spokesman", "councilman",
                          "businessman", "king", "sir", "brother"})


def title_gender(word: str) -> str | None:
    """Gender a role word implies: "Mrs." -> ``f``, "congressman" -> ``m``, else ``None``."""
    if word in _FEMALE_TITLES:
        return "f"
    if word in _MALE_TITLES:
        return "m"
    return None


@cache
def default_lexicon() -> Lexicon:
    """Return the lexicon shipped in ``quotes/data`` (read once, then cached)."""
    return Lexicon(
        cue_verbs=read_list("cue_verbs.txt"),
        cue_nouns=read_list("cue_nouns.txt"),
        belief_verbs=read_list("belief_verbs.txt"),
        titles=read_list("titles.txt"),
        source_nouns=read_list("source_nouns.txt"),
        evidence_verbs=read_list("evidence_verbs.txt"),
        infinitive_cues=read_list("infinitive_cues.txt"),
        object_cues=read_list("object_cues.txt"),
        record_nouns=read_list("record_nouns.txt"),
        non_speaker_labels=read_list("non_speaker_labels.txt"),
        male_names=read_list("male_names.txt"),
        female_names=read_list("female_names.txt"),
    )
