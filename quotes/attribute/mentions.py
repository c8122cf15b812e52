"""Speaker mentions: from a cue token to the noun phrase that says who is speaking.

Rules follow the usual dependency patterns of reported speech (Pareti 2016; Newell et al.
2018): the subject of a reporting verb, the object of "according to", the possessor or
"from" phrase of a reporting noun, a participle's governing clause, and the inverted
"said X" order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Token

from quotes.lexicon import Lexicon
from quotes.lexicon.closed import (
    ASIDE_MARKS,
    ASIDE_OPENERS,
    BRIDGE_DEPS,
    CLOSING_MARKS,
    DASHES,
    DETERMINERS,
    INSIDE_PHRASE_DEPS,
    MENTION_RIGHT_DEPS,
    NAME_ENTITIES,
    PRONOUN_GENDER,
    RELATIVE_PRONOUNS,
    SKIP_AFTER_CUE,
)
from quotes.parse.paragraphs import Paragraph

InQuote = Callable[[int], bool]


def right_after_quote(cue: Token) -> bool:
    """Whether ``cue`` follows a closing quote mark, with at most a comma between."""
    i = cue.i - 1
    while i >= 0 and (cue.doc[i].is_space or cue.doc[i].text == ","):
        i -= 1
    return i >= 0 and cue.doc[i].text in CLOSING_MARKS


def in_phrase(tok: Token) -> bool:
    """Whether ``tok`` is the noun of an "in" phrase ("in his view", "in the latest poll")."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "in"


@dataclass(frozen=True)
class Mention:
    """A speaker mention as written, with the name and role words found in it.

    Attributes:
        start: Document offset of the mention.
        end: Document offset just past the mention.
        text: The mention as written ("U.S. Secretary of State Mike Pompeo", "he").
        name: The name part as written ("Mike Pompeo"), or the mention without its article.
        name_start: Document offset of ``name``.
        name_end: Document offset just past ``name``.
        title: Role words before or around the name, if any.
        kind: ``person``, ``org``, ``group``, ``nominal``, ``pronoun``, or ``document`` for a
            reporting noun with no named source ("a joint statement").
        gender: ``m``, ``f``, ``p`` (plural), ``n`` (neuter) or ``None`` when unknown.
    """

    start: int
    end: int
    text: str
    name: str
    name_start: int
    name_end: int
    title: str | None
    kind: str
    gender: str | None


def _name_tokens(head: Token, lexicon: Lexicon) -> list[Token]:
    """The tokens of the proper name headed by ``head``: entity first, else a PROPN chain."""
    doc = head.doc
    for ent in doc.ents:
        if ent.start <= head.i < ent.end and ent.label_ in NAME_ENTITIES:
            tokens = [t for t in ent if t.i <= head.i or t.dep_ in ("flat", "compound")]
            while tokens and tokens[0].lower_ in DETERMINERS | lexicon.titles:
                tokens = tokens[1:]
            while tokens and tokens[0].i > 0:
                # a first name the tagger left out of the entity: "Ana [Costa]"
                left = doc[tokens[0].i - 1]
                if left.pos_ != "PROPN" or left.dep_ != "compound" or left.lower_ in lexicon.titles or not left.is_title:
                    break
                tokens.insert(0, left)
            if tokens:
                return tokens
    if head.pos_ != "PROPN" and not (head.pos_ == "NOUN" and head.is_lower and head.dep_ != "pobj"
                                     and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.children)):
        return []
    chain = [head]
    i = head.i - 1
    while i >= 0:
        tok = doc[i]
        if tok.pos_ != "PROPN" or tok.lower_ in lexicon.titles or tok.dep_ == "pobj" or tok.dep_ == "poss":
            break
        if i > 0 and doc[i - 1].lower_ == "of":
            break
        if tok.text.endswith(".") and len(tok.text) <= 3:  # initials such as "U." belong to titles here
            break
        chain.insert(0, tok)
        i -= 1
    return chain


