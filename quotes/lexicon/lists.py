"""The open word lists every stage reads, from ``quotes/data/*.txt``, as one :class:`Lexicon`.

Each file holds one lowercase entry a line, sorted, with ``#`` comments at the top saying what
the list is for and where its entries come from (``data/README.md`` has the table). A few
files are tables, one ``key: values`` entry a line. :func:`default_lexicon` reads them all;
:class:`Lexicon` is a frozen value, so a changed lexicon is a new one
(``dataclasses.replace(lexicon, cue_verbs=...)``) passed to :class:`quotes.Extractor`, which
hands it to every stage: attribution, the parse plan, name normalisation and the
cross-document merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import cache, cached_property
from importlib import resources
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that pickles (a lexicon travels to worker processes)."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def _text(name: str) -> str:
    return resources.files("quotes").joinpath("data", name).read_text(encoding="utf-8")


def _entries(name: str) -> list[str]:
    return [line.strip() for line in _text(name).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_list(name: str) -> frozenset[str]:
    """Read one data file into a frozenset of its entries.

    Args:
        name: File name inside ``quotes/data``, e.g. ``"cue_verbs.txt"``.

    Returns:
        The non-comment, non-blank lines, stripped and lowercased.
    """
    return frozenset(line.lower() for line in _entries(name))


def read_table(name: str) -> Mapping[str, tuple[str, ...]]:
    """Read a data file of ``key: value value ...`` lines into a read-only mapping.

    Args:
        name: File name inside ``quotes/data``, e.g. ``"topic_preps.txt"``.

    Returns:
        Each key (lowercased) with the words after its colon, in order.

    Raises:
        ValueError: A line has no colon.
    """
    table: dict[str, tuple[str, ...]] = {}
    for line in _entries(name):
        key, colon, values = line.partition(":")
        if not colon:
            raise ValueError(f"quotes/data/{name}: {line!r} is not 'key: values'")
        table[key.strip().lower()] = tuple(values.split())
    return FrozenMap(table)


@dataclass(frozen=True)
class PhrasalCue:
    """A cue made of a common verb and a particle: the verb's written forms, the particle,
    and the dependency labels the parser gives the particle."""

    forms: frozenset[str]
    particle: str
    deps: frozenset[str]


def _phrasal_cues(table: Mapping[str, tuple[str, ...]]) -> Mapping[str, PhrasalCue]:
    """Phrasal cues from their table: ``lemma: forms | particle | labels``."""
    cues = {}
    for lemma, words in table.items():
        forms, particle, deps = " ".join(words).split("|")
        cues[lemma] = PhrasalCue(frozenset(forms.split()), particle.strip(), frozenset(deps.split()))
    return FrozenMap(cues)


def _aliases(name: str) -> Mapping[str, str]:
    """Alias name -> canonical name from ``alias = canonical`` lines, both as written (lowercase)."""
    out = {}
    for line in _entries(name):
        alias, _, canonical = line.partition("=")
        out[alias.strip().lower()] = canonical.strip().lower()
    return FrozenMap(out)


def _file(name: str, *, kind: str = "list") -> Any:
    """A lexicon field read from ``quotes/data/<name>`` (``kind``: list, table, phrasal or aliases)."""
    return field(metadata={"file": name, "kind": kind})


@dataclass(frozen=True)
class Lexicon:
    """The open word lists the rules read: one value that reaches every stage.

    Build it with :func:`default_lexicon` (the shipped lists) and change it with
    :func:`dataclasses.replace`. Every field is read from the data file its metadata names.

    Attributes:
        cue_verbs: Lemmas of reporting verbs ("say", "tweet", "warn").
        cue_nouns: Lemmas of nouns that report speech ("statement", "tweet").
        belief_verbs: Lemmas of verbs of belief or intention ("think", "hope").
        evidence_verbs: Lemmas by which a document or inquiry reports a finding ("show", "find").
        infinitive_cues: Lemmas whose to-infinitive is the report ("vow to", "decline to").
        object_cues: Lemmas whose object noun phrase is the report ("announce a plan").
        naming_verbs: Verbs whose object with its predicate is the report ("called it a disaster").
        viewing_verbs: Naming verbs that report a belief ("sees it as a threat").
        noun_naming_verbs: Naming verbs whose second object is a noun phrase ("called the plan a disaster").
        desire_verbs: Verbs whose object is what the subject wants ("wants a wall").
        topic_preps: Verbs of speech -> prepositions whose object is the topic ("talked about").
        judging_preps: Verbs of judgment -> prepositions of the charge or merit ("accused X of").
        stance_verbs: Verbs of a stance whose object is what it is about ("endorsed Cruz", "opposed the bill").
        stance_preps: Verbs of a stance -> prepositions of what it is about ("voted for Trump").
        aspectual_verbs: Cue verbs whose gerund tells when, not what ("began laughing").
        phrasal_cues: Lemma -> cue of a common verb and its particle ("went on", "shot back").
        floor_verbs: Verbs of a short sentence that hands the floor to the next quote ("agreed").
        question_cues: Cues of a question, after which the answer is someone else's ("asked").
        addressee_verbs: Reporting verbs whose object is the person addressed ("told reporters"), never a speaker.
        prompting_verbs: Verbs whose object or passive subject does what follows ("prompted X to").
        issuing_verbs: Verbs whose subject authors the document they take ("issued a statement").
        inference_verbs: Verbs of what a fact signals, the writer's inference ("signaling that").
        record_nouns: Records and studies whose finding is their object ("polls show ...").
        view_nouns: Nouns of a view someone holds ("in her view").
        poll_nouns: Nouns of polls a clause's finding comes from ("leads in the latest poll").
        read_texts: Texts that "read" something ("the placard read").
        source_nouns: Common nouns that can be a source of speech ("official", "campaign").
        work_nouns: Nouns that name a work just before its title ("in her memoir, “...”").
        title_lead_words: Words before a title-case quote that make it a work's title ("on", "told").
        opinion_verbs: Verbs of an opinion of a work, before which a title-case quote is a title ("thinks").
        name_leads: Words before a short quote that make it a name ("known as", "nicknamed").
        label_verbs: Verbs after which a short quote is a button's or option's label ("clicked").
        finding_labels: Headline labels that name a record ("Poll:", "Report:").
        non_speaker_labels: Paragraph and headline labels that name no speaker ("update", "wow").
        titles: Role words that precede or surround names ("secretary", "leader").
        org_nouns: Heads of organisation names ("ministry", "party").
        group_nouns: Heads of unnamed groups of speakers, singular ("expert", "resident").
        hedges: Words that hedge a name and are dropped before it ("so-called").
        aliases: Name of a country or body -> its canonical name ("us" -> "united states"), lowercase.
        gendered_words: Honorifics and role words -> the gender they say (``f`` or ``m``).
        speaker_nouns: Heads of unnamed speakers -> the kind of speaker they make ("source": anonymous).
        abbreviations: Abbreviations after whose period a sentence goes on ("sen", "calif").
        male_names: First names taken as male when resolving a pronoun to its antecedent.
        female_names: First names taken as female when resolving a pronoun to its antecedent.
    """

    cue_verbs: frozenset[str] = _file("cue_verbs.txt")
    cue_nouns: frozenset[str] = _file("cue_nouns.txt")
    belief_verbs: frozenset[str] = _file("belief_verbs.txt")
    evidence_verbs: frozenset[str] = _file("evidence_verbs.txt")
    infinitive_cues: frozenset[str] = _file("infinitive_cues.txt")
    object_cues: frozenset[str] = _file("object_cues.txt")
    naming_verbs: frozenset[str] = _file("naming_verbs.txt")
    viewing_verbs: frozenset[str] = _file("viewing_verbs.txt")
    noun_naming_verbs: frozenset[str] = _file("noun_naming_verbs.txt")
    desire_verbs: frozenset[str] = _file("desire_verbs.txt")
    topic_preps: Mapping[str, tuple[str, ...]] = _file("topic_preps.txt", kind="table")
    judging_preps: Mapping[str, tuple[str, ...]] = _file("judging_preps.txt", kind="table")
    stance_verbs: frozenset[str] = _file("stance_verbs.txt")
    stance_preps: Mapping[str, tuple[str, ...]] = _file("stance_preps.txt", kind="table")
    aspectual_verbs: frozenset[str] = _file("aspectual_verbs.txt")
    phrasal_cues: Mapping[str, PhrasalCue] = _file("phrasal_cues.txt", kind="phrasal")
    floor_verbs: frozenset[str] = _file("floor_verbs.txt")
    question_cues: frozenset[str] = _file("question_cues.txt")
    addressee_verbs: frozenset[str] = _file("addressee_verbs.txt")
    prompting_verbs: frozenset[str] = _file("prompting_verbs.txt")
    issuing_verbs: frozenset[str] = _file("issuing_verbs.txt")
    inference_verbs: frozenset[str] = _file("inference_verbs.txt")
    record_nouns: frozenset[str] = _file("record_nouns.txt")
    view_nouns: frozenset[str] = _file("view_nouns.txt")
    poll_nouns: frozenset[str] = _file("poll_nouns.txt")
    read_texts: frozenset[str] = _file("read_texts.txt")
    source_nouns: frozenset[str] = _file("source_nouns.txt")
    work_nouns: frozenset[str] = _file("work_nouns.txt")
    title_lead_words: frozenset[str] = _file("title_lead_words.txt")
    opinion_verbs: frozenset[str] = _file("opinion_verbs.txt")
    name_leads: frozenset[str] = _file("name_leads.txt")
    label_verbs: frozenset[str] = _file("label_verbs.txt")
    finding_labels: frozenset[str] = _file("finding_labels.txt")
    non_speaker_labels: frozenset[str] = _file("non_speaker_labels.txt")
    titles: frozenset[str] = _file("titles.txt")
    org_nouns: frozenset[str] = _file("org_nouns.txt")
    group_nouns: frozenset[str] = _file("group_nouns.txt")
    hedges: frozenset[str] = _file("hedges.txt")
    aliases: Mapping[str, str] = _file("aliases.txt", kind="aliases")
    gendered_words: Mapping[str, tuple[str, ...]] = _file("gendered_words.txt", kind="table")
    speaker_nouns: Mapping[str, tuple[str, ...]] = _file("speaker_nouns.txt", kind="table")
    abbreviations: frozenset[str] = _file("abbreviations.txt")
    male_names: frozenset[str] = _file("male_names.txt")
    female_names: frozenset[str] = _file("female_names.txt")

    @cached_property
    def verbs(self) -> frozenset[str]:
        """Every verb lemma of the cue lists: reporting, belief, finding, infinitive and object cues."""
        return self.cue_verbs | self.belief_verbs | self.evidence_verbs | self.infinitive_cues | self.object_cues

    @cached_property
    def report_verbs(self) -> frozenset[str]:
        """Verb lemmas whose clausal complement is a report: reporting, belief and finding verbs."""
        return self.cue_verbs | self.belief_verbs | self.evidence_verbs

    @cached_property
    def read_verbs(self) -> frozenset[str]:
        """Every verb lemma the rules read: the cue lists, naming, topic and judging verbs.
        A sentence without a form of one of them needs no parse for indirect speech."""
        return (
            self.verbs | self.naming_verbs | self.stance_verbs | frozenset(self.topic_preps)
            | frozenset(self.judging_preps) | frozenset(self.stance_preps)
        )

    @cached_property
    def read_nouns(self) -> frozenset[str]:
        """Word forms of the nouns the rules read besides the reporting nouns: views ("in his
        view") and polls ("leads in the latest poll")."""
        return self.view_nouns | self.poll_nouns | {noun + "s" for noun in self.poll_nouns}

    @cached_property
    def longest_title(self) -> int:
        """Number of words of the longest role phrase."""
        return max((len(t.split()) for t in self.titles), default=1)

    @cached_property
    def alias_keys(self) -> Mapping[str, str]:
        """:attr:`aliases` with both sides as name keys (case, accents and punctuation folded)."""
        from quotes.names.keys import name_key

        return FrozenMap({name_key(alias): name_key(canonical) for alias, canonical in self.aliases.items()})

    def word_gender(self, word: str) -> str | None:
        """Gender a role word or honorific says: "Mrs." -> ``f``, "congressman" -> ``m``, else ``None``."""
        genders = self.gendered_words.get(word)
        return genders[0] if genders else None

    def name_gender(self, name: str) -> str | None:
        """``m`` or ``f`` from the first word of a person's name, else ``None`` (for pronoun
        resolution only; never a speaker's reported gender)."""
        first = name.split()[0].lower() if name.split() else ""
        if first in self.male_names:
            return "m"
        if first in self.female_names:
            return "f"
        return None

    def honorific_clash(self, titles: Iterable[str], name: str) -> bool:
        """Whether the honorifics ``titles`` open with ("Mr.", "Mrs.") all say one gender and
        the first name of ``name`` says the other ("Mr." against "Hillary Clinton")."""
        implied = {self.word_gender(t.split()[0].lower()) for t in titles if t.split()} - {None}
        known = self.name_gender(name)
        return len(implied) == 1 and known is not None and known not in implied


_READERS = {"list": read_list, "table": read_table, "aliases": _aliases,
            "phrasal": lambda name: _phrasal_cues(read_table(name))}


@cache
def default_lexicon() -> Lexicon:
    """Return the lexicon shipped in ``quotes/data`` (read once, then shared: it is immutable)."""
    values = {f.name: _READERS[f.metadata["kind"]](f.metadata["file"]) for f in fields(Lexicon)}
    return Lexicon(**values)
