"""Throughput and memory of quote extraction against spaCy alone and the textacy baseline.

Run ``python -m bench.run`` (``make bench``). On the same documents -- the first 150
articles of ``../shared/eval/polnear_train.jsonl`` beside the repository when it is
there, else the seed articles repeated -- it measures, each variant in a process of its
own so that peak memory is per variant:

a. spaCy's full pipeline alone (``nlp.pipe`` over the texts),
b. the textacy baseline (full parse and ``direct_quotations``, :mod:`quotes.evaluate.baseline`),
c. ``quotes extract`` as shipped,
d. ``quotes extract --n-process 2``,
e. ``quotes extract --full-parse``, for reference,

then prints the table with the ratios c/b and d/c and writes it, with a description of the
machine, to ``bench/results.md``. A memory check follows: the peak memory of ``quotes
extract`` over 600 articles against 100; then the start-up, one article from the command line
in a fresh process; then the targets, each the median of the rounds with their spread
(:mod:`bench.targets`). Then the quote-mark scanner alone
(:func:`quotes.marks.scan`) on a 5 MB news text and on dense unbalanced marks, each to be
read in under :data:`MARKS_TARGET` seconds (``--marks-only`` runs just this part and
replaces its section of the results). Last, how the cost grows with one document's size,
on pathological families at 10 k, 100 k and 1 M characters (:mod:`bench.families`), with the
fitted exponents; ``--families-only`` runs that part alone. Then ``quotes serve``: requests
per second and latency for a 700-word article with 1 and 2 workers (:mod:`bench.serve`);
``--serve-only`` runs that part alone.

Times count from after the Python imports, and the model load is shown apart; words per
second are over the processing time (what matters for an archive), wall clock, the median
of ``--repeat`` rounds. The texts are copied to a temporary directory only, never into the
repository.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import targets

ROOT = Path(__file__).resolve().parent.parent
#: Articles benchmarked, and the two sizes of the memory check.
ARTICLES = 150
MEMORY_SIZES = (100, 600)
CORPUS = ROOT.parent / "shared" / "eval" / "polnear_train.jsonl"
RESULTS = ROOT / "bench" / "results.md"

#: Seconds within which the scanner must read each of its inputs.
MARKS_TARGET = 3.0
MARKS_SECTION = "## Quote-mark scanner"

#: A self-written news paragraph with direct, partial and multi-sentence quotes and apostrophes.
NEWS = (
    "CARACAS - Venezuela’s opposition leader said on Thursday that agents had detained his "
    "aide, and a U.S. official said Maduro’s government should “face justice,” but gave no "
    "details.\n\n"
    "“They have taken my chief of staff from his home,” the opposition leader said. “We do not "
    "know where he is. The regime’s agents did not show a warrant.”\n\n"
    "The aides’ families said the men’s phones were off."
)

VARIANTS: dict[str, str] = {
    "a": "spaCy pipeline alone (nlp.pipe)",
    "b": "textacy baseline (parse + direct_quotations)",
    "c": "quotes extract",
    "d": "quotes extract --n-process 2",
    "e": "quotes extract --full-parse",
}


@dataclass(frozen=True)
class Measure:
    """One variant's run: times in seconds, memory in MB."""

    variant: str
    words: int
    load: float
    run: float
    cpu: float
    rss_main: float
    rss_workers: float

    @property
    def words_per_second(self) -> float:
        """Words over processing time (model load excluded)."""
        return self.words / self.run if self.run else 0.0


# --- the measured processes ----------------------------------------------------------------


