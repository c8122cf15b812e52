"""The registry summed up by its parts: the table of families, speaker patterns and one-part
rules the README shows (``quotes rules --markdown``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from quotes.attribute.registry import Registry, registry
from quotes.attribute.rules import FAMILIES, FIXED, PATTERNS, UNATTRIBUTED

_PRIMARY = ("cue_governs", "cue_after", "cue_before", "colon_lead_in", "governing_verb", "acting_verb")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _measure(measured: Mapping[str, Mapping[str, Any]], name: str) -> tuple[str, str]:
    entry = measured.get(name)
    if entry is None:
        return "", "0"
    return f"{entry['confidence']:.2f}", f"{entry['measured_on']:,}"


def _rows(names: Iterable[str], descriptions: Mapping[str, Any], measured: Mapping[str, Mapping[str, Any]]) -> list[str]:
    rows = []
    for name in names:
        unit = descriptions[name]
        confidence, count = _measure(measured, name)
        rows.append(f"| `{name}` | {confidence} | {count} | {_cell(unit.description)} | {_cell(unit.example)} |")
    return rows


def markdown_table(rules: Registry | None = None) -> str:
    """Markdown tables of the rule families, speaker patterns and one-part rules, each with its
    pooled confidence and the training quotes it was measured on."""
    rules = rules if rules is not None else registry()
    families = rules.parts["families"]
    measured_fixed = {name: {"confidence": r.confidence, "measured_on": r.measured_on} for name, r in rules.items() if name in FIXED}
    indirect = sorted(name for name in FAMILIES if name not in _PRIMARY and families.get(name, {}).get("measured_on"))
    lines = [
        "| family | confidence | measured on | what it finds | example |",
        "|---|---:|---:|---|---|",
        *_rows(_PRIMARY, FAMILIES, families),
        *_rows(indirect, FAMILIES, families),
        "",
        "| speaker pattern | confidence | measured on | how the speaker is found | example |",
        "|---|---:|---:|---|---|",
        *_rows(PATTERNS, PATTERNS, rules.parts["patterns"]),
        "",
        "| one-part rule | confidence | measured on | what it finds | example |",
        "|---|---:|---:|---|---|",
        *_rows(FIXED, FIXED, measured_fixed),
    ]
    lines += [
        "",
        "| no speaker (`--unattributed`) | why the quote has none | example |",
        "|---|---|---|",
        *(f"| `{r.name}` | {_cell(r.description)} | {_cell(r.example)} |" for r in UNATTRIBUTED.values()),
    ]
    unseen = len([name for name in FAMILIES if name not in _PRIMARY and name not in indirect])
    lines += ["", f"{len(FAMILIES) - len(_PRIMARY) - unseen} indirect families were seen on the training articles; "
              f"{unseen} more (a construction with an act its cues did not take there) have the pooled confidence "
              f"of their parts. `quotes rules` lists all {len(rules):,} rule names."]
    return "\n".join(lines) + "\n"
