"""The benchmark's results file: a run that skips a part keeps that part's last figures; the targets are judged on medians."""

from __future__ import annotations

from pathlib import Path

from bench import families, serve, targets
from bench.run import _replace_section, _sections

RESULTS = f"""# Benchmark

main table, old

{families.SECTION}

families, measured before

{serve.SECTION}

service, measured before
"""


def test_a_skipped_part_keeps_its_section_and_a_run_part_replaces_its_own(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    path.write_text(RESULTS, encoding="utf-8")
    kept = _sections(path, skipped=["serve"])
    assert list(kept) == [serve.SECTION] and "service, measured before" in kept[serve.SECTION]
    assert "families" not in kept[serve.SECTION]
    path.write_text("# Benchmark\n\nmain table, new\n", encoding="utf-8")
    for heading, section in kept.items():
        path.write_text(_replace_section(path, heading, section), encoding="utf-8")
    path.write_text(_replace_section(path, families.SECTION, f"{families.SECTION}\n\nfamilies, new\n"), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert "main table, new" in text and "old" not in text
    assert text.index("service, measured before") > 0 and "families, new" in text
    assert "families, measured before" not in text
    assert _sections(tmp_path / "missing.md", skipped=["families", "serve"]) == {}


def _row(section: str, name: str) -> list[str]:
    (line,) = [line for line in section.splitlines() if line.startswith(f"| {name} |")]
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_each_target_is_judged_on_the_median_of_its_rounds_with_their_spread() -> None:
    section = targets.section(
        {"c/b": [1.7, 3.4, 2.1], "d/c": [1.9, 1.7, 1.85], "rss": [351.0, 340.0, 338.0], "rss600": [], "growth": [12.0],
         "startup": [1.5, 1.5, 1.4]},
        {"command": [1.5, 1.5, 1.4], "import": [0.6, 0.7, 0.65], "load": [1.2, 1.3, 1.25]},
    )
    ratio = _row(section, targets.TARGETS["c/b"].name)
    assert ratio[1:] == [">= 3.00 x", "**2.10**", "1.70 to 3.40 (1.70, 3.40, 2.10)", "no"]  # one lucky round does not meet it
    assert _row(section, targets.TARGETS["d/c"].name)[-1] == "yes"
    assert _row(section, targets.TARGETS["rss"].name)[2:] == ["**340**", "338 to 351 (351, 340, 338)", "yes"]
    assert _row(section, targets.TARGETS["growth"].name)[2:] == ["**12.0**", "one run (12.0)", "no"]
    assert _row(section, targets.TARGETS["startup"].name)[1:3] == ["< 1.50 s", "**1.50**"]
    assert _row(section, targets.TARGETS["startup"].name)[-1] == "no"  # under 1.5 s, not at it
    assert targets.TARGETS["rss600"].name not in section  # not measured this run: no row
    assert "importing spaCy alone 0.65 s; with the model loaded 1.25 s" in section