def mention_from_head(paragraph: Paragraph, head: Token, lexicon: Lexicon) -> Mention:
    """Build the mention whose syntactic head is ``head``.

    Args:
        paragraph: The paragraph ``head`` belongs to.
        head: The head token of the speaker noun phrase.
        lexicon: Titles and role words.

    Returns:
        The mention with its name, title, kind and gender.
    """
    doc = head.doc
    if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
        return Mention(paragraph.char_start(head), paragraph.char_end(head), head.text, head.text,
                       paragraph.char_start(head), paragraph.char_end(head), None, "pronoun",
                       PRONOUN_GENDER.get(head.lower_))
    dash = next((c for c in head.rights if c.text in DASHES), None)
    if dash is not None and head.i < dash.i and head.text.isupper() and len(head.text) > 1:
        after = [c for c in head.rights if c.i > dash.i and c.dep_ == "appos"]
        if after:  # a dateline parsed as the subject: "LA CROSSE, Wis. — Gov. Mike Pence blamed ..."
            return mention_from_head(paragraph, after[0], lexicon)
    left = head.left_edge.i
    for tok in doc[left : head.i]:
        if tok.text in DASHES:  # a dateline hung on the subject: "MIAMI — Gov. Ann Lee"
            left = tok.i + 1
    right = head.i
    for child in head.rights:
        if child.dep_ in MENTION_RIGHT_DEPS or (child.dep_ == "punct" and child.text == ","):
            if child.dep_ == "prep" and child.lower_ != "of":
                continue
            right = max(right, child.right_edge.i)
    # A comma-separated tail is part of the mention only when an apposition or conjunct follows it.
    while right > head.i and (doc[right].is_punct or doc[right].dep_ in ("cc",)):
        right -= 1
    while left < head.i and doc[left].is_punct:
        left += 1
    name_head = head
    if head.pos_ != "PROPN" and not any(e.start <= head.i < e.end and e.label_ in NAME_ENTITIES for e in doc.ents):
        for child in head.rights:
            if child.dep_ in ("appos", "conj", "dep") and child.pos_ == "PROPN" and child.i <= right:
                name_head = child
                break
    name_toks = _name_tokens(name_head, lexicon)
    if name_head.i != head.i and not name_toks:
        name_toks = _name_tokens(head, lexicon)
    if not name_toks and head.lower_ in lexicon.titles:
        trailing = _trailing_apposition(head)
        if trailing:
            name_toks = trailing
            right = max(right, trailing[-1].i)
    if name_toks:
        kind = "person"
        for ent in doc.ents:
            if ent.start <= name_toks[-1].i < ent.end:
                kind = "person" if ent.label_ == "PERSON" else "org"
                break
    else:
        name_toks = [t for t in doc[left : head.i + 1] if not (t.i == left and t.lower_ in DETERMINERS)]
        if not name_toks:
            name_toks = [head]
        kind = "group" if head.tag_ in ("NNS", "NNPS") else "nominal"
    mention_tokens = doc[left : right + 1]
    name_start, name_end = paragraph.char_start(name_toks[0]), paragraph.char_end(name_toks[-1])
    title_toks = [t for t in doc[left : name_toks[0].i] if not (t.is_punct or t.lower_ in DETERMINERS)]
    while title_toks and title_toks[-1].is_punct:
        title_toks.pop()
    title = doc.text[title_toks[0].idx : title_toks[-1].idx + len(title_toks[-1])] if title_toks and kind in ("person", "org") else None
    return Mention(
        start=paragraph.char_start(mention_tokens[0]),
        end=paragraph.char_end(mention_tokens[-1]),
        text=mention_tokens.text,
        name=paragraph.doc.text[name_start - paragraph.start : name_end - paragraph.start],
        name_start=name_start,
        name_end=name_end,
        title=title,
        kind=kind,
        gender=_gender(title_toks, head, kind, lexicon),
    )


def _trailing_apposition(head: Token, *, window: int = 15) -> list[Token]:
    """A name set off by a comma after a role noun: "the leader of the green party, Sergio Blanco"."""
    doc = head.doc
    end = min(head.sent.end, head.i + window)
    for i in range(head.i + 1, end):
        if doc[i].text != ",":
            if doc[i].is_punct or doc[i].pos_ in ("VERB", "AUX"):
                return []
            continue
        run = []
        for tok in doc[i + 1 : end]:
            if tok.pos_ != "PROPN":
                break
            run.append(tok)
        after = doc[run[-1].i + 1] if run and run[-1].i + 1 < len(doc) else None
        if run and (after is None or after.is_punct):
            return run
    return []


def _gender(title_toks: list[Token], head: Token, kind: str, lexicon: Lexicon) -> str | None:
    """Gender from role words ("Mrs.", "congresswoman"); plural for plural nouns."""
    for tok in title_toks + [head]:
        gender = lexicon.word_gender(tok.lower_)
        if gender:
            return gender
    if kind == "group":
        return "p"
    if kind == "org":
        return "n"
    return None


