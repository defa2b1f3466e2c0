"""Campaign YAML: the shipped templates, a team's own, errors with file and line, and the
export format (dump, then load, gives the same campaigns)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from planner.campaigns.files import FileProblems, dump_campaigns, load_campaigns, load_templates
from planner.campaigns.holidays_adapter import work_calendar
from planner.campaigns.model import Anchor, Constraint, Offset, PhaseStatus
from planner.campaigns.schedule import new_campaign, occurrence_for, update_phase
from planner.catalogue.load import load
from planner.catalogue.model import Kind

from .conftest import FIXTURES

TEMPLATES = FIXTURES / "campaign-templates"
NOWHERE = Path("/nonexistent/planner-templates")
NOW = dt.datetime(2026, 11, 21, 9, 30, 15, tzinfo=dt.UTC)


def shipped() -> dict[str, object]:
    return dict(load_templates(team_dir=NOWHERE))


def test_the_shipped_templates() -> None:
    templates = load_templates(team_dir=NOWHERE)
    assert list(templates) == ["anniversary-year", "quick", "standard", "week"]
    lead = {name: -min(t.phases[0].offset.days, 0) for name, t in templates.items() if name != "anniversary-year"}
    assert 42 <= lead["standard"] <= 56  # 6-8 weeks
    assert 14 <= lead["quick"] <= 21  # 2-3 weeks
    week = templates["week"]
    assert week.anchor is Anchor.START and Kind.PERIOD in week.kinds
    year = templates["anniversary-year"]
    launch = next(p for p in year.phases if p.key == "launch")
    assert launch.offset == Offset(years=-1) and launch.constraint is Constraint.NOT_BEFORE
    assert sum(p.key.startswith("month-") for p in year.phases) == 11
    for t in templates.values():
        keys = [p.key for p in t.phases]
        assert len(keys) == len(set(keys))
        t0 = [p for p in t.phases if p.offset.is_zero and p.anchor in (None, Anchor.START)]
        assert any(p.big_send for p in t0) or t.name == "anniversary-year"


def test_a_team_template_from_a_file_and_from_the_team_folder(tmp_path: Path) -> None:
    from_file = load_templates([TEMPLATES / "press-day.yaml"], team_dir=NOWHERE)
    assert "press-day" in from_file and "standard" in from_file
    assert from_file["press-day"].phases[0].offset == Offset(days=-14)
    shutil.copy(TEMPLATES / "press-day.yaml", tmp_path / "press-day.yaml")
    assert "press-day" in load_templates(team_dir=tmp_path)


def test_a_team_template_replaces_a_shipped_one_with_the_same_name(tmp_path: Path) -> None:
    text = (TEMPLATES / "press-day.yaml").read_text(encoding="utf-8").replace("name: press-day", "name: quick")
    (tmp_path / "quick.yaml").write_text(text, encoding="utf-8")
    assert load_templates(team_dir=tmp_path)["quick"].title == "Press day (2 weeks)"


def test_template_problems_name_file_line_and_key() -> None:
    with pytest.raises(FileProblems) as caught:
        load_templates([TEMPLATES / "broken.yaml"], team_dir=NOWHERE)
    text = str(caught.value)
    assert "the campaign template has 4 problems" in text
    assert "broken.yaml:8: in 'broken': key phases[0].ownr: unknown key 'ownr'; did you mean 'owner'?" in text
    assert "broken.yaml:11: in 'broken': key phases[1].offset: invalid offset 'next tuesday'" in text
    assert "broken.yaml:15: in 'broken': key phases[3].key: duplicate phase key 'wrap'" in text
    assert "broken.yaml:21: in 'broken': key phases[4].constraint: unknown constraint 'sometime'" in text


def test_a_missing_template_file_is_a_clear_problem() -> None:
    with pytest.raises(FileProblems, match=r"no-such\.yaml: file not found"):
        load_templates(["no-such.yaml"], team_dir=NOWHERE)


def test_export_then_load_gives_the_same_campaigns(tmp_path: Path) -> None:
    cat = load([FIXTURES / "campaigns-catalogue.yaml"], shipped=False)
    templates = load_templates(team_dir=NOWHERE)
    a = new_campaign(
        templates["standard"],
        occurrence_for(cat.observance("world-press-freedom-day"), 2027),
        now=NOW,
        calendar=work_calendar("GB"),
        owner="Ana Silva",
    )
    a = update_phase(
        a,
        "approvals",
        now=NOW,
        date=dt.date(2027, 4, 14),
        note="Board: 13 April\nsecond line",
        status=PhaseStatus.DOING,
    )
    b = new_campaign(
        templates["week"], occurrence_for(cat.observance("sixteen-days"), 2027), now=NOW, name="16 Days: «ünïcode»"
    )
    text = dump_campaigns([b, a])
    path = tmp_path / "campaigns.yaml"
    path.write_text(text, encoding="utf-8")
    back = load_campaigns(path)
    assert back == [b, a]  # sorted by id
    assert [c.id for c in back] == sorted(c.id for c in back)
    assert dump_campaigns(back) == text
    assert "2026-11-21T09:30:15Z" in text


def test_export_problems_name_file_line_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncampaigns:\n  - id: x-2027\n    observance: y\n    year: 2027\n", encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_campaigns(bad)
    assert "bad.yaml:3: key name: missing required key 'name'" in str(caught.value)
