"""Choosing what to parse, parsing it in batches, and the stand-in for attribute ruler and lemmatizer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language

from quotes.lexicon import default_lexicon
from quotes.marks import scan
from quotes.parse.fasttags import FastAttributes
from quotes.parse.paragraphs import sentence_cuts
from quotes.parse.pipe import parse, parse_many
from quotes.parse.plan import PARSE, TOKENS, Triggers, irregular_forms, is_cased, plan_paragraphs, verb_forms
from quotes.pipeline import Extractor, group_documents
from quotes.types import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
CASES = [json.loads(line) for line in (ROOT / "tests" / "cases" / "attribution.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def triggers(nlp: Language) -> Triggers:
    return Triggers.from_lexicon(default_lexicon(), irregular=irregular_forms(nlp))


@pytest.fixture(scope="module")
def forms(triggers: Triggers) -> frozenset[str]:
    return triggers.forms


def _plan(text: str, triggers: Triggers | None):  # type: ignore[no-untyped-def]
    spans = scan(text).spans
    return plan_paragraphs(
        text,
        quoted=[(s.start, s.end) for s in spans],
        contents=[(s.content_start, s.content_end) for s in spans],
        triggers=triggers,
    )


# --- word forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        ("say", {"say", "says", "saying"}),
        ("quip", {"quips", "quipped", "quipping"}),
        ("worry", {"worries", "worried", "worrying"}),
        ("argue", {"argues", "argued", "arguing"}),
        ("stress", {"stresses", "stressed", "stressing"}),
    ],
)
def test_verb_forms_cover_regular_inflection(lemma: str, expected: set[str]) -> None:
    assert expected <= verb_forms(lemma)


def test_verb_forms_take_irregular_forms_from_the_table() -> None:
    assert {"said", "told"} <= verb_forms("say", irregular={"say": ["said"]}) | verb_forms("tell", irregular={"tell": ["told"]})


def test_cue_forms_hold_every_form_the_lemmatizer_maps_to_a_cue_verb(nlp: Language, forms: frozenset[str]) -> None:
    lexicon = default_lexicon()
    exceptions = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    wanted = lexicon.cue_verbs | lexicon.belief_verbs
    missing = sorted(form for form, lemmas in exceptions.items() if set(lemmas) & wanted and form not in forms)
    assert missing == []
    assert {"said", "told", "wrote", "thought", "according"} <= forms


def test_every_cue_token_of_the_seeds_is_in_a_parsed_piece(nlp: Language, triggers: Triggers) -> None:
    """What the rules read as a cue verb (verb lemma in the lists) is never left unparsed."""
    lexicon = default_lexicon()
    for text in SEEDS:
        plan = _plan(text, triggers)
        parsed_ranges = [(s, e) for p in plan for s, e, how in p.parts if how == PARSE]
        full = parse(nlp, text)
        for paragraph in full.paragraphs:
            for token in paragraph.doc:
                if token.pos_ == "VERB" and token.lemma_.lower() in lexicon.cue_verbs | lexicon.belief_verbs:
                    at = paragraph.char_start(token)
                    quoted = any(s.content_start <= at < s.content_end for s in scan(text).spans)
                    assert quoted or any(s <= at < e for s, e in parsed_ranges), (token.text, at)


# --- sentences and plans -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cuts"),
    [
        ("He left. She stayed.", ["She stayed."]),
        ("Sen. Ron Wyden spoke.", []),
        ("The U.S. Senate voted. It passed.", ["It passed."]),
        ("J. Smith wrote it.", []),
        ("“We won.” Then we left.", ["Then we left."]),
        ("Is it? Yes it is!", ["Yes it is!"]),
        ("He lives in Calif. He moved.", []),
    ],
)
def test_sentence_cuts_are_conservative(text: str, cuts: list[str]) -> None:
    assert [text[c:] for c in sentence_cuts(text, 0, len(text), abbreviations=default_lexicon().abbreviations)] == cuts


def test_full_parse_plans_every_paragraph_whole() -> None:
    text = "One paragraph.\n\nAnother one, with nothing to say."
    plan = _plan(text, None)
    assert [(p.start, p.end, p.parts) for p in plan] == [(0, 14, ((0, 14, PARSE),)), (16, 49, ((16, 49, PARSE),))]


def test_plan_parses_cue_quote_frame_and_name_sentences_only(triggers: Triggers) -> None:
    text = (
        "The weather was bad. Maria Lopez arrived late. It rained. “We will win. We always do,” the mayor said. "
        "It rained again.\n\n"
        "Nothing happened here at all.\n\n"
        "“A whole paragraph of quote.”"
    )
    first, nothing, quote_only = _plan(text, triggers)
    pieces = [(text[s:e].strip(), how) for s, e, how in first.parts]
    assert pieces == [
        ("The weather was bad.", TOKENS),  # nothing to attribute
        ("Maria Lopez arrived late.", PARSE),  # a name
        ("It rained.", TOKENS),
        ("“We will win.", TOKENS),  # all inside the quote
        ("We always do,” the mayor said.", PARSE),  # a cue and a quote's frame
        ("It rained again.", TOKENS),
    ]
    assert nothing.parts == ()
    assert [how for *_, how in quote_only.parts] == [TOKENS]  # kept: a quote's offsets need tokens
    assert first.unnamed == ((text.index("We will"), text.index("” the")),)


def test_plan_parses_the_sentence_before_a_pronoun_speaker(triggers: Triggers) -> None:
    text = "On Monday, US adviser john bolton threatened Maduro. “It is an error,” he wrote. It rained in Caracas."
    (plan,) = _plan(text, triggers)
    assert [(text[s:e].strip(), how) for s, e, how in plan.parts] == [
        ("On Monday, US adviser john bolton threatened Maduro. “It is an error,” he wrote.", PARSE),
        ("It rained in Caracas.", TOKENS),
    ]


@pytest.mark.parametrize("cue", ["Kirk went on", "Kirk shot back", "Kirk hit back"])
def test_plan_parses_a_phrasal_cue_after_a_quote(triggers: Triggers, cue: str) -> None:
    # the verb alone is too common to flag a sentence; with its particle it reports the quote
    text = (
        "Mayor Dana Kirk came late. The hall was full. “You know, it happens, right?” "
        f"{cue}, as if nobody heard. It rained."
    )
    assert is_cased(text)
    (plan,) = _plan(text, triggers)
    assert [(text[s:e].strip(), how) for s, e, how in plan.parts] == [
        ("Mayor Dana Kirk came late.", PARSE),
        ("The hall was full.", TOKENS),
        ("“You know, it happens, right?”", TOKENS),
        (f"{cue}, as if nobody heard.", PARSE),
        ("It rained.", TOKENS),
    ]


def test_lowercase_cue_forms_count_capitalized_ones_only_where_a_sentence_starts(triggers: Triggers) -> None:
    text = "The State Department met.\n\nStates sued the company."
    assert [p.parsed for p in _plan(text, triggers)] == [True, True]  # a name; a sentence-initial form
    assert [p.parsed for p in _plan("officials of the United states met", triggers)] == [True]
    assert [p.parsed for p in _plan("the meeting in Ohio ended early", triggers)] == [False]


def test_a_text_whose_casing_tells_nothing_is_parsed_whole(triggers: Triggers) -> None:
    assert is_cased(SEEDS[0]) and is_cased(SEEDS[1])
    assert not is_cased(SEEDS[2])  # machine-translated, names in lower case
    plan = _plan(SEEDS[2], forms)
    assert all(p.parts == ((p.start, p.end, PARSE),) and not p.cased for p in plan)


def test_a_quote_standing_alone_in_an_uncased_text_is_only_tokenized(nlp: Language, triggers: Triggers) -> None:
    text = "the minister said talks would go on.\n“we will not give up.”\n\n“never,” he said."
    assert not is_cased(text)
    plan = _plan(text, triggers)
    assert [p.parts[0][2] for p in plan] == [PARSE, TOKENS, PARSE] and not any(p.cased for p in plan)
    sparse = Extractor(nlp, unattributed=True).extract(Document(id="d", text=text))
    full = Extractor(nlp, full_parse=True, unattributed=True).extract(Document(id="d", text=text))
    assert sparse == full and [q.text for q in sparse][-2:] == ["we will not give up.", "never,"]


# --- parsing a plan ----------------------------------------------------------------------------


def test_sparse_parse_keeps_offsets_paragraphs_and_sentences(nlp: Language, triggers: Triggers) -> None:
    text = "Rain fell.  It was cold.\n\nNothing here.\n\n“We will win. Always,” Mayor Ida Holm said. Then she left."
    parsed = parse(nlp, text, plan=_plan(text, triggers))
    assert len(parsed.paragraphs) == 3
    assert parsed.paragraphs[0].skipped and parsed.paragraphs[0].end == parsed.paragraphs[0].start
    assert parsed.paragraphs[1].skipped
    paragraph = parsed.paragraphs[2]
    assert paragraph.doc.text == text[paragraph.start : paragraph.end]
    for token in paragraph.doc:
        assert text[paragraph.char_start(token) : paragraph.char_end(token)] == token.text
    sentences = [s.text for s in paragraph.doc.sents]
    assert sentences == ["“We will win.", "Always,” Mayor Ida Holm said.", "Then she left."]
    said = next(t for t in paragraph.doc if t.text == "said")
    assert said.lemma_ == "say" and said.dep_ == "ROOT"
    assert [(e.text, e.label_) for e in paragraph.doc.ents] == [("Ida Holm", "PERSON")]
    win = next(t for t in paragraph.doc if t.text == "win")
    assert win.dep_ == "" and win.pos_ == "" and win.head.i == win.i  # only tokenized
    assert parsed.token_at(text.index("We")) is not None


def test_parse_many_yields_every_text_in_order_and_streams(nlp: Language, triggers: Triggers) -> None:
    texts = [f"“Item {i},” Mayor Ida Holm said." if i % 3 else "Nothing at all here." for i in range(30)]
    pulled: list[int] = []

    def items():  # type: ignore[no-untyped-def]
        for i, text in enumerate(texts):
            pulled.append(i)
            yield i, text, _plan(text, triggers)

    results = parse_many(nlp, items(), batch_size=4)
    key, first = next(results)
    assert key == 0 and first.text == texts[0]
    assert len(pulled) < len(texts)  # not everything was read before the first result
    rest = list(results)
    assert [k for k, _ in rest] == list(range(1, 30))
    assert all(p.text == texts[k] for k, p in rest)


def test_sparse_extraction_equals_full_parse_on_the_seeds_and_cases(nlp: Language) -> None:
    sparse, full = Extractor(nlp), Extractor(nlp, full_parse=True)
    documents = [Document(f"seed-{i}", t) for i, t in enumerate(SEEDS)]
    documents += [Document(c["id"], c["text"]) for c in CASES]
    got = [[q.to_dict() for q in quotes] for _, quotes in sparse.extract_many(documents)]
    expected = [[q.to_dict() for q in full.extract(d)] for d in documents]
    assert got == expected


# --- the stand-in for attribute ruler and lemmatizer -----------------------------------------------

TRICKY = [
    "I ain't gonna do it, y'all. Let's go! There is a cat. You did it to me.",
    "He gets what he got. It is what it is. Do you have it? I had done that.",
    "“We will not back down,” Mayor Ida Holm said on Tuesday, and she meant it.",
]


def test_fast_attributes_give_the_components_output_token_for_token(nlp: Language) -> None:
    stand_in = FastAttributes.from_pipeline(nlp)
    assert stand_in is not None
    texts = TRICKY + [p for text in SEEDS for p in text.split("\n") if p.strip()]
    reference = list(nlp.pipe(texts))
    fast = list(stand_in.pipe(nlp.pipe(texts, disable=stand_in.disabled)))
    attrs = [POS, TAG, MORPH, LEMMA, DEP, HEAD]
    for ref, got in zip(reference, fast):
        assert numpy.array_equal(ref.to_array(attrs), got.to_array(attrs)), ref.text[:60]


def test_fast_attributes_stand_in_only_for_the_pipelines_they_match() -> None:
    assert FastAttributes.from_pipeline(spacy.blank("en")) is None


# --- options and groups ------------------------------------------------------------------------


def test_extractor_rejects_a_batch_size_below_one(nlp: Language) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        Extractor(nlp, batch_size=0)


def test_extract_many_rejects_fewer_than_one_process(nlp: Language) -> None:
    with pytest.raises(ValueError, match="n_process"):
        list(Extractor(nlp).extract_many([], n_process=0))


def test_group_documents_bounds_documents_and_characters() -> None:
    docs = [Document(str(i), "x" * 10) for i in range(7)]
    assert [len(g) for g in group_documents(docs, max_documents=3, max_chars=1000)] == [3, 3, 1]
    assert [len(g) for g in group_documents(docs, max_documents=100, max_chars=25)] == [2, 2, 2, 1]
    assert [len(g) for g in group_documents([Document("big", "x" * 50)], max_documents=3, max_chars=10)] == [1]


@settings(max_examples=200)
@given(
    tokens=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4)), max_size=30),
    ranges=st.lists(st.tuples(st.integers(0, 120), st.integers(0, 40)), max_size=6),
)
def test_tokens_inside_quotes_are_found_as_one_pass_per_quote_finds_them(
    tokens: list[tuple[int, int]], ranges: list[tuple[int, int]]
) -> None:
    from quotes.parse.names import _inside

    starts, ends, at = [], [], 0
    for gap, length in tokens:
        starts.append(at + gap)
        ends.append(at + gap + length)
        at += gap + length
    skip = [(a, a + width) for a, width in ranges]
    first, last = numpy.array(starts, dtype=numpy.uint64), numpy.array(ends, dtype=numpy.uint64)
    expected = numpy.zeros(len(starts), dtype=bool)
    for a, b in skip:
        expected |= (first >= a) & (last <= b)
    assert _inside(first, last, skip).tolist() == expected.tolist()
