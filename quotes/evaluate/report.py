"""Score reports as text tables, with error listings.
"""

from __future__ import annotations

from collections.abc import Sequence

from quotes.evaluate.scopes import SCOPES
from quotes.evaluate.score import CONFIDENT, Report, Scope

_ROWS: tuple[tuple[str, str], ...] = (
    ("gold", "gold"),
    ("predicted", "predicted"),
    ("matched", "matched"),
    ("speaker_right", "speaker right"),
    ("quote_p", "quote P"),
    ("quote_r", "quote R"),
    ("quote_f1", "quote F1"),
    ("speaker_acc", "speaker acc"),
    ("e2e_p", "end-to-end P"),
    ("e2e_r", "end-to-end R"),
    ("e2e_f1", "end-to-end F1"),
)
"""Rows of each scope with overlap matching: attribute of :class:`Scores`, label."""

_EXACT_ROWS: tuple[tuple[str, str], ...] = (
    ("matched", "exact matched"),
    ("quote_f1", "exact quote F1"),
    ("speaker_acc", "exact speaker acc"),
    ("e2e_f1", "exact end-to-end F1"),
)
"""Rows of each scope with exact matching of the content spans."""


#: Characters of quote text shown per error case.
SNIPPET_CHARS = 100


def format_reports(
    reports: Sequence[Report], *, errors: bool = False, error_scope: Scope = "quoted"
) -> str:
    """Lay reports side by side as a plain-text table, one column per system.

    Args:
        reports: The reports to show, in column order.
        errors: Also list each system's misses, extras and wrong speakers.
        error_scope: Which scope's error cases to list.

    Returns:
        The table (and error lists), ending with a newline.

    Raises:
        ValueError: ``error_scope`` is not one of :data:`SCOPES`.
    """
    if error_scope not in SCOPES:
        raise ValueError(f"error_scope must be one of {', '.join(SCOPES)}, got {error_scope!r}")
    labels = [f"{scope} {label}" for scope in SCOPES for _, label in _ROWS + _EXACT_ROWS]
    label_width = max(len(label) for label in [*labels, f"confidence>={CONFIDENT} speaker acc"])
    width = max([10, *(len(r.system) for r in reports)])
    lines = [" " * label_width + "".join(f"  {r.system:>{width}}" for r in reports)]
    lines.append(_row("documents", [str(r.documents) for r in reports], label_width, width))
    lines.append(_row("refused", [str(r.refused) for r in reports], label_width, width))
    for scope in SCOPES:
        for mode, rows in (("overlap", _ROWS), ("exact", _EXACT_ROWS)):
            for attr, label in rows:
                values = [getattr(getattr(r, mode)[scope], attr) for r in reports]
                cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in values]
                lines.append(_row(f"{scope} {label}", cells, label_width, width))
    lines.append(_row(f"confidence>={CONFIDENT} matched", [str(r.confident_matched) for r in reports], label_width, width))
    lines.append(
        _row(f"confidence>={CONFIDENT} speaker acc", [f"{r.confident_accuracy:.3f}" for r in reports], label_width, width)
    )
    if errors:
        for report in reports:
            lines.extend(["", *_format_errors(report, error_scope)])
    return "\n".join(lines) + "\n"


def _row(label: str, cells: Sequence[str], label_width: int, width: int) -> str:
    return f"{label:<{label_width}}" + "".join(f"  {c:>{width}}" for c in cells)


def _format_errors(report: Report, scope: str) -> list[str]:
    cases = [e for e in report.errors if e.scope == scope]
    counts = {kind: sum(e.kind == kind for e in cases) for kind in ("miss", "extra", "wrong_speaker")}
    lines = [
        f"== {report.system}: {scope} errors: {counts['miss']} misses, {counts['extra']} extras, "
        f"{counts['wrong_speaker']} wrong speakers =="
    ]
    for kind in ("miss", "extra", "wrong_speaker"):
        for e in (c for c in cases if c.kind == kind):
            snippet = " ".join(e.text.split())
            if len(snippet) > SNIPPET_CHARS:
                snippet = snippet[: SNIPPET_CHARS - 1] + "…"
            predicted = e.predicted_speaker
            if e.predicted_mention and e.predicted_mention != e.predicted_speaker:
                predicted = f"{predicted} [{e.predicted_mention}]"
            lines.append(
                f"{kind:<13} {e.doc_id} {e.start}:{e.end} {e.type}: {snippet!r} "
                f"gold={e.gold_speaker!r} predicted={predicted!r}"
            )
    return lines