def subject_of(verb: Token) -> Token | None:
    """The active subject of ``verb`` (the nearest, when a quote gave it two), or the agent of a passive one."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if subjects:
        return min(subjects, key=lambda child: abs(child.i - verb.i))
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def find_speaker(paragraph: Paragraph, cue: Token, lexicon: Lexicon, in_quote: InQuote) -> tuple[Mention | None, str]:
    """Find who speaks through ``cue``.

    Args:
        paragraph: The paragraph of the cue.
        cue: A reporting verb, reporting noun, or "according".
        lexicon: Word lists.
        in_quote: Tells whether a document offset lies inside quoted material; speakers never do.

    Returns:
        The speaker mention (or ``None``) and the name of the pattern that found it.
    """
    head, how = _speaker_head(cue, lexicon, in_quote, paragraph)
    if head is None:
        return None, how
    if how == "relative_clause":
        # "Smith, who said ...": the mention is "who", the name that of the noun it stands for
        named = mention_from_head(paragraph, head.head.head, lexicon)
        return replace(named, start=paragraph.char_start(head), end=paragraph.char_end(head), text=head.text), how
    if how == "relcl_subject":
        # the mention ends before the verb the parser hung from it
        verb = next(c for c in head.rights if c.dep_ in ("relcl", "acl"))
        named = mention_from_head(paragraph, head, lexicon)
        right = verb.left_edge.i - 1
        while right > head.i and (head.doc[right].is_punct or head.doc[right].is_space):
            right -= 1
        end = paragraph.char_end(head.doc[right])
        if named.end > end >= named.name_end:
            named = replace(named, end=end, text=paragraph.doc.text[named.start - paragraph.start : end - paragraph.start])
        return named, how
    if how == "read_text" or (head.lemma_.lower() in lexicon.cue_nouns and head.pos_ == "NOUN"):
        owner, _ = _noun_cue_owner(head, lexicon)
        if owner is not None:
            return mention_from_head(paragraph, owner, lexicon), how + "+noun_cue"
        # "a joint statement read": a document with no named source, resolved later to its author
        return replace(mention_from_head(paragraph, head, lexicon), kind="document", gender="n"), how + "+document"
    return mention_from_head(paragraph, head, lexicon), how


def read_source(cue: Token) -> Token | None:
    """The text that speaks through ``cue`` if it is "read" ("a statement read", "“...,” read the email")."""
    if cue.lemma_.lower() != "read":
        return None
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        return subject
    if cue.pos_ == "NOUN":  # "the editorial read.", parsed as a noun phrase
        modifier = next((c for c in cue.children if c.dep_ in ("amod", "compound") and c.i < cue.i), None)
        if modifier is not None:
            return modifier
    if right_after_quote(cue):
        return next((c for c in cue.children if c.dep_ == "dobj"), None)
    return None


def _noun_cue_owner(noun: Token, lexicon: Lexicon) -> tuple[Token | None, str]:
    """The source of a reporting noun: "X's statement", "a statement from X", "White House statement"."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child, "noun_possessor"
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.pos_ in ("PROPN", "NOUN", "PRON"):
                    return grand, "noun_from"
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return child, "noun_compound"
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon.issuing_verbs:
        issuer = subject_of(noun.head)
        if issuer is not None and issuer.pos_ in ("PROPN", "NOUN", "PRON"):
            return issuer, "noun_issuer"  # "Trump issued a statement saying ..."
    return None, "noun_no_source"







