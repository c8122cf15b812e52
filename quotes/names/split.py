"""A speaker mention split into its name and its role words.

A mention as written ("u.S. Secretary of state mike pompeo", "the leader of the opposition
voluntad popular party, sergio vergara", "a human rights NGO, Foro Penal") becomes a
:class:`NameParts`: the name ("Mike Pompeo"), the role words ("U.S. Secretary of State") and the
name as written, which the cross-document step keeps as an alias. Everything here works on
strings only, so it is the same for the extractor and for the cross-document step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quotes.lexicon import Lexicon, default_lexicon
from quotes.lexicon.closed import (
    DETERMINERS,
    INDEFINITE_ARTICLES,
    NOT_NAME_START,
    PERSONAL_PRONOUNS,
    POSSESSIVE_DETERMINERS,
)
from quotes.names.casing import _fix_abbreviations, is_miscased, looks_miscased, titlecase_name, titlecase_title
from quotes.names.keys import _POSSESSIVE, _SPACE, _is_abbreviation, clean_name

#: Words that are no name, and after "and" start a second speaker: pronouns, "who", "one".
_NOT_NAMES = PERSONAL_PRONOUNS | {"who", "one"}
#: Most words a name apposition ("..., Sergio Vergara") may have.
MAX_NAME_WORDS = 5


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


def _lower_words(words: Sequence[str]) -> list[str]:
    return [_POSSESSIVE.sub("", w).lower().strip(",;:") for w in words]


def _title_end(words: Sequence[str], lexicon: Lexicon) -> int:
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
            k = j + 1 + (lowered[j + 1] in DETERMINERS)
            if k < len(words) - 1:
                j = k + 1
        if j < len(words):
            end = j
        i = max(j, i + 1)
    return end


def _is_org(words: Sequence[str], lexicon: Lexicon) -> bool:
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


def _is_group(words: Sequence[str], lexicon: Lexicon) -> bool:
    """Whether ``words`` are an unnamed speaker: "rights groups", "officials", "the spokesman"."""
    lowered = _lower_words(words)
    if not lowered:
        return False
    head = lowered[-1]
    nouns = lexicon.group_nouns | lexicon.titles | lexicon.org_nouns
    if head in nouns and (len(lowered) == 1 or head in lexicon.titles or head in lexicon.group_nouns):
        return True
    return head != _singular(head) and _singular(head) in nouns


def _looks_like_name(part: str, lexicon: Lexicon) -> bool:
    """Whether an apposition ("Sergio Vergara", "Foro Penal") can be a name, whatever its case."""
    words = part.split()
    if not 0 < len(words) <= MAX_NAME_WORDS or any(c.isdigit() for c in part):
        return False
    lowered = _lower_words(words)
    if lowered[0] in NOT_NAME_START or lowered[0] in _NOT_NAMES:
        return False
    return not _is_group(words, lexicon) and _title_end(words, lexicon) == 0 and lowered[0] not in lexicon.titles


def _has_role(part: str, lexicon: Lexicon) -> bool:
    lowered = _lower_words(part.split())
    if any(w in lexicon.titles or w in lexicon.org_nouns or _singular(w) in lexicon.group_nouns for w in lowered):
        return True
    return any(" ".join(lowered[i : i + 3]) in lexicon.titles or " ".join(lowered[i : i + 2]) in lexicon.titles
               for i in range(len(lowered)))


def _drop_leading(words: list[str], lexicon: Lexicon) -> list[str]:
    """Drop articles and hedges ("the so-called") in front of a name or role."""
    while len(words) > 1 and words[0].lower() in DETERMINERS | lexicon.hedges:
        words = words[1:]
    return words


def _split_words(text: str, lexicon: Lexicon, *, org: bool = False) -> tuple[list[str], list[str]]:
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




def _cut_conjunct(words: list[str]) -> list[str]:
    """The first conjunct of "Guaido and the opposition-ruled congress" or "Maduro and his aides".

    Only an "and" followed by a determiner or pronoun (or ending the words) separates two
    speakers; "Bill and Melinda Gates Foundation" stays whole.
    """
    lowered = _lower_words(words)
    if "and" not in lowered[1:]:
        return words
    k = lowered.index("and", 1)
    if k == len(words) - 1 or lowered[k + 1] in DETERMINERS | POSSESSIVE_DETERMINERS | _NOT_NAMES:
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
    lexicon: Lexicon | None = None,
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
    lexicon = lexicon or default_lexicon()
    folded = _SPACE.sub(" ", text).strip()
    cleaned = clean_name(folded)
    if not cleaned:
        return NameParts(folded, None, folded, "group")
    parts = [clean_name(p) for p in re.split(r",\s*", cleaned) if clean_name(p)]
    title_words, name_words = _title_and_name(cleaned, parts, clean_name(name) if name else "", kind, lexicon)
    if not name_words:
        name_words, title_words = _drop_leading(cleaned.split(), lexicon), []
    written = clean_name(" ".join(name_words)) or cleaned
    title = clean_name(" ".join(title_words)) or None
    indefinite = cleaned.split()[0].lower() in INDEFINITE_ARTICLES and not title_words
    found_kind = _kind(written, title, kind, indefinite=indefinite, lexicon=lexicon)
    if found_kind == "group" and title is None:
        written = " ".join(_drop_leading(written.split(), lexicon))
    if indefinite and len(cleaned.split()) > len(written.split()):
        written = f"{cleaned.split()[0]} {written}"  # "a source", "an official": not a named speaker
    shown, title = _cased(written, title, found_kind, miscased)
    return NameParts(name=shown, title=title, written=written, kind=found_kind)


def _title_and_name(
    cleaned: str, parts: list[str], engine: str, kind: str | None, lexicon: Lexicon
) -> tuple[list[str], list[str]]:
    """The role words and name words of a mention, its comma parts and the engine's name given."""
    if len(parts) > 1 and _has_role(parts[0], lexicon) and _looks_like_name(parts[1], lexicon):
        return _drop_leading(parts[0].split(), lexicon), _cut_conjunct(_drop_leading(parts[1].split(), lexicon))
    if engine and kind in ("person", "org") and (apposed := _apposed_name(parts[1:], engine)) is not None:
        # "the bakery's owner, Tom Reyes", "an early supporter, Senator Ana Ruiz": the engine's
        # name is the apposition itself, perhaps after a title of its own
        return (apposed.split() if apposed else _drop_leading(parts[0].split(), lexicon)), engine.split()
    head = parts[0] if parts else cleaned
    at = head.lower().find(engine.lower()) if engine else -1
    if at >= 0 and kind not in ("group", "nominal"):
        before = [w for w in head[:at].split() if w.lower() not in DETERMINERS | lexicon.hedges]
        if before and not _has_role(" ".join(before), lexicon) and not any(_POSSESSIVE.search(w) for w in before):
            before = []  # "Even Lindsey Graham", "A defensive Obama": no role words
        title_words, name_words = _split_words(engine, lexicon, org=kind == "org")
        title_words = before + title_words
    else:
        title_words, name_words = _split_words(head, lexicon)
    if not title_words and len(parts) > 1 and parts[1].split()[0].lower() in DETERMINERS:
        role = _drop_leading(parts[1].split(), lexicon)
        if _title_end(role + ["x"], lexicon) == len(role):  # "Juan Guaido, the opposition leader"
            title_words = role
    return title_words, name_words


