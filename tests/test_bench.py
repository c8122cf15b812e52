"""The benchmark's results file: a run that skips a part keeps that part's last figures."""

from __future__ import annotations

from pathlib import Path

from bench import families, serve
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
