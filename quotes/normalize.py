"""Speaker names: cleaned, cased, and merged with their fuller variants within a document."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_EDGE_PUNCT = " \t\n,.;:!?\"'“”‘’()[]"
_LEADING = ("the ", "a ", "an ")
_SMALL = frozenset({"of", "and", "the", "de", "del", "la", "van", "von", "der", "da", "di", "du", "le", "bin", "al"})


def clean_name(name: str) -> str:
    """Trim a name as written: whitespace folded, edge punctuation and possessive "'s" removed.

    >>> clean_name("  Pompeo’s ")
    'Pompeo'
    """
    name = _SPACE.sub(" ", name).strip(_EDGE_PUNCT)
    name = _POSSESSIVE.sub("", name).strip(_EDGE_PUNCT)
    return name


def name_key(name: str) -> str:
    """A case-, accent- and whitespace-blind key for comparing names.

    >>> name_key("Juan  Guaidó") == name_key("juan guaido")
    True
    """
    folded = unicodedata.normalize("NFKD", clean_name(name)).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower()
    for article in _LEADING:
        if folded.startswith(article):
            folded = folded[len(article) :]
    return _SPACE.sub(" ", re.sub(r"[^a-z0-9@ ]+", " ", folded)).strip()


def titlecase_name(name: str) -> str:
    """Title-case a name written all in lowercase, leaving particles ("de", "van") small.

    >>> titlecase_name("mike pompeo")
    'Mike Pompeo'
    """
    words = name.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL:
            out.append(word)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def is_miscased(name: str) -> bool:
    """Whether a name's casing cannot be trusted (a lowercase word or an all-caps run)."""
    words = [w for w in name.split() if w[:1].isalpha() and w not in _SMALL]
    return any(w[:1].islower() for w in words) or (len(name) > 4 and name.isupper())


def best_form(variants: Iterable[str]) -> str:
    """The display form among variants of one name: fullest, then properly cased, then most common.

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
    return titlecase_name(best) if is_miscased(best) else best


def resolve_in_document(names: Iterable[str], *, known: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map every name of one document to the fullest name it is a variant of.

    A one-word name ("Pompeo") joins the fullest name in the document whose last word it is,
    and only when exactly one full name qualifies. Casing comes from ``known`` (lowercase key to
    a properly cased form seen elsewhere), else title case for miscased names.

    Args:
        names: Names as written in the document (speaker names and named entities).
        known: Optional key -> cased form seen elsewhere in the run.

    Returns:
        Each cleaned input name -> its display name.
    """
    cleaned = [clean_name(n) for n in names]
    cleaned = [n for n in cleaned if n]
    by_key: dict[str, list[str]] = {}
    for name in cleaned:
        by_key.setdefault(name_key(name), []).append(name)
    full = {k: v for k, v in by_key.items() if len(k.split()) >= 2}
    out: dict[str, str] = {}
    for key, variants in by_key.items():
        target_key = key
        words = key.split()
        if len(words) == 1:
            owners = [k for k in full if k.split()[-1] == words[0] or k.split()[0] == words[0]]
            if len(owners) == 1:
                target_key = owners[0]
        pool = by_key.get(target_key, variants)
        form = best_form(pool)
        if known and target_key in known:
            form = known[target_key]
        for variant in variants:
            out[variant] = form
    return out


def speaker_id(name: str) -> str:
    """A stable id for a display name, the same whatever its case or spacing.

    >>> speaker_id("Mike Pompeo") == speaker_id(" mike  POMPEO ")
    True
    """
    key = name_key(name).replace(" ", "-")
    return key or "unknown"