def _left_phrase(cue: Token, in_quote: InQuote, paragraph: Paragraph) -> Token | None:
    """The subject of a finite cue that the parser lost, from the comma-set phrases before it:
    "Senator Harry Reid, the minority leader, said", "Sanders, meanwhile, who has none, said",
    "In all, the committee raised $57 million, election records show".

    Going left from the cue, asides are passed over (a relative clause, a participle, a
    prepositional phrase, a lone adverb); the first phrase with no verb of its own (or none
    but in the clauses that modify its noun) is the subject. A phrase with no verb at all may
    describe the name just before it, which is then the subject.
    """
    doc = cue.doc
    start = cue.sent.start
    for i in range(cue.i - 1, cue.sent.start - 1, -1):
        if in_quote(paragraph.char_start(doc[i])) or doc[i].text in (":", ";") or doc[i].tag_ in ("''", "``"):
            start = i + 1
            break
    phrases: list[list[Token]] = [[]]
    for tok in doc[start : cue.i]:
        if tok.text == ",":
            phrases.append([])
        elif not tok.is_space:
            phrases[-1].append(tok)
    phrases = [p for p in phrases if p]
    for k in range(len(phrases) - 1, -1, -1):
        phrase = phrases[k]
        first = phrase[0]
        if (
            first.lower_ in ASIDE_OPENERS
            or first.pos_ in ("ADP", "ADV", "SCONJ", "VERB", "AUX", "PART")
            or all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in phrase)
        ):
            continue
        if any(t.is_quote for t in phrase):
            return None
        modified = any(t.pos_ in ("VERB", "AUX") for t in phrase)
        if modified:
            # "a county official who spoke anonymously said": a noun phrase whose only verbs
            # are in the clauses that modify it
            heads = heads_of(phrase)
            head = heads[0] if len(heads) == 1 and heads[0].right_edge.i == phrase[-1].i else None
            if head is None or head.pos_ not in ("NOUN", "PROPN"):
                return None
        else:
            head = _phrase_head(phrase)
        if head is None or head.ent_type_ in ("DATE", "TIME") or any(c.dep_ == "case" for c in head.children):
            return None  # "Saturday", "the district's": no one who speaks
        if not modified and k > 0 and head.pos_ != "PROPN" and first.pos_ in ("DET", "ADJ", "NOUN", "PRON"):
            named = phrases[k - 1]
            if not any(t.pos_ in ("VERB", "AUX") for t in named) and (name := _phrase_head(named)) is not None and name.pos_ == "PROPN":
                return name  # "Senator Harry Reid, the minority leader, said"
        return head
    return None


def heads_of(tokens: Sequence[Token]) -> list[Token]:
    """The tokens of a stretch whose syntactic head lies outside it (or who head their sentence)."""
    ids = {t.i for t in tokens}
    return [t for t in tokens if t.head.i not in ids or t.head.i == t.i]


def _phrase_head(phrase: Sequence[Token]) -> Token | None:
    """The head noun of a phrase: its noun whose syntactic head lies outside it, else its last noun."""
    nouns = [t for t in phrase if t.pos_ in ("PROPN", "NOUN", "NUM", "PRON")]
    outside = [t for t in heads_of(phrase) if t.pos_ in ("PROPN", "NOUN", "NUM", "PRON")]
    if len(outside) == 1:
        return outside[0]
    return nouns[-1] if nouns else None


def asked_of(verb: Token) -> bool:
    """Whether ``verb`` is a passive participle of speech with no agent, framing what the main
    clause's subject was asked or told ("Asked whether he would run, Smith said ...", "when told
    of the vote"): that subject is the addressee, and who spoke goes unsaid."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "ROOT")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent", "auxpass", "aux") for c in verb.children)
    )






def _set_off(verb: Token) -> bool:
    """Whether a comma or dash sets ``verb`` off from what comes before it, a closing quote
    mark aside ("... titled “The Tragedy,” explaining ...")."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].tag_ == "''":
        i -= 1
    return i >= 0 and verb.doc[i].text in ASIDE_MARKS


def opens_with_that(clause: Token) -> bool:
    """Whether a clause opens with "that", whatever the tagger made of its verb ("said that
    the ruling intensifies the need", with "intensifies" taken for a noun)."""
    return any(c.dep_ == "mark" and c.lower_ == "that" and c.i < clause.i for c in clause.children)


def _taking_verb(noun: Token) -> Token:
    """The word a noun phrase is the object of, past prepositions: "emailed" for "supporters" in
    "emailed supporters saying", "wrote" for "letter" in "wrote in a letter saying"."""
    main = noun.head
    while main.dep_ == "prep" and main.head.i != main.i:
        main = main.head
    return main


def _reporting_verb(verb: Token) -> Token:
    """The verb whose report holds ``verb``, if ``verb`` lies in one: a participle set off after a
    report ("Cruz warned that the incident could foreshadow more, remarking that ...") is the
    reporter's, though the parser hangs it from the last verb of the report. The report is a
    clause of that verb, or a clause of a noun it takes ("dismissed claims that the party is
    biased, saying ..."). The report comes before the participle: a verb after it belongs to
    what it introduces ("..., telling reporters, “People said ...”", parsed with the
    sentence hung from the quoted "said")."""
    node = verb
    for _ in range(3):
        if (
            node.dep_ == "ccomp" and node.head.pos_ in ("VERB", "AUX") and node.head.i < verb.i
            and subject_of(node.head) is not None
        ):
            return node.head
        if node.dep_ == "acl" and node.head.dep_ in ("dobj", "pobj") and opens_with_that(node):
            main = _taking_verb(node.head)
            if main.pos_ in ("VERB", "AUX") and main.i < verb.i and subject_of(main) is not None:
                return main
        if node.dep_ not in ("conj", "advcl", "xcomp") or node.head.i == node.i:
            break
        node = node.head
    return verb


