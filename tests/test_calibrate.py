"""Calibration: each rule's share of right speakers, pooled with its parts where rare, and the command that writes it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from quotes.attribute.registry import Registry, load_calibration, rule_names
from quotes.evaluate.calibrate import PRIOR_WEIGHT, Tallies, calibration, dumps

ROOT = Path(__file__).resolve().parent.parent


def _tallies(counts: dict[str, tuple[int, int]]) -> Tallies:
    tallies = Tallies()
    tallies.matched = Counter({name: n for name, (n, _) in counts.items()})
    tallies.right = Counter({name: r for name, (_, r) in counts.items()})
    return tallies


def test_a_rule_seen_often_keeps_its_own_share_rounded_down() -> None:
    data = calibration(_tallies({"cue_governs:subject": (10_000, 9_687)}), gold="synthetic")
    # pooled with 20 quotes of a prior, 9,687 of 10,000 right stays 0.96 once rounded down
    assert data["rules"]["cue_governs:subject"] == {"confidence": 0.96, "measured_on": 10_000}


def test_a_rare_rule_is_pooled_with_the_lower_of_its_familys_and_patterns_shares() -> None:
    counts = {
        "cue_governs:subject": (1000, 950),  # the family, nearly always right
        "indirect_ccomp:inverted": (1000, 600),  # the pattern, often wrong
        "cue_governs:inverted": (1, 1),  # one right quote says little
    }
    data = calibration(_tallies(counts), gold="synthetic")
    family, pattern = data["families"]["cue_governs"]["confidence"], data["patterns"]["inverted"]["confidence"]
    assert pattern < family
    rare = data["rules"]["cue_governs:inverted"]
    assert rare["measured_on"] == 1
    assert pattern <= rare["confidence"] <= pattern + 1 / PRIOR_WEIGHT  # one quote moves a 20-quote prior a little
    never = data["rules"]["cue_after:inverted"]
    assert never["measured_on"] == 0 and never["confidence"] <= pattern + 0.01


def test_calibration_data_round_trips_into_a_registry() -> None:
    data = calibration(_tallies({"split_quote": (50, 45)}), gold="synthetic")
    rules = Registry(json.loads(dumps(data)))
    assert rules["split_quote"].measured_on == 50 and rules["split_quote"].confidence <= 0.9
    assert set(rules.adjustments) == {"pronoun", "unresolved_pronoun"}


def test_the_shipped_calibration_was_measured_on_training_articles() -> None:
    data = load_calibration()
    assert data["gold"].startswith("polnear_train.jsonl")
    assert sum(rule["measured_on"] for rule in data["rules"].values()) > 10_000


def test_quotes_calibrate_writes_a_calibration_the_registry_reads(tmp_path: Path) -> None:
    out = tmp_path / "calibration.json"
    proc = subprocess.run(
        [sys.executable, "-m", "quotes", "calibrate", str(ROOT / "fixtures" / "seeds_gold.jsonl"), "-o", str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    rules = Registry(data)
    measured = {name: rule for name, rule in rules.items() if rule.measured_on}
    assert measured and sum(r.measured_on for r in measured.values()) <= 49  # the seeds have 49 gold quotes
    assert f"calibrated {len(list(rule_names()))} rules" in proc.stderr and str(out) in proc.stderr
    assert not list(tmp_path.glob(".calibration.json.*")), "the temporary file is gone once renamed"
