"""The one-page summary's "Overdue and due": what a lead needs on Monday, for every person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planner.campaigns.files import load_templates
from planner.campaigns.schedule import new_campaign
from planner.campaigns.workload import due
from planner.catalogue.load import load
from planner.catalogue.occurrences import between
from planner.plans.build import build_plan
from planner.plans.output import render_plan, summary_due
from planner.quarters import Quarter

FIXTURES = Path(__file__).parent / "fixtures"


def _campaigns(tmp_path: Path) -> list:  # type: ignore[type-arg]
    catalogue = load([FIXTURES / "plan-windows.yaml"])
    templates = load_templates(team_dir=tmp_path / "no-templates")
    now = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
    obs = catalogue.observance("world-press-freedom-day")
    made = []
    for year in (2025, 2026):
        occ = next(o for o in between([obs], dt.date(year, 1, 1), dt.date(year, 12, 31)))
        made.append(new_campaign(templates["standard"], occ, now=now))
    return made


def test_summary_takes_turns_and_puts_the_nearest_work_first(tmp_path: Path) -> None:
    # today: a month before the 2026 day, so the 2025 campaign is long overdue (never marked done)
    today = dt.date(2026, 4, 3)
    people = due(_campaigns(tmp_path), today, days=14)[:3]  # three owners, like a team of three
    assert len(people) == 3
    rows = summary_due(people, rows=6)
    assert len(rows) == 6
    # every person with work appears, however much the first one has overdue
    assert {p.owner for p, _ in rows} == {p.owner for p in people}
    # a person's stale work (last year's campaign) never pushes out their work for the next days
    for person in people:
        items = [*person.overdue, *person.coming]
        nearest = min(i.days for i in items)
        shown = [i for p, i in rows if p.owner == person.owner]
        assert min(i.days for i in shown) == nearest
        assert all(i.days <= 60 for i in shown if len(items) > len(shown)), shown
    # shown by person, then by date
    order = [(p.owner, i.end if i.overdue else i.start) for p, i in rows]
    assert order == sorted(order, key=lambda t: ([p.owner for p in people].index(t[0]), t[1]))


def test_plan_summary_shows_this_weeks_work_not_only_last_years(tmp_path: Path) -> None:
    catalogue = load([FIXTURES / "plan-windows.yaml"])
    templates = load_templates(team_dir=tmp_path / "no-templates")
    plan = build_plan(
        catalogue, Quarter(2026, 2), campaigns=_campaigns(tmp_path), templates=templates, today=dt.date(2026, 4, 3)
    )
    html = render_plan(plan, "html")
    summary = html.split("<h2>Overdue and due", 1)[1].split("</table>", 1)[0]
    assert "World Press Freedom Day 2026" in summary
    # last year's campaign, never marked done, is counted under the table, not listed in it
    assert "World Press Freedom Day 2025" not in summary
    assert plan.older is not None and plan.older.campaigns == 1
    assert f"Not listed: {plan.older.steps} older steps in 1 campaign" in html.split("<h2>Overdue and due", 1)[1]