def _kind(written: str, title: str | None, kind: str | None, *, indefinite: bool, lexicon: Lexicon) -> str:
    """The kind of a split mention: ``handle``, ``group``, ``org`` or ``person``."""
    if written.startswith("@"):
        return "handle"
    if indefinite:
        return "group"
    if kind in ("group", "nominal") or _is_group(written.split(), lexicon):
        return "org" if kind not in ("group", "nominal") and _is_proper_org(written, lexicon) else "group"
    if kind == "org" or _is_org(written.split(), lexicon) or _names_a_body(title, lexicon):
        return "org"
    return "person"


def _cased(written: str, title: str | None, kind: str, miscased: bool | None) -> tuple[str, str | None]:
    """The name and title as shown: recased where the text's casing cannot be trusted."""
    recase = looks_miscased(written) if miscased is None else miscased
    shown = written
    if kind in ("person", "org") and recase and is_miscased(written):
        shown = titlecase_name(written)
    elif kind == "group":
        shown = _fix_abbreviations(written)
    if title is not None:
        broken = any(_is_abbreviation(w) and not w.isupper() for w in title.split())
        recase_title = (recase or broken) if miscased is None else miscased
        title = titlecase_title(title) if recase_title and kind != "group" else _fix_abbreviations(title)
    return shown, title


def _names_a_body(title: str | None, lexicon: Lexicon) -> bool:
    """Whether role words describe a body, not a person: "human rights NGO" before "Foro Penal"."""
    if title is None:
        return False
    words = title.split()
    return _is_org(words, lexicon) and _title_end([*words, "x"], lexicon) == 0


def _is_proper_org(name: str, lexicon: Lexicon) -> bool:
    """A singular organisation noun with a modifier ("lima group"), not "a group" or "groups"."""
    words = _lower_words(name.split())
    return len(words) > 1 and words[-1] in lexicon.org_nouns and words[0] not in INDEFINITE_ARTICLES


def normalize_name(text: str, *, miscased: bool | None = None, lexicon: Lexicon | None = None) -> str:
    """The display name of a mention or name string: :func:`split_mention` without the engine's help.

    >>> normalize_name("U.S. Secretary of State Mike Pompeo")
    'Mike Pompeo'
    """
    return split_mention(text, miscased=miscased, lexicon=lexicon).name
