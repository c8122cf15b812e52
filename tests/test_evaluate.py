"""Tests for gold loading, matching and scoring (quotes.evaluate) and the textacy baseline."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from quotes.evaluate.baseline import RULE, textacy_predictor
from quotes.evaluate.gold import GoldDocument, GoldQuote, RefusedDocument, load_aliases, load_gold, to_document
from quotes.evaluate.match import content_span, match_exact, match_quotes, speaker_is_right, trimmed
from quotes.evaluate.report import format_reports
from quotes.evaluate.scopes import SCOPES, in_scope, written_forms
from quotes.evaluate.score import Scores, Tally, evaluate, predict_gold, score_document, score_predictions
from quotes.types import Cue, Document, Quote, Speaker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEEDS_GOLD = FIXTURES / "seeds_gold.jsonl"
SEEDS_SPEAKERS = FIXTURES / "seeds_speakers.json"

TEXT = "x" * 200
"""Filler text: most tests only need offsets to be in bounds."""


def gold_quote(
    start: int,
    end: int,
    qtype: str = "direct",
    *,
    speaker: str | None = "Mike Pompeo",
    span: tuple[int, int] | None = None,
) -> GoldQuote:
    """A gold quote over ``TEXT``."""
    return GoldQuote(
        start=start,
        end=end,
        type=qtype,
        speaker=speaker,
        speaker_start=span[0] if span else None,
        speaker_end=span[1] if span else None,
        text=TEXT[start:end],
    )


def gold_doc(*quotes: GoldQuote, doc_id: str = "d") -> GoldDocument:
    """A gold document over ``TEXT``."""
    return GoldDocument(id=doc_id, text=TEXT, quotes=quotes, meta={})


def speaker(name: str, *, mention: str | None = None, span: tuple[int, int] = (190, 195)) -> Speaker:
    """A predicted speaker; by default its mention lies away from every gold span used here."""
    return Speaker(name=name, id=name, mention=mention or name, start=span[0], end=span[1])


def quote(start: int, end: int, qtype: str = "direct", who: Speaker | None = None, *, doc_id: str = "d") -> Quote:
    """A predicted quote over ``TEXT``."""
    return Quote(
        doc_id=doc_id,
        index=0,
        text=TEXT[start:end],
        start=start,
        end=end,
        type=qtype,  # type: ignore[arg-type]
        speaker=who,
        cue=None,
        confidence=1.0,
        rule="test",
    )


# --- matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [
        ((5, 15), True),  # overlap 5 of longer 10: exactly half
        ((6, 16), False),  # overlap 4 of 10
        ((0, 20), True),  # overlap 10 of longer 20: exactly half
        ((0, 21), False),  # overlap 10 of 21
        ((10, 20), False),  # touching, no overlap
    ],
)
def test_match_needs_overlap_of_half_the_longer_span(predicted: tuple[int, int], matches: bool) -> None:
    pairs = match_quotes([gold_quote(0, 10)], [quote(*predicted)])
    assert (pairs == [(0, 0)]) is matches


@pytest.mark.parametrize(
    ("gold_type", "predicted", "matches"),
    [
        ("mixed", (40, 50), True),  # inside a mixed quote, though far less than half of it
        ("mixed", (0, 100), True),
        ("direct", (40, 50), False),  # containment only counts for mixed quotes
        ("mixed", (95, 110), False),  # not inside
    ],
)
def test_match_accepts_prediction_inside_mixed_quote(gold_type: str, predicted: tuple[int, int], matches: bool) -> None:
    pairs = match_quotes([gold_quote(0, 100, gold_type)], [quote(*predicted)])
    assert (pairs == [(0, 0)]) is matches


def test_match_is_one_to_one_with_best_overlap_first() -> None:
    gold = [gold_quote(0, 20)]
    predicted = [quote(5, 20), quote(0, 20)]
    assert match_quotes(gold, predicted) == [(0, 1)]
    scored = score_document(gold_doc(*gold), [quote(5, 20, who=speaker("Pompeo")), quote(0, 20, who=speaker("Pompeo"))])
    assert scored.overlap["quoted"] == Tally(gold=1, predicted=2, matched=1, speaker_right=1)
    assert [(e.kind, e.start, e.end) for e in scored.errors if e.scope == "quoted"] == [("extra", 5, 20)]


def test_match_greedy_prefers_larger_overlap_over_order() -> None:
    gold = [gold_quote(0, 10), gold_quote(0, 12)]
    predicted = [quote(0, 12), quote(0, 10)]
    assert match_quotes(gold, predicted) == [(0, 1), (1, 0)]


def test_match_ranks_pairs_by_share_of_the_longer_span_not_by_overlap_length() -> None:
    # with (20, 80): 60 of 100 characters of the long quote, 40 of 60 of the short one;
    # the reference scorer ranks by share, so the short quote wins though it shares less
    gold = [gold_quote(0, 100), gold_quote(30, 70)]
    assert match_quotes(gold, [quote(20, 80)]) == [(1, 0)]


def test_match_breaks_ties_for_the_later_gold_quote() -> None:
    # (5, 15) shares half of each gold quote: the reference scorer takes the later one
    assert match_quotes([gold_quote(0, 10), gold_quote(10, 20)], [quote(5, 15)]) == [(1, 0)]


# --- exact matching ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trimmed_to"),
    [
        ("“We will win,”", "We will win"),
        ("that the vote was rigged.", "the vote was rigged"),
        ("  (that “that is all”)  ", "is all"),  # trimmed again after each "that "
        ("that", "that"),  # a "that" alone stays
        ("thatcher won", "thatcher won"),
    ],
)
def test_trimmed_drops_marks_punctuation_spaces_and_a_leading_that(text: str, trimmed_to: str) -> None:
    start, end = trimmed(text, 0, len(text))
    assert text[start:end] == trimmed_to


@dataclass(frozen=True)
class ClauseQuote(Quote):
    """A predicted quote that gives the reported clause holding its quoted words."""

    clause: dict[str, Any] | None = None


CLAUSE_TEXT = "Lee said that the plan was “a disaster” for the town. “It failed,” Kim said."


def clause_quote(sub: str, qtype: str, clause: str | None = None) -> Quote:
    """A predicted quote over ``sub`` in :data:`CLAUSE_TEXT`, with the clause ``clause`` if given."""
    start = CLAUSE_TEXT.index(sub)
    span = None
    if clause is not None:
        c = CLAUSE_TEXT.index(clause)
        span = {"text": clause, "start": c, "end": c + len(clause)}
    return ClauseQuote(doc_id="d", index=0, text=sub, start=start, end=start + len(sub), type=qtype,  # type: ignore[arg-type]
                       speaker=None, cue=None, confidence=1.0, rule="test", clause=span)


def clause_gold(sub: str, qtype: str) -> GoldQuote:
    start = CLAUSE_TEXT.index(sub)
    return GoldQuote(start=start, end=start + len(sub), type=qtype, speaker="Lee", speaker_start=None,
                     speaker_end=None, text=sub)


def test_exact_match_needs_the_same_trimmed_content() -> None:
    gold = [clause_gold("“It failed,”", "direct")]
    assert match_exact(gold, [clause_quote("It failed,", "direct")], CLAUSE_TEXT) == [(0, 0)]
    assert match_exact(gold, [clause_quote("It failed", "direct")], CLAUSE_TEXT) == [(0, 0)]
    assert match_exact(gold, [clause_quote("It fail", "direct")], CLAUSE_TEXT) == []


def test_exact_match_of_a_partial_quote_reads_its_clause_where_given() -> None:
    gold = [clause_gold("that the plan was “a disaster” for the town", "mixed")]
    bare = clause_quote("a disaster", "partial")
    with_clause = clause_quote("a disaster", "partial", clause="the plan was “a disaster” for the town")
    assert content_span(bare) == (bare.start, bare.end)
    assert match_exact(gold, [bare], CLAUSE_TEXT) == []
    assert match_exact(gold, [with_clause], CLAUSE_TEXT) == [(0, 0)]
    # overlap matching still goes by the quote's own span (inside the mixed quote)
    assert match_quotes(gold, [with_clause]) == [(0, 0)]


def test_exact_match_takes_predictions_in_order_and_each_gold_once() -> None:
    gold = [clause_gold("It failed,", "direct"), clause_gold("“It failed,”", "direct")]
    predicted = [clause_quote("It failed", "direct"), clause_quote("It failed,", "direct")]
    # both gold quotes trim to the same span: only the last can be matched, by the first prediction
    assert match_exact(gold, predicted, CLAUSE_TEXT) == [(1, 0)]


# --- speakers ------------------------------------------------------------------------


def test_speaker_right_by_span_overlap_whatever_the_name() -> None:
    gold = gold_quote(0, 10, speaker="he", span=(20, 22))
    assert speaker_is_right(gold, speaker("Someone Else", span=(21, 30)))
    assert not speaker_is_right(gold, speaker("Someone Else", span=(22, 30)))


@pytest.mark.parametrize(
    ("name", "mention", "right"),
    [
        ("Pompeo", None, True),
        ("Mike Pompeo", None, True),
        ("mike pompeo", None, True),
        ("U.S. Secretary of State Mike Pompeo", None, True),
        ("Pompeo's", None, False),  # the apostrophe splits off an "s" that Mike Pompeo has not
        ("Maduro", None, False),
        ("Mike Maduro", None, False),
        ("Maduro", "Pompeo", False),  # the name decides, not the mention
        ("", "Pompeo", True),  # ... unless there is no name
        ("Mike", "he", True),
        ("he", None, False),
        ("His", "Pompeo", False),
    ],
)
def test_speaker_right_by_name_containment(name: str, mention: str | None, right: bool) -> None:
    gold = gold_quote(0, 10, speaker="Mike Pompeo")
    assert speaker_is_right(gold, speaker(name, mention=mention)) is right


@pytest.mark.parametrize("gold_name", ["he", "Their", "him "])
def test_speaker_pronoun_gold_name_never_matches_by_words(gold_name: str) -> None:
    gold = gold_quote(0, 10, speaker=gold_name)
    assert not speaker_is_right(gold, speaker(gold_name.strip().title()))


def test_speaker_none_is_never_right() -> None:
    assert not speaker_is_right(gold_quote(0, 10, span=(20, 30)), None)


def test_speaker_right_through_aliases_of_the_gold_name() -> None:
    aliases = load_aliases(SEEDS_SPEAKERS)
    gold = gold_quote(0, 10, speaker="Juan Guaido")
    assert not speaker_is_right(gold, speaker("@jguaido"))
    assert speaker_is_right(gold, speaker("@jguaido"), aliases=aliases)
    assert not speaker_is_right(gold, speaker("someone", mention="@jguaido"), aliases=aliases)
    assert not speaker_is_right(gold, speaker("@Robertomarrero"), aliases=aliases)
    # only a gold name that is a canonical name accepts the variants
    assert not speaker_is_right(gold_quote(0, 10, speaker="@jguaido"), speaker("Juan Guaido"), aliases=aliases)


def test_load_aliases_includes_canonical_name(tmp_path: Path) -> None:
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Juan Guaido": ["Guaido"]}), encoding="utf-8")
    assert load_aliases(path) == {"Juan Guaido": frozenset({"Juan Guaido", "Guaido"})}
    path.write_text(json.dumps({"Juan Guaido": "Guaido"}), encoding="utf-8")
    with pytest.raises(ValueError, match="aliases.json"):
        load_aliases(path)


# --- scopes and reports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "form"),
    [("say", "said"), ("tell", "told"), ("write", "written"), ("tweet", "tweeted"), ("reply", "replies"),
     ("reply", "replied"), ("criticize", "criticizing"), ("vow", "vowed"), ("stress", "stresses")],
)
def test_written_forms_of_a_speech_verb(lemma: str, form: str) -> None:
    assert form in written_forms(lemma)


@pytest.mark.parametrize(
    ("qtype", "cue", "scopes"),
    [
        ("direct", None, {"quoted", "speech", "all"}),
        ("mixed", "believes", {"quoted", "speech", "all"}),
        ("indirect", "said", {"speech", "all"}),
        ("indirect", "according to", {"speech", "all"}),
        ("indirect", "told reporters", {"speech", "all"}),
        ("indirect", Cue(text="explains", lemma="explain", start=0, end=8), {"speech", "all"}),
        ("indirect", Cue(text="tweeted", lemma="tweete", start=0, end=7), {"speech", "all"}),  # the text makes up for the lemma
        ("indirect", Cue(text="hopes", lemma="hop", start=0, end=5), {"all"}),
        ("indirect", "believes", {"all"}),
        ("indirect", "shows", {"all"}),
        ("indirect", None, {"all"}),
    ],
)
def test_scopes_count_quoted_material_and_reported_speech(qtype: str, cue: Cue | str | None, scopes: set[str]) -> None:
    assert {scope for scope in SCOPES if in_scope(qtype, cue, scope)} == scopes


def test_unknown_scope_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="quoted, speech, all"):
        in_scope("direct", None, "every")


def test_scopes_exclude_indirect_from_quoted() -> None:
    gold = gold_doc(gold_quote(0, 10, "direct"), gold_quote(20, 40, "indirect"), gold_quote(50, 90, "mixed"))
    predicted = [quote(0, 10, "direct", speaker("Pompeo")), quote(20, 40, "indirect", speaker("Pompeo"))]
    scored = score_document(gold, predicted)
    assert scored.overlap["quoted"] == Tally(gold=2, predicted=1, matched=1, speaker_right=1)
    assert scored.overlap["all"] == Tally(gold=3, predicted=2, matched=2, speaker_right=2)


def test_speech_scope_keeps_indirect_quotes_reported_by_a_verb_of_saying() -> None:
    said = Cue(text="said", lemma="say", start=150, end=154)
    thinks = Cue(text="thinks", lemma="think", start=160, end=166)
    gold = gold_doc(
        replace(gold_quote(0, 10, "indirect"), cue="said"),
        replace(gold_quote(20, 40, "indirect"), cue="thinks"),
        gold_quote(50, 60, "direct"),
    )
    predicted = [
        replace(quote(0, 10, "indirect", speaker("Pompeo")), cue=said),
        replace(quote(20, 40, "indirect", speaker("Pompeo")), cue=thinks),
        replace(quote(70, 80, "indirect", speaker("Pompeo")), cue=said),
    ]
    scored = score_document(gold, predicted)
    assert scored.overlap["speech"] == Tally(gold=2, predicted=2, matched=1, speaker_right=1)
    assert scored.overlap["all"] == Tally(gold=3, predicted=3, matched=2, speaker_right=2)
    assert [(e.kind, e.start) for e in scored.errors if e.scope == "speech"] == [("miss", 50), ("extra", 70)]


def test_predicted_indirect_is_not_an_extra_in_quoted_scope() -> None:
    scored = score_document(gold_doc(), [quote(20, 40, "indirect", speaker("Pompeo"))])
    assert scored.overlap["quoted"] == Tally(gold=0, predicted=0, matched=0, speaker_right=0)
    assert [(e.scope, e.kind) for e in scored.errors] == [("all", "extra")]


def test_exact_tally_counts_only_the_same_boundaries() -> None:
    text = "“We will win,” Ann Lee said. Ann Lee said the vote was rigged."
    win, vote = text.index("We will"), text.index("the vote")
    gold = GoldDocument(id="d", text=text, quotes=(
        GoldQuote(win - 1, win + 13, "direct", "Ann Lee", None, None, text[win - 1 : win + 13]),
        GoldQuote(vote, len(text), "indirect", "Ann Lee", None, None, text[vote:]),
    ))
    ann = Speaker(name="Ann Lee", id="ann-lee", mention="Ann Lee", start=15, end=22)
    predicted = [
        Quote("d", 0, text[win : win + 12], win, win + 12, "direct", ann, None, 1.0, "test"),
        Quote("d", 1, text[vote + 4 : -1], vote + 4, len(text) - 1, "indirect", ann, None, 1.0, "test"),
    ]
    scored = score_document(gold, predicted)
    assert scored.overlap["all"] == Tally(gold=2, predicted=2, matched=2, speaker_right=2)
    assert scored.exact["all"] == Tally(gold=2, predicted=2, matched=1, speaker_right=1)


def test_wrong_speaker_is_matched_but_not_end_to_end() -> None:
    report = evaluate([gold_doc(gold_quote(0, 10))], lambda d: [quote(0, 10, who=speaker("Maduro"))], system="s")
    assert (report.quoted.quote_f1, report.quoted.speaker_acc, report.quoted.e2e_f1) == (1.0, 0.0, 0.0)
    assert [(e.kind, e.gold_speaker, e.predicted_speaker) for e in report.errors if e.scope == "quoted"] == [
        ("wrong_speaker", "Mike Pompeo", "Maduro")
    ]


def test_perfect_predictions_score_one_everywhere() -> None:
    said = Cue(text="said", lemma="say", start=150, end=154)
    gold = gold_doc(
        gold_quote(0, 10, "direct"),
        gold_quote(20, 30, "partial", speaker="he", span=(100, 102)),
        gold_quote(40, 60, "mixed"),
        replace(gold_quote(70, 90, "indirect"), cue="said"),
    )

    def perfect(document: Document) -> list[Quote]:
        return [
            quote(0, 10, "direct", speaker("Mike Pompeo")),
            quote(20, 30, "partial", speaker("Pompeo", mention="he", span=(100, 102))),
            quote(40, 60, "partial", speaker("Pompeo")),
            replace(quote(70, 90, "indirect", speaker("Pompeo")), cue=said),
        ]

    report = evaluate([gold], perfect, system="perfect")
    for scores in [*report.overlap.values(), *report.exact.values()]:
        assert (scores.quote_p, scores.quote_r, scores.quote_f1, scores.speaker_acc) == (1.0, 1.0, 1.0, 1.0)
        assert (scores.e2e_p, scores.e2e_r, scores.e2e_f1) == (1.0, 1.0, 1.0)
    assert report.errors == ()
    assert (report.quoted.gold, report.speech.gold, report.all.gold) == (3, 4, 4)


def test_refused_documents_are_counted_and_scored_as_empty() -> None:
    docs = [gold_doc(gold_quote(0, 10), doc_id="a"), gold_doc(gold_quote(0, 10), doc_id="b")]

    def predict(document: Document) -> list[Quote]:
        if document.id == "b":
            raise RefusedDocument("unbalanced quote marks")
        return [quote(0, 10, who=speaker("Pompeo"), doc_id=document.id)]

    report = evaluate(docs, predict, system="s")
    assert (report.documents, report.refused) == (2, 1)
    assert (report.quoted.gold, report.quoted.predicted, report.quoted.matched) == (2, 1, 1)
    assert (report.quoted.quote_p, report.quoted.quote_r) == (1.0, 0.5)
    assert [(e.doc_id, e.kind) for e in report.errors if e.scope == "quoted"] == [("b", "miss")]


def test_scores_with_nothing_to_divide_by_are_zero() -> None:
    scores = Scores.from_tally(Tally())
    assert (scores.quote_p, scores.quote_r, scores.quote_f1, scores.speaker_acc, scores.e2e_f1) == (0.0,) * 5


def test_report_as_json_gives_every_scope_with_its_exact_figures() -> None:
    report = evaluate([gold_doc(gold_quote(0, 10))], lambda d: [quote(1, 10, who=speaker("Pompeo"))], system="s")
    data = json.loads(json.dumps(report.to_dict()))
    assert (data["system"], data["documents"], data["refused"]) == ("s", 1, 0)
    for scope in SCOPES:
        assert (data[scope]["matched"], data[scope]["quote_f1"], data[scope]["e2e_f1"]) == (1, 1.0, 1.0)
        assert (data[scope]["exact"]["matched"], data[scope]["exact"]["quote_f1"]) == (0, 0.0)


def test_format_reports_lays_systems_side_by_side_and_lists_errors() -> None:
    long_text = "y" * 150
    gold = GoldDocument(id="doc-7", text=long_text, quotes=(GoldQuote(0, 150, "direct", "A B", None, None, long_text),))
    first = evaluate([gold], lambda d: [], system="nothing")
    second = evaluate([gold], lambda d: [quote(0, 150, who=speaker("C"))], system="second")
    table = format_reports([first, second])
    lines = table.splitlines()
    assert "nothing" in lines[0] and "second" in lines[0]
    for scope in SCOPES:
        assert any(line.startswith(f"{scope} end-to-end F1") for line in lines)
        assert any(line.startswith(f"{scope} exact quote F1") for line in lines)
    assert next(line for line in lines if line.startswith("all exact quote F1")).split()[-2:] == ["0.000", "1.000"]
    assert "doc-7" not in table
    listed = format_reports([first, second], errors=True)
    assert "miss" in listed and "wrong_speaker" in listed and "doc-7 0:150" in listed
    assert "y" * 99 + "…" in listed and "y" * 101 not in listed
    with pytest.raises(ValueError, match="error_scope"):
        format_reports([first], errors=True, error_scope="some")  # type: ignore[arg-type]


# --- gold files ----------------------------------------------------------------------


def test_load_gold_reads_seed_fixture() -> None:
    docs = load_gold(SEEDS_GOLD)
    records = [json.loads(line) for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines()]
    assert [d.id for d in docs] == [r["id"] for r in records]
    assert [[q.type for q in d.quotes] for d in docs] == [[q["type"] for q in r["quotes"]] for r in records]
    assert {q.type for d in docs for q in d.quotes} == {"direct", "partial", "indirect"}
    for doc in docs:
        for q in doc.quotes:
            assert doc.text[q.start : q.end] == q.text
            assert q.speaker_start is None and q.speaker_mention


def test_to_document_keeps_metadata_but_not_quotes(tmp_path: Path) -> None:
    # as `quotes extract` reads the gold file: scalar keys only, and no annotation keys
    path = tmp_path / "gold.jsonl"
    record = {"id": "a", "text": "Hi.", "publisher": "p", "annotator": "ef2d", "discard_spans": [[0, 1]],
              "tags": ["x"], "quotes": [{"start": 0, "end": 2, "type": "direct"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (gold,) = load_gold(path)
    document = to_document(gold)
    assert (document.id, document.text, dict(document.meta), document.line) == ("a", "Hi.", {"publisher": "p"}, 1)


GOOD_LINE = json.dumps({"id": "a", "text": "Hello there.", "quotes": [{"start": 0, "end": 5, "type": "direct"}]})


@pytest.mark.parametrize(
    "bad_line",
    [
        '{"id": "b", "text": ',
        '["not", "an", "object"]',
        json.dumps({"id": "b", "text": "Hi.", "quotes": [{"start": 0, "end": 9, "type": "direct"}]}),
        json.dumps({"id": "b", "text": "Hi.", "quotes": [{"start": 0, "end": 2, "type": "quoted"}]}),
        json.dumps({"id": "b", "text": "Hi.", "quotes": [{"start": 0, "end": 2, "type": "direct", "text": "Ho"}]}),
        json.dumps({"id": "b", "text": "Hi.", "quotes": [{"start": 0, "end": 2, "type": "direct", "speaker_start": 0}]}),
        json.dumps({"id": "b", "text": "Hi."}),
    ],
)
def test_load_gold_names_file_and_line_of_malformed_line(tmp_path: Path, bad_line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f"{GOOD_LINE}\n\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3:"):
        load_gold(path)


# --- baseline ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def baseline(nlp: Language) -> Callable[[Document], list[Quote]]:
    """The textacy baseline over the session's pipeline."""
    return textacy_predictor(nlp)


