"""messaging.yaml: the shipped file is valid against the shipped catalogue, and bad files get
errors that name the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.briefs.content import CORE_WORDS, date_in_words, words
from planner.briefs.content_file import load_messaging, parse_messaging
from planner.briefs.framing import AUDIENCES
from planner.catalogue.model import Catalogue
from planner.errors import FileProblems
from planner.resources import data_path

THEMES = {"fixture-day": ("media-freedom", "campaigning")}
CTAS = "".join(f"      {a}: Do one thing today.\n" for a in AUDIENCES)
GOOD = f"""version: 1
days:
  - observance: fixture-day
    core_message: A free press keeps us all informed.
    angles:
      - {{theme: media-freedom, text: Journalists must work without fear.}}
      - {{theme: campaigning, text: Thank a local reporter.}}
    proof_points:
      - text: The UN named the day in 1993.
        date: 1993-12-20
        source: {{publisher: United Nations, title: World Press Freedom Day, url: "https://www.un.org/en/observances/press-freedom-day"}}
      - text: A count that changes.
        date: 2024-05
        ages: true
        source: {{publisher: An organiser, title: A report}}
    calls_to_action:
{CTAS}"""


def test_the_shipped_file_is_valid_and_in_our_own_plain_words(catalogue: Catalogue) -> None:
    themes = {o.id: o.themes for o in catalogue.observances.values()}
    days = load_messaging(AUDIENCES, themes)
    assert len(days) >= 14
    reports = (Path(__file__).parents[1] / "recommendations.yaml").read_text(encoding="utf-8")
    for day in days.values():
        assert words(day.core_message) <= CORE_WORDS, day.observance
        assert 2 <= len(day.angles) <= 3 and all(a.theme in themes[day.observance] for a in day.angles)
        assert day.proof_points and all(p.source.publisher and p.date for p in day.proof_points)
        assert set(day.calls_to_action) == set(AUDIENCES)
        for p in day.proof_points:
            assert not p.source.url or p.source.url.startswith(("https://", "http://"))
        # our own words: no proof point or core message repeats a recommendation summary
        assert day.core_message not in reports
    assert data_path("messaging.yaml").name == "messaging.yaml"


def test_a_good_file_reads_into_plain_data() -> None:
    days = parse_messaging(GOOD, "ours.yaml", AUDIENCES, THEMES)
    day = days["fixture-day"]
    assert [a.theme for a in day.angles] == ["media-freedom", "campaigning"]
    first, second = day.proof_points
    assert (first.when, first.ages, second.when, second.ages) == ("20 December 1993", False, "May 2024", True)
    assert (
        first.source.shown
        == "United Nations, World Press Freedom Day: https://www.un.org/en/observances/press-freedom-day"
    )
    assert day.calls_to_action["media"] == "Do one thing today."
    assert day.origin == "ours.yaml:3"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("    angles:", "    angels:"),
            "ours.yaml:5: in 'fixture-day': key angels: unknown key 'angels'; did you mean 'angles'?",
        ),
        (
            ("A free press keeps us all informed.", "word " * 31),
            "key core_message: 31 words; a core message has at most 30",
        ),
        (
            ("theme: campaigning", "theme: environment"),
            "ours.yaml:7: in 'fixture-day': key angles[1].theme: 'environment' is not one of this day's themes",
        ),
        (("      media: Do one thing today.\n", ""), "key calls_to_action.media: missing required key 'media'"),
        (
            ("date: 1993-12-20", "date: last year"),
            "key proof_points[0].date: 'last year' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (
            ("https://www.un.org/en/observances/press-freedom-day", "https://github.com/someone/days"),
            "github.com is not a source users may see",
        ),
        (("observance: fixture-day", "observance: no-such-day"), "unknown observance 'no-such-day'"),
        (("ages: true", "ages: sometimes"), "key proof_points[1].ages: expected true or false"),
    ],
)
def test_bad_files_name_the_line_and_key(change: tuple[str, str], message: str) -> None:
    with pytest.raises(FileProblems) as err:
        parse_messaging(GOOD.replace(*change), "ours.yaml", AUDIENCES, THEMES)
    assert message in str(err.value)


def test_one_angle_is_too_few() -> None:
    text = GOOD.replace("      - {theme: campaigning, text: Thank a local reporter.}\n", "")
    with pytest.raises(FileProblems, match="1 angles; give 2 or 3"):
        parse_messaging(text, "ours.yaml", AUDIENCES, THEMES)


def test_a_missing_file_says_to_reinstall(tmp_path: Path) -> None:
    with pytest.raises(FileProblems, match="file not found"):
        load_messaging(AUDIENCES, path=tmp_path / "none.yaml")


@pytest.mark.parametrize(
    ("iso", "shown"), [("1948-12-10", "10 December 1948"), ("2013-09", "September 2013"), ("1975", "1975")]
)
def test_dates_in_words(iso: str, shown: str) -> None:
    assert date_in_words(iso) == shown


def test_every_shipped_recommendation_has_a_public_message(catalogue: Catalogue) -> None:
    for rec in catalogue.recommendations.values():
        assert rec.message, rec.id
        assert words(rec.message) <= 30, rec.id
        assert rec.message not in rec.summary and rec.message != rec.title, rec.id
        assert rec.message.endswith("."), rec.id
