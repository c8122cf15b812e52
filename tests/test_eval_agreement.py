"""quotes eval as a command, and its agreement with the reference scorer of the gold sets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quotes import cli
from quotes.evaluate.scopes import SCOPES

REPO = Path(__file__).resolve().parent.parent
SEEDS_GOLD = REPO / "fixtures" / "seeds_gold.jsonl"
SEEDS_SPEAKERS = REPO / "fixtures" / "seeds_speakers.json"

SHARED = REPO.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
DEV = SHARED / "eval" / "polnear_dev.jsonl"
#: PolNeAR dev articles scored in the agreement test: mixed quotes, typewriter marks
#: (''...''), pronoun sources, indirect speech with and without verbs of saying, and a
#: gold quote that ranking pairs by overlap length would match with another prediction.
DEV_SLICE = (
    "breitbart_2016-09-21_only-percent-of-hillary-clinton-",
    "nyt_2016-10-04_in-avoiding-tax-trump-is-merely-",
    "politico_2016-09-28_axelrod-calls-on-dean-to-apologi",
    "politico_2016-09-30_flight-attendants-union-endorses",
)
#: Figure of ``quotes eval --json`` -> the reference scorer's name for it.
SHARED_FIGURES = {
    "gold": "gold", "predicted": "pred", "matched": "matched", "quote_p": "quote_p", "quote_r": "quote_r",
    "quote_f1": "quote_f1", "speaker_acc": "speaker_acc_on_matched", "e2e_p": "e2e_p", "e2e_r": "e2e_r",
    "e2e_f1": "e2e_f1",
}  # fmt: skip

needs_reference = pytest.mark.skipif(
    not (SCORER.exists() and DEV.exists()),
    reason=f"the reference scorer and PolNeAR dev are read from {SHARED}",
)


def run_quotes(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``quotes`` command from the repository root."""
    return subprocess.run([sys.executable, "-m", "quotes", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600, check=False)


def reference_figures(gold: Path, predicted: Path, scope: str, *, exact: bool, aliases: Path | None = None) -> dict[str, Any]:
    """The reference scorer's figures for one scope."""
    command = [sys.executable, str(SCORER), str(gold), str(predicted), "--types", scope]
    command += (["--exact"] if exact else []) + (["--aliases", str(aliases)] if aliases else [])
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def assert_agreement(report: dict[str, Any], gold: Path, predicted: Path, aliases: Path | None = None) -> None:
    """Every figure ``quotes eval`` shares with the reference scorer agrees, in every scope, both matchings."""
    for scope in SCOPES:
        for exact in (False, True):
            ours = report[scope]["exact"] if exact else report[scope]
            theirs = reference_figures(gold, predicted, scope, exact=exact, aliases=aliases)
            for mine, name in SHARED_FIGURES.items():
                assert ours[mine] == pytest.approx(theirs[name], abs=0.001), (report["system"], scope, exact, name)


@pytest.fixture(scope="module")
def dev_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few PolNeAR dev articles, written to a temporary gold file (never into the repository)."""
    path = tmp_path_factory.mktemp("dev") / "slice.jsonl"
    with DEV.open(encoding="utf-8") as source:
        lines = [line for line in source if json.loads(line)["id"] in DEV_SLICE]
    assert len(lines) == len(DEV_SLICE)
    path.write_text("".join(lines), encoding="utf-8")
    return path


@needs_reference
def test_eval_agrees_with_the_reference_scorer_on_what_extract_writes(dev_slice: Path, tmp_path: Path) -> None:
    extracted = tmp_path / "extract.jsonl"
    done = run_quotes("extract", str(dev_slice), "-o", str(extracted), "-q")
    assert done.returncode == 0, done.stderr
    done = run_quotes("eval", str(dev_slice), "--baseline", "textacy", "--json", "--write-predictions", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert f"wrote {sum(1 for _ in extracted.open())} quotes to {tmp_path / 'quotes.jsonl'}" in done.stderr
    ours, textacy = (json.loads(line) for line in done.stdout.splitlines())
    assert (ours["system"], textacy["system"], ours["documents"]) == ("quotes", "textacy", len(DEV_SLICE))
    assert (tmp_path / "quotes.jsonl").read_text(encoding="utf-8") == extracted.read_text(encoding="utf-8")
    assert ours["all"]["gold"] > ours["speech"]["gold"] > ours["quoted"]["gold"] > 0
    assert_agreement(ours, dev_slice, extracted)
    assert_agreement(textacy, dev_slice, tmp_path / "textacy.jsonl")


@needs_reference
def test_eval_agrees_with_the_reference_scorer_on_the_seeds_with_aliases(tmp_path: Path) -> None:
    done = run_quotes("eval", str(SEEDS_GOLD), "--json", "--write-predictions", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert f"using speaker aliases from {SEEDS_SPEAKERS}" in done.stderr
    (ours,) = (json.loads(line) for line in done.stdout.splitlines())
    assert_agreement(ours, SEEDS_GOLD, tmp_path / "quotes.jsonl", aliases=SEEDS_SPEAKERS)


def test_eval_says_which_aliases_file_it_cannot_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    aliases = tmp_path / "speakers.json"
    aliases.write_text("[1, 2]", encoding="utf-8")
    assert cli.main(["eval", str(SEEDS_GOLD), "--aliases", str(aliases)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quotes: cannot read speaker aliases:") and str(aliases) in err
