"""Checks of the options every entry point shares, written once.

The command line, :class:`quotes.Extractor`, :func:`quotes.extract` and the spaCy component
take the same options; each checks them here, so a bad value gets the same message from all
of them. ``name`` is how the caller spells the option (``"min_confidence"`` in Python,
``"--min-confidence"`` on the command line).
"""

from __future__ import annotations

import math
from numbers import Real


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
    return number


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
