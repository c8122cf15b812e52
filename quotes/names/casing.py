"""Casing of names in news style: a lowercase name is title-cased, particles ("de", "van") stay
small, dotted abbreviations are upper-cased ("u.S." -> "U.S."); a casing seen elsewhere wins
over a guess (:func:`best_form`).
"""

from __future__ import annotations

from collections.abc import Iterable

from quotes.lexicon.closed import NAME_PARTICLES
from quotes.names.keys import _is_abbreviation, clean_name, name_key


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
    return " ".join(w if i and w.lower() in NAME_PARTICLES else _cap(w) for i, w in enumerate(words))


def titlecase_title(title: str) -> str:
    """Title-case role words written in broken case: "u.S. Secretary of state" -> "U.S. Secretary of State".

    Args:
        title: Role words, separated by single spaces.

    Returns:
        Each word capitalised except small words after the first; abbreviations upper-cased.
    """
    words = title.split(" ")
    return " ".join(w.lower() if i and w.lower() in NAME_PARTICLES else _cap(w) for i, w in enumerate(words))


def _fix_abbreviations(text: str) -> str:
    """Upper-case dotted abbreviations written in broken case ("u.S." -> "U.S.")."""
    return " ".join(_cap(w) if _is_abbreviation(w) and not w.isupper() else w for w in text.split(" "))


def _casing_words(text: str) -> list[str]:
    """The words whose first letter says something about casing: all but particles after the first."""
    words = text.split()
    return [w for i, w in enumerate(words) if w[:1].isalpha() and (i == 0 or w.lower() not in NAME_PARTICLES)]


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
