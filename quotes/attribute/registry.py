"""The rule registry: every rule an attribution can carry, with its description, example and calibrated confidence.

A rule name is what an output record's ``rule`` says. Most name two parts, ``family:pattern``:

- the *family* says how the quote was found and through which cue: a cue that governs the
  quote (``cue_governs``), a verb's reported clause (``indirect_ccomp``), a belief
  (``belief_ccomp``), ... (:data:`FAMILIES`);
- the *speaker pattern* says how the speaker was found from the cue: its subject
  (``subject``), the subject of the clause it belongs to (``governing_clause``), the inverted
  "said X" order (``inverted``), ... (:data:`PATTERNS`), with ``+noun_cue`` when the speaker is
  the source of a reporting noun ("the mayor's statement said") or ``+document`` when it is a
  document with no named source ("a joint statement read") (:data:`SOURCES`).

A few rules name their speaker without a cue and are one word (``split_quote``,
``carry_over``, ``transcript_label``, ...). :func:`registry` lists every name the engine
can produce, each with the confidence ``quotes calibrate`` measured for it
(``quotes/data/calibration.json``); a name that is not there is an error, never a default.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from quotes.attribute.rules import FAMILIES, FIXED, PATTERNS, SOURCES, UNATTRIBUTED, Family

#: The shipped calibration, written by ``quotes calibrate``.
CALIBRATION = ("data", "calibration.json")
#: Acts a family reports: what a newsroom calls a quote, a belief, a finding, an intention.
ACTS = ("speech", "belief", "evidence", "intention")


class UnknownRuleError(KeyError):
    """A rule name that is not in the registry."""

    def __str__(self) -> str:
        return f"no rule named {self.args[0]!r} in the registry (quotes rules lists them)"


@dataclass(frozen=True)
class Rule:
    """One rule as output records name it.

    Attributes:
        name: The exact ``rule`` string of the records it decides.
        family: The family part (the whole name for a one-part rule).
        pattern: The speaker pattern part, with its source suffix, or ``None``.
        act: What the quote reports: ``speech``, ``belief``, ``evidence`` or ``intention``.
        description: What the rule does, in one line.
        example: A sentence the rule's family handles.
        speaker_example: A phrase whose speaker the rule's speaker pattern finds, if it has one.
        confidence: The share of right speakers among its matched quotes on PolNeAR train,
            pooled with its family's and pattern's where it was seen too rarely (see
            :mod:`quotes.evaluate.calibrate`).
        measured_on: Matched quotes of PolNeAR train it was measured on.
    """

    name: str
    family: str
    pattern: str | None
    act: str
    description: str
    example: str
    speaker_example: str | None
    confidence: float
    measured_on: int

    def to_dict(self) -> dict[str, Any]:
        """The rule as a JSON-ready dict."""
        return {
            "name": self.name, "family": self.family, "pattern": self.pattern, "act": self.act,
            "confidence": self.confidence, "measured_on": self.measured_on,
            "description": self.description, "example": self.example, "speaker_example": self.speaker_example,
        }  # fmt: skip


def rule_names(*, unattributed: bool = False) -> Iterator[tuple[str, str, str | None, str, str, str | None]]:
    """Every rule name the engine can produce: ``(name, family, pattern, description, example,
    speaker example)``; with ``unattributed``, also the reasons a quote has no speaker."""
    for family in FAMILIES.values():
        for pattern_name in family.patterns:
            pattern = PATTERNS[pattern_name]
            for source in pattern.sources:
                description = f"{family.description} Speaker: {pattern.description}"
                if source:
                    description += f" {SOURCES[source]}"
                name = f"{family.name}:{pattern_name}{source}"
                yield name, family.name, pattern_name + source, description, family.example, pattern.example
    for fixed in FIXED.values():
        family_name, _, pattern_name = fixed.name.partition(":")
        yield fixed.name, family_name, pattern_name or None, fixed.description, fixed.example, None
    if unattributed:
        for reason in UNATTRIBUTED.values():
            yield reason.name, reason.name, None, reason.description, reason.example, None


def act_of(family: Family | str) -> str:
    """The act a family's quotes report."""
    if isinstance(family, str):
        family = FAMILIES.get(family) or FIXED.get(family) or UNATTRIBUTED[family]
    return family.act


