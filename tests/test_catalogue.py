"""The catalogue loader: merging, and errors that name file, line and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.catalogue.occurrences import between
from planner.errors import CatalogueError

from .conftest import FIXTURES

BAD = FIXTURES / "bad"


def problems(path: Path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load([path])
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed.yaml", r"malformed.yaml:3: malformed YAML, while scanning a quoted scalar"),
        (
            "unknown-key.yaml",
            r"unknown-key.yaml:8: in 'my-day': key hashtag: unknown key 'hashtag'; did you mean 'hashtags'\?",
        ),
        (
            "unknown-theme.yaml",
            r"unknown-theme.yaml:6: in 'my-day': key themes: unknown theme 'media-fredom'; did you mean 'media-freedom'\?",
        ),
        ("duplicate-id.yaml", r"duplicate-id.yaml:10: in 'my-day': key id: duplicate id 'my-day'"),
        (
            "dangling-link.yaml",
            r"dangling-link.yaml:11: in 'my-day': key recommendations\[0\].id: dangling recommendation link 'WP3013-99.1'",
        ),
        (
            "impossible-date.yaml",
            r"impossible-date.yaml:5: in 'my-day': key rule.day: impossible date: April has 30 days",
        ),
        (
            "unknown-rule.yaml",
            r"unknown-rule.yaml:5: in 'my-day': key rule.kind: unknown rule kind 'lunar'; use one of: anniversary, fixed, nth_weekday, once, span",
        ),
        ("feb29-no-policy.yaml", r"key rule.date: an event on 29 February needs a policy"),
    ],
)
def test_each_error_names_file_line_and_key(name: str, expected: str) -> None:
    found = problems(BAD / name)
    assert any(__import__("re").search(expected, p) for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    found = problems(BAD / "several.yaml")
    assert len(found) == 2
    assert "must be kebab-case" in found[0]
    assert "a week uses rule kind span or once, not fixed" in found[1]


def test_missing_file_is_named() -> None:
    found = problems(FIXTURES / "does-not-exist.yaml")
    assert (
        found == [f"{Path('tests/fixtures/does-not-exist.yaml')}: file not found; check the path"]
        or "file not found" in found[0]
    )


def test_error_message_tells_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as info:
        load([BAD / "unknown-theme.yaml"])
    assert "run `planner check` again" in info.value.message
    assert "add it to `themes:` or use an existing theme" in info.value.message


def test_team_file_adds_entries_and_replaces_shipped_ones(catalogue: Catalogue) -> None:
    merged = load([FIXTURES / "team-days.yaml"])
    assert "hrc-61-session" in merged.observances
    assert "our-campaign" in merged.themes
    assert merged.observances["world-press-freedom-day"].name == "World Press Freedom Day (our edition)"
    assert catalogue.observances["world-press-freedom-day"].name == "World Press Freedom Day"
    assert len(merged.observances) == len(catalogue.observances) + 1
    window = between([merged.observances["hrc-61-session"]], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [(o.start, o.end) for o in window] == [(dt.date(2026, 2, 23), dt.date(2026, 4, 2))]


def test_priorities_default_from_the_reports_and_teams_override(catalogue: Catalogue) -> None:
    from planner.catalogue.model import Priority

    obs = catalogue.observances
    assert catalogue.priority(obs["idahobit"]) is Priority.HIGH  # named in WP3013 §18
    assert catalogue.priority(obs["world-day-against-child-labour"]) is Priority.MEDIUM  # linked
    assert catalogue.priority(obs["world-philosophy-day"]) is Priority.LOW
    team = load([FIXTURES / "team-days.yaml"])
    assert team.priority(team.observances["world-day-against-child-labour"]) is Priority.HIGH
    assert team.priority(team.observances["human-rights-day"]) is Priority.LOW


def test_bad_priorities_are_located() -> None:
    found = problems(BAD / "bad-priority.yaml")
    assert any(
        "bad-priority.yaml:2: key priorities.human-rights-dya: unknown observance 'human-rights-dya'; did you mean 'human-rights-day'?"
        in p
        for p in found
    ), found
    assert any("bad-priority.yaml:3: key priorities.idahobit: unknown priority 'urgent'" in p for p in found), found


def test_wrong_types_at_the_top_level_are_reported_not_crashed_on() -> None:
    found = problems(BAD / "wrong-top-level.yaml")
    assert [Path(p.split(": ", 2)[0]).name for p in found] == [
        "wrong-top-level.yaml:1",
        "wrong-top-level.yaml:2",
        "wrong-top-level.yaml:3",
        "wrong-top-level.yaml:4",
        "wrong-top-level.yaml:12",
        "wrong-top-level.yaml:14",
    ], found
    assert "key version: expected a single value" in found[0] and "key updated: expected a date" in found[1]
    assert "key themes: expected a mapping of id: description" in found[2]
    assert "unknown audience 'nobody'" in found[4]  # found after merging, listed in line order


def test_updated_is_checked_even_without_observances(tmp_path: Path) -> None:
    path = tmp_path / "only-themes.yaml"
    path.write_text("updated: 2027-02-30\nthemes: {ours: Our own theme}\n", encoding="utf-8")
    assert any("key updated: impossible date 2027-02-30" in p for p in problems(path))


def test_a_python_tag_is_refused_with_a_one_line_message(tmp_path: Path) -> None:
    path = tmp_path / "tagged.yaml"
    path.write_text("observances:\n  - id: !!python/object:os.system x\n    name: x\n", encoding="utf-8")
    (found,) = problems(path)
    assert "tagged.yaml:2: in 'x': key id: invalid value 'x': could not determine a constructor" in found
    assert "\n" not in found and "<unicode string>" not in found


def test_catalogue_hashtags_follow_twitter_text_rules(tmp_path: Path) -> None:
    from planner.catalogue.load import load

    good = FIXTURES / "briefs-catalogue.yaml"
    text = good.read_text(encoding="utf-8")
    first = text.index("hashtags:")
    line_end = text.index("\n", first)
    ours = tmp_path / "ours.yaml"
    ours.write_text(text[:first] + 'hashtags: ["#मानवाधिकार", "#حقوق\u200cبشر"]' + text[line_end:], encoding="utf-8")
    cat = load([ours], shipped=False)
    assert any(o.hashtags == ("#मानवाधिकार", "#حقوق\u200cبشر") for o in cat.observances.values())
