"""Across documents: one id and name per speaker, statement groups, the speaker index."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.crossdoc.run import RunWriter, resolve_quotes
from quotes.crossdoc.statements import fingerprint, same_statement, shared_pairs, shared_words
from quotes.evaluate.gold import load_aliases, load_gold, to_document
from quotes.evaluate.groups import load_statements, pairwise_f1, speaker_grouping_score, statement_grouping_score
from quotes.export.jsonl import read_quotes, validate_record
from quotes.pipeline import Extractor
from quotes.types import Document, Quote, Speaker

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def quote(doc_id: str, index: int, text: str, name: str, *, mention: str | None = None, title: str | None = None,
          start: int | None = None, type: str = "direct") -> Quote:  # fmt: skip
    """A hand-made quote: offsets are only used for ordering and gaps."""
    start = index * 1000 if start is None else start
    speaker = Speaker(name=name, id="", mention=mention or name, start=0, end=len(mention or name), title=title)
    return Quote(doc_id, index, text, start, start + len(text), type, speaker, None, 0.9, "test")  # type: ignore[arg-type]


def resolved(*docs: tuple[str, list[Quote]]) -> dict[tuple[str, int], Quote]:
    quotes, _ = resolve_quotes(docs)
    return {(q.doc_id, q.index): q for q in quotes}


# --- speakers ------------------------------------------------------------------------


def test_surname_joins_the_one_full_name_of_the_run() -> None:
    out = resolved(("a", [quote("a", 0, "Yes.", "Mike Pompeo")]), ("b", [quote("b", 0, "No.", "Pompeo")]))
    assert out[("b", 0)].speaker == out[("a", 0)].speaker.__class__(  # type: ignore[union-attr]
        name="Mike Pompeo", id="mike-pompeo", mention="Pompeo", start=0, end=6, title=None
    )


def test_surname_never_joins_a_full_name_its_honorific_contradicts() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Yes.", "Hillary Clinton")]),
        ("b", [quote("b", 0, "No.", "Clinton", mention="Mr. Clinton", title="Mr.")]),
    )
    ids = {k: q.speaker.id for k, q in out.items() if q.speaker}
    assert ids == {("a", 0): "hillary-clinton", ("b", 0): "clinton"}
    # without the honorific the surname joins, as above
    out = resolved(("a", [quote("a", 0, "Yes.", "Hillary Clinton")]), ("b", [quote("b", 0, "No.", "Clinton")]))
    assert out[("b", 0)].speaker.id == "hillary-clinton"  # type: ignore[union-attr]


def test_surname_stays_apart_when_two_full_names_share_it() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Yes.", "Bill Clinton")]),
        ("b", [quote("b", 0, "No.", "Hillary Clinton")]),
        ("c", [quote("c", 0, "Maybe.", "Clinton")]),
    )
    ids = {k: q.speaker.id for k, q in out.items() if q.speaker}
    assert ids == {("a", 0): "bill-clinton", ("b", 0): "hillary-clinton", ("c", 0): "clinton"}


def test_a_middle_initial_joins_the_name_without_it() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Yes.", "Donald J. Trump")]),
        ("b", [quote("b", 0, "No.", "Donald Trump")]),
        ("c", [quote("c", 0, "Maybe.", "Trump")]),
    )
    assert {(q.speaker.id, q.speaker.name) for q in out.values() if q.speaker} == {("donald-trump", "Donald J. Trump")}


def test_two_initialled_forms_keep_the_short_form_apart() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Yes.", "George W. Bush")]),
        ("b", [quote("b", 0, "No.", "George H. W. Bush")]),
        ("c", [quote("c", 0, "Maybe.", "George Bush")]),
    )
    assert len({q.speaker.id for q in out.values() if q.speaker}) == 3


def test_an_unresolved_pronoun_is_not_one_person_across_documents() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Yes.", "he"), quote("a", 1, "Sure.", "he")]),
        ("b", [quote("b", 0, "No.", "he")]),
    )
    assert out[("a", 0)].speaker.id == out[("a", 1)].speaker.id != out[("b", 0)].speaker.id  # type: ignore[union-attr]
    assert out[("a", 0)].speaker.id.startswith("he-")  # type: ignore[union-attr]


def test_aliases_are_forms_of_the_name_not_whatever_the_mention_held() -> None:
    _, resolution = resolve_quotes(
        [("a", [quote("a", 0, "One.", "Donald Trump", mention="Donald Trump"),
                quote("a", 1, "Two.", "Donald Trump", mention="that"),
                quote("a", 2, "Three.", "Donald Trump", mention="Trump and Lewandowski"),
                quote("a", 3, "Four.", "Donald Trump", mention="Mr. Trump", title="Mr.")])]
    )  # fmt: skip
    (record,) = resolution.speaker_records()
    assert record["aliases"] == ["Donald Trump", "Trump"]
    assert record["titles"] == ["Mr."]


def test_handle_joins_the_name_it_spells() -> None:
    out = resolved(("a", [quote("a", 0, "We go on.", "Juan Guaido")]), ("b", [quote("b", 0, "Free him.", "@jguaido")]))
    assert out[("b", 0)].speaker.id == "juan-guaido"  # type: ignore[union-attr]
    assert out[("b", 0)].speaker.name == "Juan Guaido"  # type: ignore[union-attr]


def test_aliases_of_a_country_are_one_speaker_named_in_full() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Sanctions stay.", "US", mention="US")]),
        ("b", [quote("b", 0, "Sanctions go.", "United States", mention="The United States")]),
        ("c", [quote("c", 0, "Talks now.", "U.S.", mention="the U.S.")]),
    )
    assert {(q.speaker.id, q.speaker.name) for q in out.values() if q.speaker} == {("united-states", "United States")}


def test_display_name_takes_the_casing_seen_elsewhere_in_the_run() -> None:
    out = resolved(
        ("a", [quote("a", 0, "No.", "Mcdonald Smith", mention="mcdonald smith")]),
        ("b", [quote("b", 0, "Yes.", "McDonald Smith")]),
    )
    assert {q.speaker.name for q in out.values() if q.speaker} == {"McDonald Smith"}


def test_title_casing_is_taken_from_a_well_cased_document() -> None:
    out = resolved(
        ("a", [quote("a", 0, "No.", "Mike Pompeo", mention="u.S. secretary of state mike pompeo",
                     title="U.S. Secretary Of State")]),
        ("b", [quote("b", 0, "Yes.", "Mike Pompeo", mention="U.S. Secretary of State Mike Pompeo",
                     title="U.S. Secretary of State")]),
    )  # fmt: skip
    assert {q.speaker.title for q in out.values() if q.speaker} == {"U.S. Secretary of State"}


def test_speaker_index_lists_ids_names_titles_aliases_documents_and_counts() -> None:
    _, resolution = resolve_quotes(
        [
            ("a", [quote("a", 0, "One.", "Mike Pompeo", mention="Secretary of State Mike Pompeo", title="Secretary of State"),
                   quote("a", 1, "Two.", "Mike Pompeo", mention="Pompeo")]),
            ("b", [quote("b", 0, "Three.", "Mike Pompeo", mention="mike pompeo")]),
        ]
    )  # fmt: skip
    (record,) = resolution.speaker_records()
    assert record == {
        "id": "mike-pompeo", "name": "Mike Pompeo", "kind": "person", "gender": None, "gender_evidence": [],
        "titles": ["Secretary of State"], "aliases": ["Mike Pompeo", "Pompeo", "mike pompeo"], "documents": ["a", "b"],
        "quotes": 3, "statements": [],
    }  # fmt: skip


# --- statements ----------------------------------------------------------------------

TWEET = ("The United States condemns raids by Maduro's security services and detention of Roberto Marrero. "
         "We call for his immediate release. We will hold accountable those involved.")  # fmt: skip
TRANSLATED = "The united states condemns the raids by maduro's security forces and the arrest of roberto marrero"


def test_fingerprint_keeps_content_words_and_spells_out_handles() -> None:
    assert fingerprint("They have kidnapped @Robertomarrero, my chief of staff", names=["Roberto Marrero"]) == (
        "kidnapped roberto marrero chief staff"
    )


def test_a_translation_with_the_same_names_and_key_words_is_the_same_statement() -> None:
    assert same_statement(fingerprint(TWEET), fingerprint(TRANSLATED))


def test_a_partial_quote_inside_a_longer_one_is_the_same_statement() -> None:
    found, share = shared_words(fingerprint("we will hold accountable those involved."), fingerprint(TWEET))
    assert (found, share) == (3, 1.0)


def test_near_spellings_count_as_one_word() -> None:
    assert shared_words("release detained immediately", "released detain immediate")[0] == 3


def test_quotes_sharing_a_word_or_two_are_different_statements() -> None:
    assert not same_statement(fingerprint("The raid was illegal, we will win"), fingerprint(TWEET))
    assert not same_statement(fingerprint("ransacked"), fingerprint("they ransacked my home"))


def test_the_same_statement_in_three_documents_gets_one_statement_id() -> None:
    out = resolved(
        ("a", [quote("a", 0, "we will hold accountable those involved.", "Mike Pompeo", type="partial")]),
        ("b", [quote("b", 0, TWEET, "Mike Pompeo")]),
        ("c", [quote("c", 0, TRANSLATED, "Mike Pompeo"), quote("c", 1, "Nothing in common here at all.", "Mike Pompeo")]),
    )
    statements = {k: q.statement for k, q in out.items()}
    assert statements[("a", 0)] == statements[("b", 0)] == statements[("c", 0)] is not None
    assert statements[("a", 0)].startswith("mike-pompeo:")  # type: ignore[union-attr]
    assert statements[("c", 1)] is None


def test_a_short_quote_joins_one_statement_but_never_bridges_two() -> None:
    out = resolved(
        ("a", [quote("a", 0, "Our leaders refuse to name radical Islamic terrorism and the threat keeps growing", "Ann Cole")]),
        ("b", [quote("b", 0, "The attack in Orlando shows radical Islamic terrorism is here while leaders look away", "Ann Cole")]),
        ("c", [quote("c", 0, "radical Islamic terrorism", "Ann Cole", type="partial")]),
    )
    assert out[("a", 0)].statement != out[("b", 0)].statement
    assert out[("c", 0)].statement in (out[("a", 0)].statement, out[("b", 0)].statement)


def test_shared_topic_words_without_shared_phrasing_are_different_statements() -> None:
    assert shared_pairs(fingerprint(TWEET), fingerprint(TRANSLATED)) >= 2
    assert not same_statement("marrero release raids security condemns", "security raids condemns release marrero")


def test_statements_are_compared_only_within_one_speaker() -> None:
    out = resolved(("a", [quote("a", 0, TWEET, "Mike Pompeo")]), ("b", [quote("b", 0, TWEET, "John Bolton")]))
    assert {q.statement for q in out.values()} == {None}


def test_one_document_alone_makes_no_statement_cluster() -> None:
    out = resolved(("a", [quote("a", 0, TWEET, "Mike Pompeo"), quote("a", 1, TRANSLATED, "Mike Pompeo")]))
    assert {q.statement for q in out.values()} == {None}


def test_pieces_of_one_statement_in_a_paragraph_join_its_cluster() -> None:
    second = "We do not know his whereabouts. The regime must release him immediately."
    text = f"“Free him,” Guaido wrote, “{second}”\n\n“Later,” he said."
    doc = Document("a", text)
    pieces = [
        quote("a", 0, "Free him,", "Juan Guaido", start=1),
        quote("a", 1, second, "Juan Guaido", start=text.index("We")),
        quote("a", 2, "Later,", "Juan Guaido", start=text.index("Later")),
    ]
    other = ("b", [quote("b", 0, "We don't know his whereabouts; the regime must release him immediately.", "Juan Guaido")])
    quotes, _ = resolve_quotes([(doc, pieces), other])
    statements = [q.statement for q in quotes]
    assert statements[3] is not None
    assert statements[0] == statements[1] == statements[3]
    assert statements[2] is None


# --- finalising a run ----------------------------------------------------------------


def test_run_writer_spools_then_writes_final_records_and_the_speaker_index() -> None:
    out, speakers = io.StringIO(), io.StringIO()
    with RunWriter(out, speakers=speakers) as writer:
        writer.write(Document("a", "x"), [quote("a", 0, TWEET, "Mike Pompeo")])
        writer.write(Document("b", "y"), [quote("b", 0, TRANSLATED, "Pompeo")])
        assert out.getvalue() == ""
    records = list(read_quotes(io.StringIO(out.getvalue())))
    for record in records:
        validate_record(record)
    assert {(r["speaker"]["id"], r["speaker"]["name"]) for r in records} == {("mike-pompeo", "Mike Pompeo")}
    assert records[0]["statement"] == records[1]["statement"]
    (index,) = [json.loads(line) for line in speakers.getvalue().splitlines()]
    assert index["statements"][0]["documents"] == ["a", "b"]


DOCS = [
    ("d1", [("Mike Pompeo", TWEET), ("Juan Guaido", "We do not know their whereabouts, they must be freed")]),
    ("d2", [("Pompeo", TRANSLATED), ("guaido", "We don't know his whereabouts; he must be freed immediately")]),
    ("d3", [("@jguaido", "They must be freed, we do not know their whereabouts"), ("US", "Sanctions remain")]),
    ("d4", [("Bill Clinton", "I did not"), ("Clinton", "It depends"), ("The United States", "Sanctions remain in force")]),
]


def _run(order: list[int]) -> dict[tuple[str, int], tuple[str | None, str | None, str | None]]:
    batches = [(DOCS[i][0], [quote(DOCS[i][0], j, text, name) for j, (name, text) in enumerate(DOCS[i][1])]) for i in order]
    quotes, _ = resolve_quotes(batches)
    return {(q.doc_id, q.index): (q.speaker.id if q.speaker else None, q.speaker.name if q.speaker else None, q.statement)
            for q in quotes}  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(order=st.permutations(range(len(DOCS))))
def test_ids_names_and_statements_do_not_depend_on_document_order(order: list[int]) -> None:
    assert _run(list(order)) == _run(list(range(len(DOCS))))


def test_ids_are_stable_from_run_to_run() -> None:
    first = _run([0, 1, 2, 3])
    assert first[("d1", 0)][0] == "mike-pompeo" and first[("d3", 0)][0] == "juan-guaido"
    assert first[("d3", 1)][0] == first[("d4", 2)][0] == "united-states"
    assert first[("d1", 0)][2] == first[("d2", 0)][2] == _run([0, 1, 2, 3])[("d2", 0)][2]


# --- scoring -------------------------------------------------------------------------


def test_pairwise_f1_counts_pairs_placed_together() -> None:
    score = pairwise_f1({1: "a", 2: "a", 3: "a"}, {1: "x", 2: "x", 3: "y"})
    assert (score.true_pairs, score.predicted_pairs, score.gold_pairs) == (1, 3, 1)
    assert score.recall == 1.0 and score.precision == pytest.approx(1 / 3)


@pytest.fixture(scope="module")
def seeds_resolved(nlp) -> list[Quote]:  # type: ignore[no-untyped-def]
    extractor = Extractor(nlp)
    docs = [to_document(g) for g in load_gold(FIXTURES / "seeds_gold.jsonl")]
    quotes, _ = resolve_quotes((d, extractor.extract(d)) for d in docs)
    return quotes


def test_seeds_every_rightly_attributed_speaker_has_one_id(seeds_resolved: list[Quote]) -> None:
    gold = load_gold(FIXTURES / "seeds_gold.jsonl")
    score, _ = speaker_grouping_score(gold, seeds_resolved, aliases=load_aliases(FIXTURES / "seeds_speakers.json"))
    assert score.f1 == 1.0 and score.items >= 40


@pytest.mark.xfail(
    strict=True,
    reason="a group's name keeps what the mention adds to it: 'Dozens of countries including the United States' "
    "for 'Dozens of countries', and the miscased 'office of UN human rights commissioner michelle bachelet' "
    "for 'UN human rights office'",
)
def test_seeds_every_rightly_attributed_speaker_has_the_gold_name(seeds_resolved: list[Quote]) -> None:
    gold = load_gold(FIXTURES / "seeds_gold.jsonl")
    _, named = speaker_grouping_score(gold, seeds_resolved, aliases=load_aliases(FIXTURES / "seeds_speakers.json"))
    assert named == 1.0


def test_seeds_statement_clusters_match_the_annotation(seeds_resolved: list[Quote]) -> None:
    # the statement annotation groups annotated quotes; the grouping is judged on the reports
    # extraction found (one is not: "Pompeo quickly called for Marrero's release" is lost in
    # the indirect quote before it, a miss of extraction that `quotes eval` counts)
    gold = {g.id: g for g in load_gold(FIXTURES / "seeds_gold.jsonl")}
    annotated = [
        q for q in seeds_resolved
        if any(g.start < q.end and q.start < g.end for g in gold[q.doc_id].quotes)
    ]
    statements = load_statements(FIXTURES / "seeds_statements.json")
    found = {
        label: [m for m in members if any(_stands_for(q, m) for q in annotated)]
        for label, members in statements.items()
    }
    assert sum(map(len, found.values())) >= sum(map(len, statements.values())) - 1
    score = statement_grouping_score(found, annotated)
    assert score.f1 == 1.0


def _stands_for(quote: Quote, member: tuple[str, int, int]) -> bool:
    """Whether a quote overlaps a statement's report by at least half the longer span."""
    doc_id, start, end = member
    shared = min(quote.end, end) - max(quote.start, start)
    return quote.doc_id == doc_id and shared > 0 and 2 * shared >= max(quote.end - quote.start, end - start)


