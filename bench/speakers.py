"""Score the kind and gender of speakers against hand labels of PolNeAR articles.

Run ``python -m bench.speakers`` (``make speakers``). For each labelled set it extracts the
articles the labels come from, resolves speakers across that run, and compares:

- ``train``: ``fixtures/polnear_train_speakers_labels.jsonl``, 200 speakers of 76 training
  articles (``../shared/eval/polnear_train.jsonl``); the rules were refined on these;
- ``dev``: ``fixtures/polnear_dev_speakers_labels.jsonl``, 100 speakers of 58 dev articles
  (``../shared/eval/polnear_dev.jsonl``), labelled after the rules were written and never
  tuned on.

See ``fixtures/README.md`` for how the labels were made. Compared are

- kind: the run-wide kind of each labelled speaker;
- gender of the article: the gender the article's own evidence gives the speaker, against
  the label, which is judged from that article alone;
- gender of the run: the gender every quote record carries, decided over all the articles.

It prints the figures and confusion tables and writes them to ``bench/speakers.md``. Only
figures are written, never article text.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from quotes.evaluate.speakers import (
    GENDER_VALUES,
    Predicted,
    SpeakerScores,
    confusion_markdown,
    gender_figures,
    label_key,
    read_labels,
    score_speakers,
)
from quotes.names.profile import GENDERED_KINDS, decide_gender
from quotes.types import SPEAKER_KINDS, Document, GenderEvidence, Quote

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
#: Labelled sets: name -> (articles, labels).
SETS = {
    "train": (EVAL / "polnear_train.jsonl", ROOT / "fixtures" / "polnear_train_speakers_labels.jsonl"),
    "dev": (EVAL / "polnear_dev.jsonl", ROOT / "fixtures" / "polnear_dev_speakers_labels.jsonl"),
}
RESULTS = ROOT / "bench" / "speakers.md"


def predictions(batches: Iterable[tuple[Document, Sequence[Quote]]]) -> dict[tuple[str, str], Predicted]:
    """What the extractor says of every speaker of every article, before and after the run is resolved.

    Args:
        batches: Each document with its quotes as the extractor gives them (not yet resolved).

    Returns:
        ``(doc_id, label_key(final speaker id))`` -> kind, gender of the article, gender of the run.
    """
    from quotes.crossdoc.run import resolve_quotes

    kept = [(document.id, list(quotes)) for document, quotes in batches]
    resolved, _ = resolve_quotes(kept)
    evidence: dict[tuple[str, str], set[GenderEvidence]] = {}
    final: dict[tuple[str, str], Quote] = {}
    before = (quote for _, quotes in kept for quote in quotes)
    for original, quote in zip(before, resolved, strict=True):
        if quote.speaker is None or original.speaker is None:
            continue
        key = (quote.doc_id, label_key(quote.speaker.id))
        evidence.setdefault(key, set()).update(original.speaker.evidence)
        final[key] = quote
    out = {}
    for key, quote in final.items():
        speaker = quote.speaker
        assert speaker is not None
        doc_gender = decide_gender(evidence[key])[0] if speaker.kind in GENDERED_KINDS else None
        out[key] = Predicted(speaker.kind, doc_gender, speaker.gender)
    return out


def report(name: str, scores: SpeakerScores, *, articles: int) -> str:
    """The figures and confusion tables of one labelled set, in Markdown."""
    lines = [
        f"## {name}",
        "",
        f"{scores.labels} labelled speakers ({articles} articles extracted); {scores.found} found by the extractor; "
        f"{sum(scores.kinds.values())} with a kind (the others name no speaker).",
        "",
        f"**Kind**: {scores.kind_accuracy:.1%} right.",
        "",
        confusion_markdown(scores.kinds, SPEAKER_KINDS, name="kind"),
    ]
    for title, table in (("Gender from the article's own evidence", scores.doc_genders),
                         ("Gender of the run (all articles' evidence)", scores.run_genders)):
        figures = gender_figures(table)
        lines += [
            f"**{title}**: {figures['accuracy']:.1%} right over {figures['total']} speakers; "
            f"{figures['claimed']} genders given, {figures['precision']:.1%} of them right; "
            f"{figures['coverage']:.1%} of the labelled genders given; "
            f"{figures['wrong']} of the other gender, {figures['unsupported']} where the article gives no evidence.",
            "",
            confusion_markdown(table, GENDER_VALUES, name="gender"),
        ]
    return "\n".join(lines)


def score_set(articles: Path, labels_path: Path, *, only_labelled: bool, n_process: int) -> tuple[SpeakerScores, int]:
    """Extract one set's articles and score its labels; returns the scores and the number of articles."""
    from quotes.pipeline import Extractor
    from quotes.read import read_documents

    labels = read_labels(labels_path)
    documents = list(read_documents([str(articles)], on_problem=lambda problem: None))
    if only_labelled:
        labelled = {label.doc_id for label in labels}
        documents = [document for document in documents if document.id in labelled]
    batches = Extractor().extract_many(documents, n_process=n_process)
    return score_speakers(labels, predictions(batches)), len(documents)


def main(argv: Sequence[str] | None = None) -> int:
    """Extract, score and write the report; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="labelled sets to score (default: all)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown report")
    parser.add_argument("--n-process", type=int, default=1, help="worker processes for the extraction")
    parser.add_argument("--only-labelled", action="store_true",
                        help="extract only the labelled articles (quick; kinds and genders of the run then come from them alone)")
    args = parser.parse_args(argv)
    parts = [f"# Speaker kind and gender against hand labels ({_dt.date.today().isoformat()})", ""]
    for name in args.set or list(SETS):
        articles, labels = SETS[name]
        if not articles.is_file():
            print(f"speakers: {articles} not found (the PolNeAR {name} articles beside the repository)", file=sys.stderr)
            return 2
        scores, count = score_set(articles, labels, only_labelled=args.only_labelled, n_process=args.n_process)
        parts.append(report(name, scores, articles=count))
    text = "\n".join(parts)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"speakers: written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