def test_baseline_finds_direct_quote_and_refuses_odd_quote_marks(baseline: Callable[[Document], list[Quote]]) -> None:
    text = '"We will win," she said.'
    (found,) = baseline(Document(id="t", text=text))
    assert (found.text, found.type, found.rule) == ("We will win,", "direct", RULE)
    assert text[found.start : found.end] == found.text
    assert found.speaker is not None and (found.speaker.name, found.speaker.start) == ("she", 15)
    assert found.cue is not None and found.cue.lemma == "say"
    with pytest.raises(RefusedDocument):
        baseline(Document(id="u", text='"We will win," she said. "And then'))


def test_report_counts_speaker_accuracy_of_confident_predictions_only() -> None:
    from quotes.evaluate.gold import GoldDocument, GoldQuote
    from quotes.evaluate.score import evaluate
    from quotes.types import Quote, Speaker

    text = "“Yes,” Ann Lee said. “No,” Bo Kim said."
    gold = GoldDocument(id="d", text=text, quotes=(
        GoldQuote(start=1, end=5, type="direct", speaker="Ann Lee", speaker_start=None, speaker_end=None, text="Yes,"),
        GoldQuote(start=22, end=25, type="direct", speaker="Bo Kim", speaker_start=None, speaker_end=None, text="No,"),
    ), meta={})

    def quote(start: int, end: int, name: str, confidence: float) -> Quote:
        speaker = Speaker(name=name, id=name, mention=name, start=0, end=1)
        return Quote(doc_id="d", index=0, text=text[start:end], start=start, end=end, type="direct",
                     speaker=speaker, cue=None, confidence=confidence, rule="test")

    report = evaluate([gold], lambda _doc: [quote(1, 5, "Ann Lee", 0.9), quote(22, 25, "Ann Lee", 0.5)], system="s")
    assert (report.confident_matched, report.confident_right) == (1, 1)
    report = evaluate([gold], lambda _doc: [quote(1, 5, "Bo Kim", 0.95)], system="s")
    assert report.confident_accuracy == 0.0


def test_predictions_can_carry_run_wide_speaker_names() -> None:
    # `quotes extract` names a speaker across the run: "Pompeo" in one article is the
    # "Mike Pompeo" of another; evaluation with resolve=True scores those names
    texts = {"a": "Mike Pompeo said it.", "b": "Pompeo said it."}
    docs = [GoldDocument(id=i, text=t, quotes=()) for i, t in texts.items()]

    def predict(document: Document) -> list[Quote]:
        name = "Mike Pompeo" if document.id == "a" else "Pompeo"
        who = Speaker(name=name, id=name, mention=name, start=0, end=len(name))
        return [Quote(document.id, 0, "it", 17, 19, "indirect", who, None, 1.0, "test")]

    for resolve, names in ((False, ["Mike Pompeo", "Pompeo"]), (True, ["Mike Pompeo", "Mike Pompeo"])):
        predictions, refused = predict_gold(docs, predict, system="s", resolve=resolve)
        assert refused == 0 and [q.speaker.name for quotes in predictions for q in quotes if q.speaker] == names


def test_score_predictions_needs_one_list_a_document() -> None:
    with pytest.raises(ValueError, match="one list of quotes for each of the 1 documents, got 0"):
        score_predictions([gold_doc()], [], system="s")