class Registry(Mapping[str, Rule]):
    """Every rule by name, with its calibrated confidence; ``registry()[name]`` raises
    :class:`UnknownRuleError` for a name that is not a rule.

    Args:
        calibration: The calibration data (``{"rules": {name: {"confidence", "measured_on"}},
            "adjustments": {...}}``), as ``quotes calibrate`` writes it.

    Raises:
        ValueError: The calibration lacks a rule or names one that does not exist.
    """

    def __init__(self, calibration: Mapping[str, Any]) -> None:
        measured = calibration["rules"]
        names = list(rule_names())
        missing = [name for name, *_ in names if name not in measured]
        unknown = sorted(set(measured) - {name for name, *_ in names})
        if missing or unknown:
            raise ValueError(
                f"calibration does not match the rules: {len(missing)} rules without a confidence "
                f"({missing[:3]}), {len(unknown)} unknown names ({unknown[:3]}); run `quotes calibrate`"
            )
        self._rules = {
            name: Rule(name, family, pattern, act_of(family), description, example, speaker_example,
                       float(measured[name]["confidence"]), int(measured[name]["measured_on"]))
            for name, family, pattern, description, example, speaker_example in names
        }
        # a quote with no speaker claims none: its confidence is 0, not a measure
        self._rules.update(
            (name, Rule(name, family, None, "speech", description, example, None, 0.0, 0))
            for name, family, _, description, example, _ in rule_names(unattributed=True) if name in UNATTRIBUTED
        )
        #: Calibrated factors: ``pronoun`` for a pronoun speaker whose antecedent was found,
        #: ``unresolved_pronoun`` for one whose antecedent was not.
        self.adjustments: Mapping[str, float] = dict(calibration["adjustments"])
        #: Pooled confidence and quotes measured per family and per speaker pattern (for reading).
        self.parts: Mapping[str, Mapping[str, Mapping[str, Any]]] = {
            kind: dict(calibration.get(kind, {})) for kind in ("families", "patterns")
        }

    @classmethod
    def uncalibrated(cls) -> Registry:
        """Every rule with a confidence of 1 and factors of 1: what ``quotes calibrate`` extracts
        with, so that a stale or missing calibration never stops it from making a new one."""
        names = list(rule_names())
        return cls({
            "rules": {name: {"confidence": 1.0, "measured_on": 0} for name, *_ in names},
            "adjustments": {"pronoun": 1.0, "unresolved_pronoun": 1.0},
        })

    def __getitem__(self, name: str) -> Rule:
        try:
            return self._rules[name]
        except KeyError:
            raise UnknownRuleError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def confidence(self, name: str) -> float:
        """The calibrated confidence of rule ``name``.

        Raises:
            UnknownRuleError: ``name`` is not a rule.
        """
        return self[name].confidence


def rule_name(family: str, pattern: str | None = None) -> str:
    """The name of the rule of ``family`` with speaker ``pattern`` (with its source suffix).

    >>> rule_name("cue_governs", "subject"), rule_name("split_quote")
    ('cue_governs:subject', 'split_quote')

    Raises:
        UnknownRuleError: No rule has that name.
    """
    name = f"{family}:{pattern}" if pattern else family
    if name in FIXED or name in UNATTRIBUTED:
        return name
    known = FAMILIES.get(family)
    base, plus, source = (pattern or "").partition("+")
    if known is None or base not in known.patterns or (plus + source) not in PATTERNS[base].sources:
        raise UnknownRuleError(name)
    return name


def load_calibration(path: str | Path | None = None) -> dict[str, Any]:
    """Read calibration data: the shipped file, or the one at ``path``."""
    if path is None:
        text = resources.files("quotes").joinpath(*CALIBRATION).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def registry() -> Registry:
    """The registry with the shipped calibration (read once; it is immutable)."""
    return Registry(load_calibration())
