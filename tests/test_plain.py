"""Plain language: the jargon list and the readability score (textstat), with its limits."""

from __future__ import annotations

import socket

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
