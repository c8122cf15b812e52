"""Variants of a name within one document: a surname joins the one fuller name it ends, a handle
the name it spells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from quotes.lexicon import Lexicon
from quotes.names.casing import best_form
from quotes.names.keys import ascii_fold, canonical_key, clean_name, name_key


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


def resolve_in_document(
    names: Iterable[str], *, known: Mapping[str, str] | None = None, lexicon: Lexicon | None = None
) -> dict[str, str]:
    """Map every name of one document to the fullest name it is a variant of.

    A one-word name ("Pompeo") joins the name in the document whose last word it is, else
    whose first word it is, only when exactly one such fuller name exists; a Twitter handle
    joins the one name it spells (:func:`match_handle`). Casing comes from ``known`` (name
    key to a properly cased form seen elsewhere), else from the best-cased variant.

    Args:
        names: Names of the document (speaker names and named entities), already split and
            cased by :func:`split_mention`.
        known: Optional name key -> cased form seen elsewhere in the run.
        lexicon: Word lists (for aliases); default the shipped ones.

    Returns:
        Each cleaned input name -> its display name.
    """
    cleaned = [c for c in (clean_name(n) for n in names) if c]
    by_key: dict[str, list[str]] = {}
    for name in cleaned:
        by_key.setdefault(canonical_key(name, lexicon=lexicon), []).append(name)
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
