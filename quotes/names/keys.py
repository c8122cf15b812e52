"""Name keys: the case-, accent- and alias-blind forms under which variants of one name meet."""

from __future__ import annotations

import re
import unicodedata

from quotes.lexicon import Lexicon, default_lexicon
from quotes.lexicon.closed import DETERMINERS

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:['’][sS]|['’])$")
_EDGE_PUNCT = " \t\n,.;:!?\"'“”‘’()[]«»-–—"
_ABBREVIATION = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_DOTTED_END = re.compile(
    r"(?:^|[\s(])(?:[^\W\d_]\.)+[^\W\d_]$"
    r"|\b(?:Jr|Sr|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Lt|Gen|Col|Sgt|Capt|Prof|Rev|St)$",
    re.IGNORECASE,
)


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
    while len(words) > 1 and words[0] in DETERMINERS:
        words = words[1:]
    return " ".join(words)


def canonical_key(name: str, *, lexicon: Lexicon | None = None) -> str:
    """The name key of ``name``, with aliases of a country or body mapped to its canonical name.

    Acronyms of up to three letters ("US", "UN") count as aliases only when written in
    capitals, so the pronoun "us" stays a pronoun.

    Args:
        name: A name as written or displayed.
        lexicon: Word lists; default the shipped ones.

    Returns:
        The canonical key ("united states" for "the U.S.").
    """
    lexicon = lexicon or default_lexicon()
    key = name_key(name)
    target = lexicon.alias_keys.get(key)
    if target is None:
        return key
    if " " not in key and len(key) <= 3 and not clean_name(name).isupper():
        return key
    return target


def _is_abbreviation(word: str) -> bool:
    return bool(_ABBREVIATION.match(_POSSESSIVE.sub("", word)))


def speaker_id(name: str, *, lexicon: Lexicon | None = None) -> str:
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