def _child(variant: str, source: str, words: int) -> None:
    """Run one variant in this process and print its measure as JSON on the last line."""
    import logging

    logging.disable(logging.WARNING)  # the scanner's warnings on odd marks are not the point here
    before = resource.getrusage(resource.RUSAGE_SELF)
    load = 0.0
    if variant in ("a", "b"):
        from quotes.loader import load_model
        from quotes.read import read_documents

        start = time.perf_counter()
        nlp = load_model()
        load = time.perf_counter() - start
        documents = list(read_documents([source], on_problem=lambda problem: None))
        start = time.perf_counter()
        if variant == "a":
            for _ in nlp.pipe(d.text for d in documents):
                pass
        else:
            from quotes.evaluate.baseline import textacy_predictor
            from quotes.evaluate.gold import RefusedDocument

            predict = textacy_predictor(nlp)
            for document in documents:
                try:
                    predict(document)
                except RefusedDocument:
                    pass
        run = time.perf_counter() - start
    else:
        # what `quotes extract` imports as it runs, imported here so that, as for (a) and (b),
        # Python imports stay out of the times
        import quotes.crossdoc.run
        import quotes.export.jsonl
        import quotes.pipeline
        import quotes.read  # noqa: F401
        from quotes import cli
        from quotes.cli import common as cli_common  # where `quotes extract` loads the model

        loaded: list[float] = []
        real_load = cli_common.load

        def timed_load(model: str | None) -> Any:
            start = time.perf_counter()
            nlp = real_load(model)
            loaded.append(time.perf_counter() - start)
            return nlp

        cli_common.load = timed_load  # time the model load apart from the run
        options = {"c": [], "d": ["--n-process", "2"], "e": ["--full-parse"]}[variant]
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            status = cli.main(["extract", source, "-o", str(Path(tmp) / "out.jsonl"), "-q", *options])
            total = time.perf_counter() - start
        if status not in (0, 1):
            raise SystemExit(f"quotes extract failed with status {status}")
        load = sum(loaded)
        run = total - load
    after = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu += workers.ru_utime + workers.ru_stime
    print(json.dumps({
        "variant": variant, "words": words, "load": load, "run": run, "cpu": cpu,
        "rss_main": after.ru_maxrss / 1024, "rss_workers": workers.ru_maxrss / 1024,
    }))


def _measure(variant: str, source: Path, words: int) -> Measure:
    """Run one variant in a fresh process and read its measure."""
    command = [sys.executable, "-m", "bench.run", "--child", variant, "--input", str(source), "--words", str(words)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"variant {variant} failed:\n{done.stderr[-2000:]}")
    return Measure(**json.loads(done.stdout.strip().splitlines()[-1]))


# --- inputs ------------------------------------------------------------------------------------


def _write_input(directory: Path, count: int) -> tuple[Path, int, str]:
    """Write ``count`` articles as JSONL into ``directory``; return the path, word count, source."""
    records: list[dict[str, str]] = []
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as fp:
            for line in fp:
                if len(records) == count:
                    break
                record = json.loads(line)
                records.append({"id": record["id"], "text": record["text"]})
        origin = f"the first {len(records)} articles of {CORPUS.name}"
    else:
        seeds = sorted((ROOT / "seeds").glob("*.txt"))
        texts = [(p.stem, p.read_text(encoding="utf-8")) for p in seeds]
        for i in range(count):
            stem, text = texts[i % len(texts)]
            records.append({"id": f"{stem}-{i}", "text": text})
        origin = f"the {len(seeds)} seed articles repeated to {count}"
    path = directory / f"articles-{count}.jsonl"
    with path.open("w", encoding="utf-8") as fp:
        for record in records:
            fp.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path, sum(len(r["text"].split()) for r in records), origin


def _first_text(source: Path) -> str:
    """The text of the first article of a JSONL input (the start-up's one article)."""
    with source.open(encoding="utf-8") as fp:
        return str(json.loads(fp.readline())["text"])


def _measured(runs: dict[str, list[Measure]], memory: list[tuple[int, Measure]], start: dict[str, list[float]]) -> dict[str, list[float]]:
    """Each target's values, round by round (see :mod:`bench.targets`)."""
    measured = {
        "c/b": [b.run / c.run for b, c in zip(runs.get("b", []), runs.get("c", []))],
        "d/c": [c.run / d.run for c, d in zip(runs.get("c", []), runs.get("d", []))],
        "rss": [c.rss_main for c in runs.get("c", [])],
        "rss600": [],
        "growth": [],
        "startup": start["command"],
    }
    if memory:
        (_, small), (_, large) = memory
        measured["rss600"] = [large.rss_main]
        measured["growth"] = [(large.rss_main / small.rss_main - 1) * 100]
    return measured


# --- the quote-mark scanner ---------------------------------------------------------------------


