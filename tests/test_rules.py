"""The rule registry and every rule on parses fixed by hand (tests/cases/parses.jsonl), without the statistical model.

Each case holds a text, the parse of each of its paragraphs (words, heads, labels, tags,
lemmas, entities: a model's parse, edited where a case needs a construction the model
does not give, as its ``why`` says) and what the engine attributes on it. The Docs are
built with a blank English vocabulary, so a change in the rules shows here whatever the
model would do.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from quotes.attribute.engine import Engine
from quotes.attribute.registry import Registry, UnknownRuleError, load_calibration, registry, rule_name, rule_names
from quotes.attribute.rules import FAMILIES, FIXED, PATTERNS
from quotes.attribute.summary import markdown_table
from quotes.lexicon import default_lexicon
from quotes.marks import scan
from quotes.parse.paragraphs import Paragraph
from quotes.parse.pipe import ParsedText

ROOT = Path(__file__).resolve().parent.parent
CASES = [json.loads(line) for line in (ROOT / "tests" / "cases" / "parses.jsonl").read_text(encoding="utf-8").splitlines()]
#: Families whose example is a case here: the quoted ones, the one-part rules, speech acts and a few beliefs and findings.
TESTED_FAMILIES = [
    *[name for name in FAMILIES if not name.startswith(("indirect_", "belief_", "evidence_"))],
    *[name for name in FAMILIES if name.startswith("indirect_") and name != "indirect_stance"],
    "belief_view", "evidence_in", "belief_ccomp", "evidence_object", "evidence_ccomp", "belief_stance",
    *FIXED,
]  # fmt: skip


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return spacy.blank("en").vocab


@pytest.fixture(scope="module")
def engine(vocab: Vocab) -> Engine:
    return Engine(vocab, default_lexicon())


def _doc(vocab: Vocab, spec: dict[str, Any]) -> Doc:
    return Doc(vocab, words=spec["words"], spaces=spec["spaces"], heads=spec["heads"], deps=spec["deps"],
               pos=spec["pos"], tags=spec["tags"], lemmas=spec["lemmas"], ents=spec["ents"])


def _attribute(engine: Engine, vocab: Vocab, case: dict[str, Any]) -> list[dict[str, Any]]:
    text = case["text"]
    parsed = ParsedText(text, [Paragraph(p["start"], _doc(vocab, p)) for p in case["paragraphs"]])
    return [
        {"rule": a.rule, "quote": text[a.start : a.end], "speaker": a.mention.text if a.mention else None,
         "cue": a.cue.text if a.cue else None}
        for a in engine.attribute(parsed, scan(text).spans)
    ]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_on_a_fixed_parse(engine: Engine, vocab: Vocab, case: dict[str, Any]) -> None:
    assert _attribute(engine, vocab, case) == case["expect"]


def _family_and_pattern(rule: str) -> tuple[str, str | None]:
    if rule in FIXED:
        return rule, None
    family, _, pattern = rule.partition(":")
    return family, pattern.partition("+")[0]


@pytest.mark.parametrize("family", TESTED_FAMILIES)
def test_a_familys_example_is_a_case_it_decides(family: str) -> None:
    example = (FAMILIES.get(family) or FIXED[family]).example.replace(" ¶ ", "\n")
    cases = [c for c in CASES if c["text"] == example]
    assert cases, f"no case has the example of {family}: {example!r}"
    found = {_family_and_pattern(e["rule"])[0] for c in cases for e in c["expect"]} | {
        e["rule"] for c in cases for e in c["expect"]
    }
    assert family in found, f"{family}'s example gives {found}"


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_a_speaker_patterns_example_is_in_a_case_it_decides(pattern: str) -> None:
    example = PATTERNS[pattern].example
    cases = [c for c in CASES if example in c["text"]]
    assert cases, f"no case holds the example of {pattern}: {example!r}"
    assert any(_family_and_pattern(e["rule"])[1] == pattern for c in cases for e in c["expect"]), pattern


@pytest.mark.parametrize("source", ["+noun_cue", "+document"])
def test_both_sources_of_a_reporting_noun_have_a_case(source: str) -> None:
    assert any(e["rule"].endswith(source) for c in CASES for e in c["expect"])


def test_every_rule_name_has_a_calibrated_confidence_and_is_known() -> None:
    rules = registry()
    names = [name for name, *_ in rule_names()]
    everything = [name for name, *_ in rule_names(unattributed=True)]
    assert len(names) == len(set(names)) and len(everything) == len(set(everything)) == len(rules)
    assert all(0.0 < rules[name].confidence <= 1.0 for name in names)
    assert {rule.act for rule in rules.values()} == {"speech", "belief", "evidence", "intention"}
    # a quote with no speaker claims none
    assert all(rules[name].confidence == 0.0 for name in everything if name.startswith("unattributed:"))


def test_an_unknown_rule_is_an_error_never_a_default() -> None:
    with pytest.raises(UnknownRuleError, match="indirect_ccomp:noun_possessor"):
        registry()["indirect_ccomp:noun_possessor"]  # a reporting verb's clause never has a noun's possessor
    with pytest.raises(UnknownRuleError):
        rule_name("cue_governs", "telepathy")
    assert rule_name("cue_governs", "read_text+document") == "cue_governs:read_text+document"
    with pytest.raises(UnknownRuleError):
        rule_name("cue_governs", "read_text")  # a text that reads is always a noun's source or a document


def test_a_calibration_that_misses_a_rule_is_refused() -> None:
    data = load_calibration()
    data["rules"].pop("cue_governs:subject")
    with pytest.raises(ValueError, match="run `quotes calibrate`"):
        Registry(data)


def test_rules_that_fire_on_the_seeds_were_measured_on_training_articles(nlp) -> None:  # type: ignore[no-untyped-def]
    from quotes.pipeline import Extractor
    from quotes.read import read_documents

    extractor = Extractor(nlp)
    documents = read_documents([str(ROOT / "seeds")], on_problem=lambda problem: pytest.fail(str(problem)))
    fired = {q.rule for _, found in extractor.extract_many(documents) for q in found}
    assert fired
    unmeasured = [name for name in fired if registry()[name].measured_on == 0]
    assert not unmeasured, unmeasured


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "quotes", *args], capture_output=True, text=True, check=False, timeout=120)


def test_quotes_rules_json_lists_every_rule_with_its_fields() -> None:
    proc = _run("rules", "--json")
    assert proc.returncode == 0, proc.stderr
    listed = json.loads(proc.stdout)
    assert [r["name"] for r in listed] == list(registry())
    assert {"name", "family", "confidence", "measured_on", "description", "example"} <= listed[0].keys()
    assert all(r["description"] and r["example"] for r in listed)


def test_quotes_rules_lists_one_family_and_refuses_an_unknown_one() -> None:
    proc = _run("rules", "--family", "split_quote")
    assert proc.returncode == 0 and proc.stdout.splitlines()[1].startswith("split_quote")
    proc = _run("rules", "--family", "no_such_family")
    assert proc.returncode == 2 and "no family named 'no_such_family'" in proc.stderr


def test_the_readme_rule_table_is_the_registrys() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- rules: start -->\n(.*?)<!-- rules: end -->", readme, re.S)
    assert found is not None, "the README has no generated rule table"
    assert found.group(1) == markdown_table(), "README rule table is stale: paste `quotes rules --markdown`"
