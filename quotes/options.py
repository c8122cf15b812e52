"""Checks of the options every entry point shares, written once.

The command line, :class:`quotes.Extractor`, :func:`quotes.extract` and the spaCy component
take the same options; each checks them here, so a bad value gets the same message from all
of them. ``name`` is how the caller spells the option (``"min_confidence"`` in Python,
``"--min-confidence"`` on the command line).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Real

#: Decimals a confidence setting is taken to: far more than the two a confidence carries.
PRECISION = 12


def check_min_confidence(value: object, *, name: str = "min_confidence") -> float:
    """Return ``value`` as a float if it is a probability, else say what is wrong.

    >>> check_min_confidence(0.5)
    0.5

    Args:
        value: The smallest confidence of a quote kept.
        name: The option as the caller spells it, for the message.

    Returns:
        ``value`` as a float between 0 and 1.

    Raises:
        TypeError: ``value`` is not a number (a boolean is not one either).
        ValueError: ``value`` is outside 0..1 or not a number (NaN).
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number between 0 and 1, got {type(value).__name__} {value!r}")
    number = float(value)
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (0 keeps every quote), got {value!r}")
    # A setting read from a saved spaCy pipeline's config comes through srsly's JSON reader,
    # which reads 0.3 as 0.30000000000000004 and would drop the quotes of confidence 0.3.
    return round(number, PRECISION)


def check_count(value: object, *, name: str, what: str) -> int:
    """Return ``value`` if it is a whole number of 1 or more, else say what is wrong.

    >>> check_count(2, name="n_process", what="worker processes")
    2

    Args:
        value: The number given.
        name: The option as the caller spells it, for the message.
        what: What is counted ("worker processes", "characters"), for the message.

    Returns:
        ``value``.

    Raises:
        TypeError: ``value`` is not an integer (a boolean is not one either).
        ValueError: ``value`` is below 1.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number of {what}, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be 1 or more {what}, got {value!r}")
    return value


def check_acts(value: object, *, name: str = "acts") -> frozenset[str] | None:
    """Return the acts to keep as a set, ``None`` for every act, else say what is wrong.

    >>> sorted(check_acts(["speech", "belief"]))
    ['belief', 'speech']
    >>> check_acts(None) is None
    True

    Args:
        value: ``None``, or a collection of act names (``speech``, ``belief``, ``evidence``,
            ``intention``); on the command line a comma-separated list.
        name: The option as the caller spells it, for the message.

    Returns:
        The acts named, or ``None`` when every act is kept.

    Raises:
        TypeError: ``value`` is a single string or not a collection of strings.
        ValueError: A name is not an act, or no act is named.
    """
    from quotes.types import ACTS

    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of acts such as ['speech', 'belief'], got {type(value).__name__} {value!r}")
    acts = list(value)
    unknown = [act for act in acts if act not in ACTS]
    if unknown:
        raise ValueError(f"{name}: {', '.join(map(repr, unknown))} is not an act; the acts are {', '.join(ACTS)}")
    if not acts:
        raise ValueError(f"{name} names no act; leave it out (or None) to keep every act, or pick from {', '.join(ACTS)}")
    return frozenset(acts)


def check_flag(value: object, *, name: str) -> bool:
    """Return ``value`` if it is a boolean, else say what is wrong (``"no"`` is not False).

    Raises:
        TypeError: ``value`` is not ``True`` or ``False``.
    """
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return value