def _marks_inputs() -> list[tuple[str, str]]:
    """The scanner's inputs: news text, and marks no pairing can balance."""
    return [
        ("the news paragraph repeated to 5 MB", (NEWS + "\n\n") * (5_000_000 // len(NEWS) + 1)),
        ("100,000 “ then 100,000 ’", "“" * 100_000 + "’" * 100_000),
        ("„ then 100,000 ‘ then 100,000 “", "„" + "‘" * 100_000 + "“" * 100_000),
        ("100,000 ''", "''" * 100_000),
    ]


def _marks_table(repeat: int) -> list[str]:
    """Time :func:`quotes.marks.scan` on each input (median of ``repeat`` runs) as a Markdown section."""
    from quotes.marks import scan

    lines = [
        MARKS_SECTION,
        "",
        f"`quotes.marks.scan` alone ({_dt.date.today().isoformat()}), in this process, the median of {repeat} runs; each input must be",
        f"read in under {MARKS_TARGET:.0f} s. Words are whitespace-separated tokens (one for a run of marks).",
        "",
        "| input | characters | words | s | characters/s | words/s | quotes found | under target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, text in _marks_inputs():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = scan(text)
            times.append(time.perf_counter() - start)
        seconds = sorted(times)[(len(times) - 1) // 2]
        words = len(text.split())
        lines.append(
            f"| {name} | {len(text):,} | {words:,} | {seconds:.2f} | {len(text) / seconds:,.0f} "
            f"| {words / seconds:,.0f} | {len(result.spans):,} | {'yes' if seconds < MARKS_TARGET else '**no**'} |"
        )
        print(f"  marks: {name}: {seconds:.2f} s", flush=True)
    return [*lines, ""]


def _replace_section(path: Path, heading: str, section: str) -> str:
    """The results file with the section under ``heading`` replaced (or added at the end).

    A section runs from its ``## `` heading to the next one; the others are kept as they are.
    """
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark\n"
    before, found, after = old.partition(f"\n{heading}\n")
    rest = ""
    if found:
        _, next_heading, tail = after.partition("\n## ")
        rest = f"\n## {tail}" if next_heading else ""
    return before.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n" + rest


# --- report ------------------------------------------------------------------------------------


def _machine() -> str:
    """A one-paragraph description of the machine and software."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    from importlib import metadata

    from quotes.loader import resolve_model_name

    model = resolve_model_name()
    versions = []
    for package in ("spacy", model.replace("_", "-"), "textacy"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} logical cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {', '.join(versions)}; "
        f"load average {load:.1f} when the run started (other processes share the machine)."
    )


def _table(measures: Sequence[Measure]) -> list[str]:
    lines = [
        "| variant | words/s | processing s | model load s | CPU s | peak RSS MB (main / largest worker) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        workers = f" / {m.rss_workers:.0f}" if m.rss_workers else ""
        lines.append(
            f"| ({m.variant}) {VARIANTS[m.variant]} | {m.words_per_second:,.0f} | {m.run:.1f} | {m.load:.1f} "
            f"| {m.cpu:.1f} | {m.rss_main:.0f}{workers} |"
        )
    return lines


def _ratios(best: dict[str, Measure], measured: dict[str, list[float]], memory: list[tuple[int, Measure]]) -> list[str]:
    """The ratios of the report: c/b, d/c, c/e and the memory check, one Markdown item each.

    c/b and d/c are the medians of the rounds' ratios in ``measured`` (:func:`_measured`), the
    figures the targets judge (bench/targets.py).
    """
    ratios = []
    if each := measured["c/b"]:
        ratios.append(f"- c/b (quotes extract vs the textacy baseline, one process): **{statistics.median(each):.2f}** "
                      f"(by CPU time: {best['b'].cpu / best['c'].cpu:.2f}; round by round: {', '.join(f'{r:.2f}' for r in each)})")
    if each := measured["d/c"]:
        ratios.append(f"- d/c (two processes vs one): **{statistics.median(each):.2f}** "
                      f"(round by round: {', '.join(f'{r:.2f}' for r in each)})")
    if "c" in best and "e" in best:
        ratios.append(f"- c/e (chosen sentences vs every paragraph parsed): "
                      f"{best['c'].words_per_second / best['e'].words_per_second:.2f}")
    if memory:
        (small, m_small), (large, m_large) = memory
        ratios.append(f"- memory: peak RSS of `quotes extract` over {large} articles {m_large.rss_main:.0f} MB, "
                      f"over {small} articles {m_small.rss_main:.0f} MB: **{measured['growth'][0]:+.1f}%**")
    return ratios


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="rounds of runs, the median kept (default: 3)")
    parser.add_argument("--variants", default="abcde", help="which variants to run (default: abcde)")
    parser.add_argument("--no-memory", action="store_true", help="skip the 100 vs 600 articles memory check")
    parser.add_argument("--marks-only", action="store_true",
                        help="time only the quote-mark scanner and replace its section of the results")
    parser.add_argument("--output", default=str(RESULTS), help="where to write the table (default: bench/results.md)")
    parser.add_argument("--no-families", action="store_true", help="skip the growth families (bench/families.py)")
    parser.add_argument("--families-only", action="store_true",
                        help="run only the growth families and replace their section of the results")
    parser.add_argument("--no-serve", action="store_true", help="skip the HTTP service (bench/serve.py)")
    parser.add_argument("--serve-only", action="store_true",
                        help="time only quotes serve and replace its section of the results")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--words", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def _write(text: str, output: str) -> None:
    print()
    print(text)
    Path(output).write_text(text, encoding="utf-8")
    print(f"written to {output}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table and write bench/results.md."""
    args = _parser().parse_args(argv)
    if args.child:
        _child(args.child, args.input, args.words)
        return 0
    if args.marks_only:
        _write(_replace_section(Path(args.output), MARKS_SECTION, "\n".join(_marks_table(args.repeat))), args.output)
        return 0
    if args.families_only:
        return _families(Path(args.output))
    if args.serve_only:
        return _serve(Path(args.output))

    machine = _machine()
    print(machine, flush=True)
    with tempfile.TemporaryDirectory(prefix="quotes-bench-") as tmp:
        source, words, origin = _write_input(Path(tmp), ARTICLES)
        print(f"documents: {origin}, {words:,} words", flush=True)
        runs: dict[str, list[Measure]] = {}
        for round_ in range(args.repeat):
            for variant in args.variants:
                m = _measure(variant, source, words)
                print(f"  round {round_ + 1} ({variant}) {VARIANTS[variant]}: {m.words_per_second:,.0f} words/s, "
                      f"{m.run:.1f} s, peak {m.rss_main:.0f} MB", flush=True)
                runs.setdefault(variant, []).append(m)
        # the median run of each variant: other processes share the machine, and a median is
        # moved by neither a lucky nor an unlucky round
        best = {v: sorted(ms, key=lambda m: m.run)[(len(ms) - 1) // 2] for v, ms in runs.items()}
        memory: list[tuple[int, Measure]] = []
        if not args.no_memory:
            for size in MEMORY_SIZES:
                path, size_words, _ = _write_input(Path(tmp), size)
                m = _measure("c", path, size_words)
                memory.append((size, m))
                print(f"  memory: {size} articles, {size_words:,} words: peak {m.rss_main:.0f} MB", flush=True)
        start = targets.startup(_first_text(source), args.repeat)
        print(f"  start-up, one article from the command line: {', '.join(f'{s:.2f}' for s in start['command'])} s", flush=True)

    measured = _measured(runs, memory, start)
    lines = [
        "# Benchmark",
        "",
        f"`make bench` ({_dt.date.today().isoformat()}) on {origin}, {words:,} words. {machine}",
        "",
        *_table([best[v] for v in args.variants if v in best]),
        "",
        "Ratios of words per second:",
        "",
        *_ratios(best, measured, memory),
        "",
        targets.section(measured, start),
        "Words are whitespace-separated tokens of the article texts. Processing time is wall clock",
        f"from after the model load to the end, the median of {args.repeat} rounds; CPU time (which",
        "counts the Python imports too) adds the workers'.",
        "Each variant runs in a process of its own (`python -m bench.run --child ...`), so peak RSS",
        "(`ru_maxrss`) is that variant's; with `--n-process` the workers are forked from the main",
        "process and share its pages, so their peaks are not to be added up.",
        "",
        *_marks_table(args.repeat),
    ]
    output = Path(args.output)
    kept = _sections(output, skipped=[name for name, skip in _LATER_SECTIONS if getattr(args, skip)])
    _write("\n".join(lines), args.output)
    for heading, section in kept.items():  # a part not run this time keeps its last figures
        _write(_replace_section(output, heading, section), args.output)
    if not args.no_families:
        _families(output)
    return 0 if args.no_serve else _serve(output)


#: The sections after the main table, each with the option that skips it.
_LATER_SECTIONS: tuple[tuple[str, str], ...] = (("families", "no_families"), ("serve", "no_serve"))


def _sections(output: Path, *, skipped: Sequence[str]) -> dict[str, str]:
    """The sections of ``output`` (by heading) of the later parts that are ``skipped`` this run."""
    from bench import families, serve

    headings = {"families": families.SECTION, "serve": serve.SECTION}
    old = output.read_text(encoding="utf-8") if output.exists() else ""
    kept = {}
    for name in skipped:
        _, found, after = old.partition(f"\n{headings[name]}\n")
        if found:
            body, _, _ = after.partition("\n## ")
            kept[headings[name]] = f"{headings[name]}\n{body}"
    return kept


def _families(output: Path) -> int:
    """Measure the growth families and put their section in ``output`` (replacing an older one)."""
    from bench import families

    print("growth with the document (bench/families.py):", flush=True)
    section = families.section(families.run_all(list(families.FAMILIES)))
    _write(_replace_section(output, families.SECTION, section), str(output))
    return 0


def _serve(output: Path) -> int:
    """Time ``quotes serve`` and put its section in ``output`` (replacing an older one)."""
    from bench import serve

    print("the HTTP service (bench/serve.py):", flush=True)
    _write(_replace_section(output, serve.SECTION, serve.section()), str(output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
