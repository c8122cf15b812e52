"""Speaker names: role words split into titles, casing restored, variants merged in a document.

A speaker mention as written ("u.S. Secretary of state mike pompeo", "the leader of the
opposition voluntad popular party, sergio vergara", "a human rights NGO, Foro Penal") becomes
a :class:`NameParts`: the name ("Mike Pompeo"), the role words ("U.S. Secretary of State")
and the name as written, which the cross-document step keeps as an alias.

The rules read four word lists from ``quotes/data`` (see ``data/README.md``): role words and
role phrases (``titles.txt``), heads of organisation names (``org_nouns.txt``), common nouns
that head an unnamed group of speakers (``group_nouns.txt``), words that hedge a name
("so-called", ``hedges.txt``), and other names of the same country or body (``aliases.txt``:
"the U.S.", "US" and "the United States" are one). Everything here works on strings only, so
it is the same for the extractor and for the cross-document step (:mod:`quotes.crossdoc`).

Casing follows news style: a lowercase person or organisation name is title-cased, particles
("de", "van") stay small, dotted abbreviations are upper-cased ("u.S." -> "U.S."); a casing
seen elsewhere in the run wins over a guess (see :func:`best_form`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from .lexicon import read_list

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:['’][sS]|['’])$")
_EDGE_PUNCT = " \t\n,.;:!?\"'“”‘’()[]«»-–—"
_ABBREVIATION = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_DOTTED_END = re.compile(
    r"(?:^|[\s(])(?:[^\W\d_]\.)+[^\W\d_]$"
    r"|\b(?:Jr|Sr|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Lt|Gen|Col|Sgt|Capt|Prof|Rev|St)$",
    re.IGNORECASE,
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_INDEFINITE = frozenset({"a", "an"})
_NOT_NAME_START = frozenset(
    {"who", "whom", "whose", "which", "that", "where", "when", "while", "whereas", "and", "or", "but",
     "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "he", "she", "it", "they",
     "we", "i", "you", "said", "says", "also", "as", "in", "on", "at", "of", "for", "from", "with"}
)  # fmt: skip
_SMALL = frozenset(
    {"of", "and", "the", "for", "on", "in", "to", "at", "a", "an", "de", "del", "della", "des", "la", "le",
     "los", "las", "van", "von", "der", "den", "da", "di", "do", "dos", "du", "bin", "ibn", "al", "y"}
)  # fmt: skip
_PRONOUNS = frozenset(
    {"i", "me", "you", "he", "him", "she", "her", "it", "we", "us", "they", "them", "who", "one"}
)
#: Most words a name apposition ("..., Sergio Vergara") may have.
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class NameLexicon:
    """The word lists name normalisation reads; :func:`default_name_lexicon` loads the shipped ones.

    Attributes:
        titles: Role words and role phrases, lowercase ("secretary", "head of state").
        org_nouns: Heads of organisation names, lowercase ("ministry", "group", "party").
        group_nouns: Heads of unnamed groups of speakers, singular ("expert", "resident").
        hedges: Words that hedge a name and are dropped before it ("so-called").
        aliases: Name key of an alias -> name key of its canonical name ("u s" -> "united states").
    """

    titles: frozenset[str]
    org_nouns: frozenset[str]
    group_nouns: frozenset[str]
    hedges: frozenset[str]
    aliases: Mapping[str, str]

    @cached_property
    def longest_title(self) -> int:
        """Number of words of the longest role phrase."""
        return max((len(t.split()) for t in self.titles), default=1)


@cache
def default_name_lexicon() -> NameLexicon:
    """Return the word lists shipped in ``quotes/data`` (read once, then cached)."""
    aliases: dict[str, str] = {}
    for line in read_list("aliases.txt"):
        alias, _, canonical = line.partition("=")
        aliases[name_key(alias)] = name_key(canonical)
    return NameLexicon(
        titles=read_list("titles.txt"),
        org_nouns=read_list("org_nouns.txt"),
        group_nouns=read_list("group_nouns.txt"),
        hedges=read_list("hedges.txt"),
        aliases=aliases,
    )


@dataclass(frozen=True)
class NameParts:
    """A speaker mention split into its name and its role words.

    Attributes:
        name: The display name: cleaned, without role words or article, cased ("Mike Pompeo").
        title: The role words, cleaned and cased ("U.S. Secretary of State"), or ``None``.
        written: The name part exactly as written, whitespace folded ("mike pompeo").
        kind: ``person``, ``org`` (a named body), ``group`` (an unnamed one: "rights groups")
            or ``handle`` (a Twitter handle such as "@jguaido").
    """

    name: str
    title: str | None
    written: str
    kind: str


# --- small string helpers ------------------------------------------------------------


def clean_name(name: str) -> str:
    """Trim a name as written: whitespace folded, edge punctuation and possessive "'s" removed.

    Args:
        name: A name or mention as written.

    Returns:
        The trimmed name; a leading "@" of a handle is kept.

    >>> clean_name("  Pompeo’s ")
    'Pompeo'
    """
    name = _SPACE.sub(" ", name).strip(_EDGE_PUNCT)
    previous = None
    while name != previous:
        previous = name
        name = _POSSESSIVE.sub("", name).strip(_EDGE_PUNCT)
    if _DOTTED_END.search(name):
        name += "."  # "the U.S." keeps the dot of its abbreviation
    return name


def ascii_fold(text: str) -> str:
    """Lowercase ASCII form of ``text``: accents dropped ("Guaidó" -> "guaido"), curly apostrophes straightened.

    Args:
        text: Any text.

    Returns:
        The folded text (for keys and comparisons only, never for output).
    """
    text = text.replace("’", "'").replace("‘", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def name_key(name: str) -> str:
    """A case-, accent-, punctuation- and whitespace-blind key for comparing names.

    Args:
        name: A name as written or displayed.

    Returns:
        Lowercase ASCII words joined by single spaces, without a leading article.

    >>> name_key("Juan  Guaidó") == name_key("juan guaido")
    True
    """
    folded = ascii_fold(clean_name(name))
    words = _SPACE.sub(" ", re.sub(r"[^a-z0-9@ ]+", " ", folded.replace("'s ", " "))).split()
    while len(words) > 1 and words[0] in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def canonical_key(name: str, *, lexicon: NameLexicon | None = None) -> str:
    """The name key of ``name``, with aliases of a country or body mapped to its canonical name.

    Acronyms of up to three letters ("US", "UN") count as aliases only when written in
    capitals, so the pronoun "us" stays a pronoun.

    Args:
        name: A name as written or displayed.
        lexicon: Word lists; default the shipped ones.

    Returns:
        The canonical key ("united states" for "the U.S.").
    """
    lexicon = lexicon or default_name_lexicon()
    key = name_key(name)
    target = lexicon.aliases.get(key)
    if target is None:
        return key
    if " " not in key and len(key) <= 3 and not clean_name(name).isupper():
        return key
    return target


def _is_abbreviation(word: str) -> bool:
    return bool(_ABBREVIATION.match(_POSSESSIVE.sub("", word)))


def _cap(word: str) -> str:
    """Capitalise one word: "o'brien" -> "O'Brien", "jean-luc" -> "Jean-Luc", "u.s." -> "U.S."."""
    if _is_abbreviation(word):
        return word.upper().replace("’S", "’s").replace("'S", "'s")
    parts = word.split("-")
    out = []
    for part in parts:
        part = part[:1].upper() + part[1:]
        if len(part) > 3 and part[1] in "'’" and part[0] in "OD":
            part = part[:2] + part[2].upper() + part[3:]
        out.append(part)
    return "-".join(out)


def titlecase_name(name: str) -> str:
    """Title-case a name written in lowercase, leaving particles ("de", "van") small.

    Args:
        name: A name, words separated by single spaces.

    Returns:
        The name with each word capitalised, except particles after the first word.

    >>> titlecase_name("mike pompeo")
    'Mike Pompeo'
    """
    words = name.split(" ")
    return " ".join(w if i and w.lower() in _SMALL else _cap(w) for i, w in enumerate(words))


def titlecase_title(title: str) -> str:
    """Title-case role words written in broken case: "u.S. Secretary of state" -> "U.S. Secretary of State".

    Args:
        title: Role words, separated by single spaces.

    Returns:
        Each word capitalised except small words after the first; abbreviations upper-cased.
    """
    words = title.split(" ")
    return " ".join(w.lower() if i and w.lower() in _SMALL else _cap(w) for i, w in enumerate(words))


def _fix_abbreviations(text: str) -> str:
    """Upper-case dotted abbreviations written in broken case ("u.S." -> "U.S.")."""
    return " ".join(_cap(w) if _is_abbreviation(w) and not w.isupper() else w for w in text.split(" "))


def _casing_words(text: str) -> list[str]:
    """The words whose first letter says something about casing: all but particles after the first."""
    words = text.split()
    return [w for i, w in enumerate(words) if w[:1].isalpha() and (i == 0 or w.lower() not in _SMALL)]


def is_miscased(name: str) -> bool:
    """Whether a name's casing cannot be trusted: a lowercase word, a shouted run, "u.S.".

    Args:
        name: A name as written.

    Returns:
        ``True`` when a word other than a particle starts lowercase, the name is all capitals
        and longer than an acronym, or an abbreviation mixes cases.
    """
    words = _casing_words(name)
    if any(w[:1].islower() for w in words):
        return True
    if any(_is_abbreviation(w) and not w.isupper() for w in name.split()):
        return True
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 4 and name.isupper() and " " in name


def looks_miscased(text: str) -> bool:
    """Whether a whole mention is written in broken case, so its casing says nothing.

    Unlike :func:`is_miscased`, a mention that mixes cases on purpose ("Dozens of countries
    including the United States") is trusted; only all-lowercase or all-capital wording, or a
    broken abbreviation ("u.S."), counts.

    Args:
        text: A mention or name as written.

    Returns:
        ``True`` when the casing of ``text`` cannot be trusted.
    """
    words = _casing_words(text)
    if any(_is_abbreviation(w) and not w.isupper() for w in text.split()):
        return True
    if words and all(w[:1].islower() for w in words):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 4 and text.isupper() and " " in text


# --- splitting a mention -------------------------------------------------------------


def _lower_words(words: Sequence[str]) -> list[str]:
    return [_POSSESSIVE.sub("", w).lower().strip(",;:") for w in words]


def _title_end(words: Sequence[str], lexicon: NameLexicon) -> int:
    """Index just past the last role word or phrase in ``words`` that leaves a name after it.

    A role word may carry an "of" complement ("head of state", "leader of the opposition"),
    and a possessive owner ("Trump's") before it belongs to the role. Returns 0 when no role
    word is followed by at least one more word.
    """
    lowered = _lower_words(words)
    end = 0
    i = 0
    while i < len(words):
        span = 0
        for n in range(min(lexicon.longest_title, len(words) - i), 0, -1):
            if " ".join(lowered[i : i + n]) in lexicon.titles:
                span = n
                break
        if not span:
            i += 1
            continue
        j = i + span
        if j < len(words) - 1 and lowered[j] == "of":
            k = j + 1 + (lowered[j + 1] in _DETERMINERS)
            if k < len(words) - 1:
                j = k + 1
        if j < len(words):
            end = j
        i = max(j, i + 1)
    return end


def _is_org(words: Sequence[str], lexicon: NameLexicon) -> bool:
    """Whether ``words`` name an organisation: "Information Ministry", "Ministry of Defence"."""
    lowered = _lower_words(words)
    if not lowered:
        return False
    if lowered[-1] in lexicon.org_nouns:
        return True
    return len(lowered) > 2 and lowered[0] in lexicon.org_nouns and lowered[1] == "of"


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _is_group(words: Sequence[str], lexicon: NameLexicon) -> bool:
    """Whether ``words`` are an unnamed speaker: "rights groups", "officials", "the spokesman"."""
    lowered = _lower_words(words)
    if not lowered:
        return False
    head = lowered[-1]
    nouns = lexicon.group_nouns | lexicon.titles | lexicon.org_nouns
    if head in nouns and (len(lowered) == 1 or head in lexicon.titles or head in lexicon.group_nouns):
        return True
    return head != _singular(head) and _singular(head) in nouns


def _looks_like_name(part: str, lexicon: NameLexicon) -> bool:
    """Whether an apposition ("Sergio Vergara", "Foro Penal") can be a name, whatever its case."""
    words = part.split()
    if not 0 < len(words) <= MAX_NAME_WORDS or any(c.isdigit() for c in part):
        return False
    lowered = _lower_words(words)
    if lowered[0] in _NOT_NAME_START or lowered[0] in _PRONOUNS:
        return False
    return not _is_group(words, lexicon) and _title_end(words, lexicon) == 0 and lowered[0] not in lexicon.titles


def _has_role(part: str, lexicon: NameLexicon) -> bool:
    lowered = _lower_words(part.split())
    if any(w in lexicon.titles or w in lexicon.org_nouns or _singular(w) in lexicon.group_nouns for w in lowered):
        return True
    return any(" ".join(lowered[i : i + 3]) in lexicon.titles or " ".join(lowered[i : i + 2]) in lexicon.titles
               for i in range(len(lowered)))


def _drop_leading(words: list[str], lexicon: NameLexicon) -> list[str]:
    """Drop articles and hedges ("the so-called") in front of a name or role."""
    while len(words) > 1 and words[0].lower() in _DETERMINERS | lexicon.hedges:
        words = words[1:]
    return words


def _split_words(text: str, lexicon: NameLexicon, *, org: bool = False) -> tuple[list[str], list[str]]:
    """Role words and name words of a mention without commas; an ``org`` keeps its words."""
    words = _cut_conjunct(_drop_leading(text.split(), lexicon))
    if org or _is_org(words, lexicon):
        return [], words
    end = _title_end(words, lexicon)
    title, name = words[:end], _drop_leading(words[end:], lexicon)
    if title and name and all(w.lower() in lexicon.titles for w in name):
        return [], words  # "the attorney general", "the chief executive": one role, no name
    if name and name[0].lower() in lexicon.hedges:
        name = name[1:] or name
    return title, _cut_conjunct(name)


_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "its", "their", "our", "my", "your"})


def _cut_conjunct(words: list[str]) -> list[str]:
    """The first conjunct of "Guaido and the opposition-ruled congress" or "Maduro and his aides".

    Only an "and" followed by a determiner or pronoun (or ending the words) separates two
    speakers; "Bill and Melinda Gates Foundation" stays whole.
    """
    lowered = _lower_words(words)
    if "and" not in lowered[1:]:
        return words
    k = lowered.index("and", 1)
    if k == len(words) - 1 or lowered[k + 1] in _DETERMINERS | _POSSESSIVE_DETERMINERS | _PRONOUNS:
        return words[:k]
    return words


def _apposed_name(parts: list[str], name: str) -> str | None:
    """The words before ``name`` in the first comma part that is ``name`` or ends with it
    ("" for the name alone, "Senator" for "Senator Ana Ruiz"), or ``None`` if no part is."""
    lowered = name.lower()
    for part in parts:
        if part.lower() == lowered:
            return ""
        if part.lower().endswith(" " + lowered):
            return part[: -len(name)].strip()
    return None


def split_mention(
    text: str,
    *,
    name: str | None = None,
    kind: str | None = None,
    miscased: bool | None = None,
    lexicon: NameLexicon | None = None,
) -> NameParts:
    """Split a speaker mention into a clean, cased name and its role words.

    The engine's reading of the mention (``name``, ``kind``) is used where it holds, and
    corrected where the text says otherwise: an apposition after a role phrase wins ("a human
    rights NGO, Foro Penal" -> "Foro Penal"), role words left in the name move to the title,
    an age or relative clause after a comma is dropped ("Maduro, 56").

    Args:
        text: The mention as written.
        name: The name part the engine found in the mention, if any.
        kind: The engine's kind of mention (``person``, ``org``, ``group``, ``nominal``).
        miscased: Whether the text is known to be miscased (``True``), known to be well
            cased (``False``), or unknown (``None``: judged from the name itself).
        lexicon: Word lists; default the shipped ones.

    Returns:
        The parts; ``name`` is never empty when ``text`` has a non-blank character.
    """
    lexicon = lexicon or default_name_lexicon()
    folded = _SPACE.sub(" ", text).strip()
    cleaned = clean_name(folded)
    if not cleaned:
        return NameParts(folded, None, folded, "group")
    title_words: list[str] = []
    name_words: list[str]
    parts = [clean_name(p) for p in re.split(r",\s*", cleaned) if clean_name(p)]
    engine = clean_name(name) if name else ""
    if len(parts) > 1 and _has_role(parts[0], lexicon) and _looks_like_name(parts[1], lexicon):
        title_words = _drop_leading(parts[0].split(), lexicon)
        name_words = _drop_leading(parts[1].split(), lexicon)
    elif engine and kind in ("person", "org") and (apposed := _apposed_name(parts[1:], engine)) is not None:
        # "the bakery's owner, Tom Reyes", "an early supporter, Senator Ana Ruiz": the engine's
        # name is the apposition itself, perhaps after a title of its own
        title_words = apposed.split() if apposed else _drop_leading(parts[0].split(), lexicon)
        name_words = engine.split()
    else:
        head = parts[0] if parts else cleaned
        at = head.lower().find(engine.lower()) if engine else -1
        if at >= 0 and kind not in ("group", "nominal"):
            before = [w for w in head[:at].split() if w.lower() not in _DETERMINERS | lexicon.hedges]
            if before and not _has_role(" ".join(before), lexicon) and not any(_POSSESSIVE.search(w) for w in before):
                before = []  # "Even Lindsey Graham", "A defensive Obama": no role words
            title_words, name_words = _split_words(engine, lexicon, org=kind == "org")
            title_words = before + title_words
        else:
            title_words, name_words = _split_words(head, lexicon)
        if not title_words and len(parts) > 1 and parts[1].split()[0].lower() in _DETERMINERS:
            role = _drop_leading(parts[1].split(), lexicon)
            if _title_end(role + ["x"], lexicon) == len(role):  # "Juan Guaido, the opposition leader"
                title_words = role
    if not name_words:
        name_words, title_words = _drop_leading(cleaned.split(), lexicon), []
    written = clean_name(" ".join(name_words)) or cleaned
    title = clean_name(" ".join(title_words)) or None
    indefinite = cleaned.split()[0].lower() in _INDEFINITE and not title_words
    if written.startswith("@"):
        found_kind = "handle"
    elif indefinite:
        found_kind = "group"
    elif kind in ("group", "nominal") or _is_group(written.split(), lexicon):
        found_kind = "org" if kind not in ("group", "nominal") and _is_proper_org(written, lexicon) else "group"
    elif kind == "org" or _is_org(written.split(), lexicon) or _names_a_body(title, lexicon):
        found_kind = "org"
    else:
        found_kind = "person"
    if found_kind == "group" and title is None:
        display = _drop_leading(written.split(), lexicon)
        written = " ".join(display)
    if indefinite and len(cleaned.split()) > len(written.split()):
        written = f"{cleaned.split()[0]} {written}"  # "a source", "an official": not a named speaker
    recase = looks_miscased(written) if miscased is None else miscased
    shown = written
    if found_kind in ("person", "org") and recase and is_miscased(written):
        shown = titlecase_name(written)
    elif found_kind == "group":
        shown = _fix_abbreviations(written)
    if title is not None:
        broken = any(_is_abbreviation(w) and not w.isupper() for w in title.split())
        recase_title = (recase or broken) if miscased is None else miscased
        title = titlecase_title(title) if recase_title and found_kind != "group" else _fix_abbreviations(title)
    return NameParts(name=shown, title=title, written=written, kind=found_kind)


def _names_a_body(title: str | None, lexicon: NameLexicon) -> bool:
    """Whether role words describe a body, not a person: "human rights NGO" before "Foro Penal"."""
    if title is None:
        return False
    words = title.split()
    return _is_org(words, lexicon) and _title_end([*words, "x"], lexicon) == 0


def _is_proper_org(name: str, lexicon: NameLexicon) -> bool:
    """A singular organisation noun with a modifier ("lima group"), not "a group" or "groups"."""
    words = _lower_words(name.split())
    return len(words) > 1 and words[-1] in lexicon.org_nouns and words[0] not in _INDEFINITE


def normalize_name(text: str, *, miscased: bool | None = None, lexicon: NameLexicon | None = None) -> str:
    """The display name of a mention or name string: :func:`split_mention` without the engine's help.

    >>> normalize_name("U.S. Secretary of State Mike Pompeo")
    'Mike Pompeo'
    """
    return split_mention(text, miscased=miscased, lexicon=lexicon).name


# --- choosing and merging variants ---------------------------------------------------


def best_form(variants: Iterable[str], *, recase: bool = True) -> str:
    """The display form among variants of one name: fullest, then properly cased, then most common.

    Args:
        variants: Names as written or displayed; blanks are ignored.
        recase: Title-case the chosen form when no variant is properly cased; pass ``False``
            for names already cased by :func:`split_mention` (a group keeps "rights groups").

    Returns:
        The chosen form; ``""`` for no variants.

    >>> best_form(["mike pompeo", "Pompeo", "Mike Pompeo"])
    'Mike Pompeo'
    """
    counted: dict[str, int] = {}
    for variant in variants:
        cleaned = clean_name(variant)
        if cleaned:
            counted[cleaned] = counted.get(cleaned, 0) + 1
    if not counted:
        return ""
    best = max(counted, key=lambda v: (len(name_key(v).split()), not is_miscased(v), counted[v], v))
    return titlecase_name(best) if recase and is_miscased(best) else best


def match_handle(handle: str, names: Iterable[str]) -> str | None:
    """The one name a Twitter handle stands for: "@jguaido" -> "Juan Guaido".

    A handle matches a name of two or more words when, letters only, it is the name run
    together ("robertomarrero"), the first initial and the surname ("jguaido"), or contains
    the first name and surname ("realdonaldtrump"). Only a single matching name is returned.

    Args:
        handle: The handle, with or without "@".
        names: Candidate names (display or written forms).

    Returns:
        The matching name as given, or ``None`` when none or several match.
    """
    letters = re.sub(r"[^a-z]", "", ascii_fold(handle))
    if len(letters) < 3:
        return None
    found: dict[str, str] = {}
    for candidate in names:
        words = [w for w in re.sub(r"[^a-z ]", "", ascii_fold(candidate)).split() if w]
        if len(words) < 2:
            continue
        first, last = words[0], words[-1]
        forms = {"".join(words), first + last, first[0] + last, last + first}
        if letters in forms or (len(first + last) >= 6 and first + last in letters):
            found.setdefault(name_key(candidate), candidate)
    return next(iter(found.values())) if len(found) == 1 else None


def _owner(key: str, full_keys: Sequence[str]) -> str | None:
    """The one fuller key whose last (else first) word is the one-word ``key``."""
    by_last = [k for k in full_keys if k.split()[-1] == key]
    if len(by_last) == 1:
        return by_last[0]
    if by_last:
        return None
    by_first = [k for k in full_keys if k.split()[0] == key]
    return by_first[0] if len(by_first) == 1 else None


def resolve_in_document(names: Iterable[str], *, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map every name of one document to the fullest name it is a variant of.

    A one-word name ("Pompeo") joins the name in the document whose last word it is, else
    whose first word it is, only when exactly one such fuller name exists; a Twitter handle
    joins the one name it spells (:func:`match_handle`). Casing comes from ``known`` (name
    key to a properly cased form seen elsewhere), else from the best-cased variant.

    Args:
        names: Names of the document (speaker names and named entities), already split and
            cased by :func:`split_mention`.
        known: Optional name key -> cased form seen elsewhere in the run.

    Returns:
        Each cleaned input name -> its display name.
    """
    cleaned = [c for c in (clean_name(n) for n in names) if c]
    by_key: dict[str, list[str]] = {}
    for name in cleaned:
        by_key.setdefault(canonical_key(name), []).append(name)
    full = sorted(k for k in by_key if len(k.split()) >= 2 and not k.startswith("@"))
    out: dict[str, str] = {}
    for key, variants in by_key.items():
        target = key
        if key.startswith("@"):
            match = match_handle(key, full)
            target = match if match is not None else key
        elif len(key.split()) == 1:
            target = _owner(key, full) or key
        form = best_form(by_key.get(target, variants), recase=False)
        if known and target in known:
            form = known[target]
        for variant in variants:
            out[variant] = form
    return out


def speaker_id(name: str, *, lexicon: NameLexicon | None = None) -> str:
    """A stable id for a display name, the same whatever its case, spacing or alias.

    Args:
        name: A display name.
        lexicon: Word lists (for aliases); default the shipped ones.

    Returns:
        The canonical key with hyphens for spaces ("mike-pompeo"), or ``"unknown"``.

    >>> speaker_id("Mike Pompeo") == speaker_id(" mike  POMPEO ")
    True
    """
    key = canonical_key(name, lexicon=lexicon).replace(" ", "-")
    return key or "unknown"