def test_a_paraphrase_of_a_statement_joins_it(seeds_resolved: list[Quote]) -> None:
    # "Pompeo ... called for Roberto Marrero's immediate release" reports the tweet "We demand
    # his immediate release"; the quotes of that tweet share one statement id
    (call,) = [q for q in seeds_resolved if q.text == "Roberto Marrero’s immediate release"]
    tweet = [q for q in seeds_resolved if q.text.startswith("We demand his immediate release")]
    assert call.statement is not None and tweet and tweet[0].statement == call.statement


def test_cli_extract_writes_the_speaker_index(tmp_path: Path) -> None:
    out, speakers = tmp_path / "seeds.jsonl", tmp_path / "speakers.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "quotes", "extract", "seeds/", "-o", str(out), "--speakers", str(speakers)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert f"speaker index to {speakers}" in proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    index = {r["id"]: r for r in map(json.loads, speakers.read_text(encoding="utf-8").splitlines())}
    assert {r["speaker"]["id"] for r in records if r["speaker"]} == set(index)
    pompeo = index["mike-pompeo"]
    assert pompeo["name"] == "Mike Pompeo" and len(pompeo["documents"]) == 3
    assert {"Pompeo", "mike pompeo"} <= set(pompeo["aliases"])
    assert pompeo["statements"] and len(pompeo["statements"][0]["documents"]) == 3
    assert sum(r["quotes"] for r in index.values()) == len(records)