def _speaker_head(cue: Token, lexicon: Lexicon, in_quote: InQuote, paragraph: Paragraph) -> tuple[Token | None, str]:
    """The head token of the speaker phrase of ``cue`` and the rule that found it."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand, "according_to"
        return None, "according_to"
    if in_phrase(cue):
        # "in his view", "in the opinion of the court": the possessor holds the view
        if cue.lemma_.lower() in lexicon.record_nouns:
            return cue, "subject"  # "leads in the latest poll": the poll finds it
        for child in cue.children:
            if child.dep_ == "poss":
                return child, "possessor"
            if child.dep_ == "prep" and child.lower_ == "of":
                owner = next((g for g in child.children if g.dep_ == "pobj"), None)
                if owner is not None:
                    return owner, "possessor"
        return None, "possessor"
    text = read_source(cue)
    if text is not None and text.dep_ != "nsubj":
        return text, "read_text"  # "“...,” read the email.": the text speaks
    verb = cue
    how = "subject"
    if cue.pos_ in ("NOUN", "PROPN") and cue.lemma_.lower() != "read":
        if cue.i > 0 and cue.doc[cue.i - 1].pos_ in ("PROPN", "NOUN", "NUM", "PRON") and (
            cue.lower_ in lexicon.cue_verbs or cue.lower_.rstrip("s") in lexicon.cue_verbs
        ):
            return cue.doc[cue.i - 1], "mistagged_verb"  # "Bozell answers.", "the two write."
        owner, how = _noun_cue_owner(cue, lexicon)
        if owner is not None or cue.dep_ != "pobj":
            return owner, how
        # "encouraged staffers with a simple message: ..." is the message of the verb's subject
        verb = cue.head
        while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in BRIDGE_DEPS and verb.head.i != verb.i:
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None, how
        how = "noun_cue_verb"
    controlled = False
    for _ in range(4):
        subject = subject_of(verb)
        if subject is None and controlled and verb.lemma_.lower() in lexicon.prompting_verbs:
            # "was prompted to say", "was asked to explain": the passive subject speaks
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if verb.lemma_.lower() == "quote" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
            # "is quoted (by the paper) as saying": who is quoted speaks
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), subject)
        if subject is None and verb.tag_ == "VBG" and verb.i > 0:
            left = verb.doc[verb.i - 1]
            if left.ent_type_ == "PERSON" and left.dep_ in ("pobj", "dobj") and not in_quote(paragraph.char_start(left)):
                return left, "participle_subject"  # "footage of Hillary Clinton asking, ..."
        if subject is not None and not in_quote(paragraph.char_start(subject)):
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return subject, "relative_clause"
            return subject, how
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lexicon.prompting_verbs:
            # "That prompted Rubio to make a joke and call Trump “flexible”": who is prompted acts
            obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON", "NOUN") and not in_quote(paragraph.char_start(obj)):
                return obj, "governing_clause"
        if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and verb.head.i != verb.i:
            set_off = (
                verb.i == cue.i and verb.tag_ == "VBG" and _set_off(verb) and verb.lemma_.lower() not in lexicon.inference_verbs
            )
            controlled = verb.dep_ in ("xcomp", "pcomp")
            verb = verb.head
            # past the words between two verbs: "began by saying", "went so far as to say"
            while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in BRIDGE_DEPS and verb.head.i != verb.i:
                verb = verb.head
            if set_off:
                verb = _reporting_verb(verb)
            how = "governing_clause"
            continue
        if (
            verb.dep_ in ("relcl", "acl")
            and verb.head.i < verb.i
            and verb.head.pos_ in ("PROPN", "PRON")
            and verb.tag_ in ("VBD", "VBN")
            and not any(c.dep_ in ("agent", "auxpass", "nsubjpass") for c in verb.children)
            and any(t.text == "," for t in verb.doc[verb.head.i : verb.i])
            and not in_quote(paragraph.char_start(verb.head))
        ):
            # "Paul Ryan, the party's leader, on Tuesday called ...": a main verb the parser
            # hung from its own subject as a relative clause
            return verb.head, "relcl_subject"
        if (
            verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ == "NOUN"
            and verb.lemma_.lower() in lexicon.evidence_verbs
        ):
            return verb.head, "subject"  # "polls showing her behind", "a review finding that ..."
        if (
            verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.i == verb.head.i + 1
            and verb.head.dep_ in ("dobj", "pobj") and verb.head.lemma_ not in lexicon.cue_nouns
        ):
            # "emailed supporters saying: ...", "wrote in a letter saying ...": the participle
            # tells what the main verb's subject said
            main = _taking_verb(verb.head)
            if main.pos_ in ("VERB", "AUX"):
                verb, how = main, "governing_clause"
                continue
        if verb.dep_ == "acl" and verb.head.lemma_ in lexicon.cue_nouns:
            return _noun_cue_owner(verb.head, lexicon)[0] or verb.head, "noun_cue"
        if verb.tag_ == "VBG" and verb.i > 0:
            left = verb.doc[verb.i - 1]
            if left.pos_ == "PROPN" and not in_quote(paragraph.char_start(left)):
                return left, "participle_subject"  # "with Guaido touring the country and pledging ..."
        break
    # Inverted order: "..., said the leader of the party, Sergio Vergara." Only finite verbs invert.
    if cue.tag_ not in ("VBD", "VBZ", "VBP"):
        return None, "no_subject"
    left = cue.doc[cue.i - 1] if cue.i > 0 else None
    if left is not None and left.text == "," and left.i > 0:
        left = cue.doc[left.i - 1]
    if left is not None and left.ent_type_ == "PERSON" and not in_quote(paragraph.char_start(left)):
        # "In a statement, her adviser, Jake Sullivan, said:": a name the parser hung elsewhere
        return left, "left_name"
    if (
        cue.i > 0
        and cue.i - 1 == cue.sent.start
        and cue.doc[cue.i - 1].is_title
        and cue.doc[cue.i - 1].dep_ in ("advmod", "npadvmod", "amod", "nmod", "compound", "dep")
        and not in_quote(paragraph.char_start(cue.doc[cue.i - 1]))
    ):
        # "Jolly said he would ...", "Early described it as ...": a surname the tagger read as
        # an adverb, the only word before a finite cue that has no subject
        return cue.doc[cue.i - 1], "mistagged_subject"
    sent_end = cue.sent.end
    for tok in cue.doc[cue.i + 1 : sent_end]:
        if in_quote(paragraph.char_start(tok)):
            break
        if tok.is_punct and tok.text not in (",",):
            break
        if (
            tok.i == cue.i + 1
            and tok.is_title
            and tok.pos_ in ("ADV", "ADJ", "X", "INTJ")
            and tok.ent_type_ not in ("DATE", "TIME")
            and right_after_quote(cue)
        ):
            return tok, "inverted"  # "“...,” said Skelly.": a surname the tagger took for an adverb
        if (
            tok.dep_ == "dobj"
            and tok.head.i == cue.i
            and (tok.pos_ in ("NOUN", "PROPN") or tok.lower_ in ("another", "others"))
            and right_after_quote(cue)
            and cue.lemma_.lower() not in lexicon.inverted_addressee_verbs
        ):
            return tok, "inverted"  # "“...” tweeted a user from Hanover": the parser's object
        if tok.dep_ in SKIP_AFTER_CUE or tok.head.dep_ in ("prep", "pobj") and tok.head.i > cue.i:
            if (
                tok.pos_ in ("PROPN", "NOUN", "PRON")
                and tok.dep_ not in ("pobj", "npadvmod", "dobj", "dative")
                and tok.dep_ not in INSIDE_PHRASE_DEPS  # "wrote in a June 2012 email", "at a POLITICO event"
                and tok.ent_type_ not in ("DATE", "TIME")
            ):
                return tok, "inverted"
            continue
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i != cue.i and tok.head.pos_ in ("VERB", "AUX"):
            break  # the subject of a reported clause ("said he would go"), not an inverted speaker
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.dep_ not in ("dobj", "dative", "pobj"):
            while tok.dep_ in ("compound", "flat", "amod", "det") and tok.head.i > tok.i and tok.head.i < sent_end:
                tok = tok.head
            return tok, "inverted"
    if (phrase := _left_phrase(cue, in_quote, paragraph)) is not None:
        return phrase, "left_phrase"
    return None, "no_subject"
