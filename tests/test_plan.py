"""The quarterly plan's core: sections, lead-in, suggestions, workload flags, windows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from planner.campaigns.files import load_templates
from planner.campaigns.model import Campaign, CampaignTemplate, PhaseStatus
from planner.campaigns.roster import Roster, person, staff
from planner.campaigns.schedule import new_campaign, update_phase
from planner.campaigns.workdays import WorkCalendar
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue, Kind, Priority
from planner.catalogue.occurrences import between
from planner.plans.build import FlagKind, Plan, build_plan, fitting_template
from planner.plans.output import plan_dict, render_plan
from planner.quarters import Quarter

FIXTURES = Path(__file__).parent / "fixtures"
NOW = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CampaignTemplate]:
    """The shipped campaign templates only (an empty team folder)."""
    return load_templates(team_dir=tmp_path_factory.mktemp("no-team-templates"))


@pytest.fixture(scope="module")
def windows() -> Catalogue:
    """The shipped catalogue with a team's HRC sessions and UNGA week (tests/fixtures/plan-windows.yaml)."""
    return load([FIXTURES / "plan-windows.yaml"])


def make(
    catalogue: Catalogue,
    templates: dict[str, CampaignTemplate],
    observance: str,
    year: int,
    template: str = "standard",
    **kw: object,
) -> Campaign:
    occ = next(
        o
        for o in between(
            [catalogue.observance(observance)], dt.date(year, 1, 1), dt.date(year, 12, 31), every_anniversary=True
        )
        if o.year == year
    )
    return new_campaign(templates[template], occ, now=NOW, **kw)  # type: ignore[arg-type]


def plan_for(
    catalogue: Catalogue,
    templates: dict[str, CampaignTemplate],
    quarter: str,
    today: dt.date,
    campaigns: list[Campaign] | None = None,
    **kw: object,
) -> Plan:
    year, q = quarter.split("Q")
    return build_plan(
        catalogue, Quarter(int(year), int(q)), campaigns=campaigns or [], templates=templates, today=today, **kw
    )  # type: ignore[arg-type]


# -- 1. observances by month -----------------------------------------------------------------


def test_months_hold_the_quarters_observances_in_date_order(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1))
    assert [m.name for m in plan.months] == ["April 2027", "May 2027", "June 2027"]
    may = plan.months[1]
    ids = [o.id for o in may.observances]
    assert ids.index("world-press-freedom-day") < ids.index("idahobit")  # 3 May before 17 May
    for month in plan.months:
        starts = [(o.start, o.priority.rank) for o in month.observances]
        assert starts == sorted(starts)  # by date; priority only breaks ties (it is a column)
    wpfd = may.observances[ids.index("world-press-freedom-day")]
    assert wpfd.start == dt.date(2027, 5, 3) and wpfd.priority is Priority.HIGH
    assert "WP3013-18" in [r.id for r in wpfd.recommendations]
    # plan.observances is the same set in date order, ongoing ones included
    assert [o.start for o in plan.observances] == sorted(o.start for o in plan.observances)
    in_months = {o.id for m in plan.months for o in m.observances}
    assert {o.id for o in plan.observances} == in_months | {o.id for o in plan.ongoing}


def test_a_decade_is_one_ongoing_line_not_a_month_entry(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1))
    assert [o.id for o in plan.ongoing] == ["second-decade-for-people-of-african-descent"]
    assert all(o.id != "second-decade-for-people-of-african-descent" for m in plan.months for o in m.observances)
    text = render_plan(plan, "md")
    assert text.count("Second International Decade for People of African Descent") == 1
    assert "Ongoing: Second International Decade" in text


def test_milestone_anniversaries_are_in_part_one_and_events_are_not(
    windows: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(windows, templates, "2028Q4", dt.date(2028, 9, 1))
    udhr = [o for o in plan.observances if o.id == "udhr-anniversary"]
    assert udhr and udhr[0].occurrence.anniversary is not None and udhr[0].occurrence.anniversary.number == 80
    assert all(o.occurrence.observance.kind is not Kind.EVENT for o in plan.observances)


def test_team_priorities_win(templates: dict[str, CampaignTemplate]) -> None:
    team = load([FIXTURES / "team-days.yaml"])
    plan = plan_for(team, templates, "2027Q2", dt.date(2027, 3, 1))
    child_labour = next(o for o in plan.observances if o.id == "world-day-against-child-labour")
    assert child_labour.priority is Priority.HIGH
    assert "world-day-against-child-labour-2027" in {c.id for c in plan.campaigns if c.suggested}
    team_q4 = plan_for(team, templates, "2027Q4", dt.date(2027, 9, 1))
    hrd = next(o for o in team_q4.observances if o.id == "human-rights-day")
    assert hrd.priority is Priority.LOW
    assert "human-rights-day-2027" not in {c.id for c in team_q4.campaigns}


def test_themes_narrow_the_observances_but_not_the_teams_campaigns(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    refugees = make(catalogue, templates, "world-refugee-day", 2027, "quick")
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1), [refugees], themes=["lgbti"])
    assert plan.themes == ("lgbti",)
    assert plan.observances and all("lgbti" in o.occurrence.observance.themes for o in plan.observances)
    assert "world-refugee-day-2027" in {c.id for c in plan.campaigns}
    assert {c.id for c in plan.campaigns if c.suggested} == {"idahobit-2027"}


# -- 2. lead-in ------------------------------------------------------------------------------


def test_udhr_80th_launch_shows_in_the_2027q4_plan(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1))
    lead = {li.observance.id: li for li in plan.lead_in}
    assert "udhr-anniversary" in lead
    li = lead["udhr-anniversary"]
    assert li.observance.start == dt.date(2028, 12, 10)
    assert li.observance.priority is Priority.HIGH
    assert li.campaign.suggested and li.campaign.campaign.template == "anniversary-year"
    phases = {p.key: p.date for p in li.campaign.phases_in_quarter}
    assert phases["launch"] == dt.date(2027, 12, 10)
    assert {"plan-year", "identity", "launch-press-release"} <= set(phases)
    assert all(plan.start <= d <= plan.end for d in phases.values())
    assert li.work_starts.key == "plan-year"
    # the same campaign is in part 3, marked as suggested in JSON
    data = plan_dict(plan)
    udhr = next(c for c in data["campaigns"] if c["observance"] == "udhr-anniversary")
    assert udhr["suggested"] is True and udhr["year"] == 2028
    assert {"key": "launch", "date": "2027-12-10"}.items() <= next(
        p for p in udhr["phases"] if p["key"] == "launch"
    ).items()


def test_lead_in_is_not_in_the_quarter_before_work_starts(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1))
    assert "udhr-anniversary" not in {li.observance.id for li in plan.lead_in}


def test_a_stored_campaign_replaces_the_suggestion_in_the_lead_in(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    standard = make(catalogue, templates, "udhr-anniversary", 2028, "standard")  # work starts in Oct 2028
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1), [standard])
    assert "udhr-anniversary" not in {li.observance.id for li in plan.lead_in}
    assert "udhr-anniversary-2028" not in {c.id for c in plan.campaigns}
    year_long = make(catalogue, templates, "udhr-anniversary", 2028, "anniversary-year")
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1), [year_long])
    li = next(li for li in plan.lead_in if li.observance.id == "udhr-anniversary")
    assert not li.campaign.suggested


def test_lead_in_includes_a_stored_campaign_of_any_priority(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    # World Refugee Day (20 June) is medium priority: never suggested, but the team's own campaign counts
    refugees = make(catalogue, templates, "world-refugee-day", 2027, "standard")  # research from 25 April
    plan = plan_for(catalogue, templates, "2027Q1", dt.date(2027, 1, 5), [refugees])
    assert "world-refugee-day" not in {li.observance.id for li in plan.lead_in}
    early = update_phase(refugees, "research", now=NOW, date=dt.date(2027, 3, 15))
    plan = plan_for(catalogue, templates, "2027Q1", dt.date(2027, 1, 5), [early])
    li = next(li for li in plan.lead_in if li.observance.id == "world-refugee-day")
    assert not li.campaign.suggested and li.work_starts.key == "research"


# -- 3. campaigns ----------------------------------------------------------------------------


def test_suggestions_for_high_priority_days_without_a_campaign(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1))
    suggested = {c.id: c for c in plan.campaigns if c.suggested}
    assert {"world-press-freedom-day-2027", "idahobit-2027"} <= set(suggested)
    assert all(c.priority is Priority.HIGH for c in suggested.values())
    assert suggested["world-press-freedom-day-2027"].campaign.template == "standard"
    stored = make(catalogue, templates, "world-press-freedom-day", 2027)
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1), [stored])
    wpfd = [c for c in plan.campaigns if c.campaign.observance_id == "world-press-freedom-day"]
    assert len(wpfd) == 1 and not wpfd[0].suggested
    assert plan.suggested_ids == frozenset(c.id for c in plan.campaigns if c.suggested)


def test_a_quarter_that_is_over_suggests_nothing_and_keeps_the_teams_campaigns(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    stored = make(catalogue, templates, "world-press-freedom-day", 2027)
    before = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1), [stored])
    assert before.suggested_ids and not before.is_past
    after = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 11, 21), [stored])
    assert after.is_past
    assert [c.id for c in after.campaigns] == [stored.id]  # no "create it now" for days gone by
    assert not after.lead_in
    assert all("suggested" not in f.message for f in after.flags)
    assert [o.id for o in after.observances] == [o.id for o in before.observances]  # part 1 unchanged
    assert "\n- **Note:** This quarter is over" in render_plan(after, "md")  # a list item of its own
    assert "<b>Note:</b> This quarter is over" in render_plan(after, "html")
    assert "This quarter is over" not in render_plan(before, "md")


def test_a_suggestion_never_starts_before_today(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    """Too late for the standard template: a shorter one, else 'N days left'; never past phases."""
    early = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1))
    assert next(c for c in early.campaigns if c.id == "world-press-freedom-day-2027").campaign.template == "standard"
    later = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 20))  # standard would start on 8 March
    wpfd = next(c for c in later.campaigns if c.id == "world-press-freedom-day-2027")
    assert wpfd.campaign.template == "quick"
    for plan in (early, later):
        for pc in plan.campaigns:
            if pc.suggested:
                assert all(p.date >= plan.today for p in pc.campaign.phases), pc.id
    late = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 4, 30))  # 3 days before WPFD
    assert "world-press-freedom-day-2027" not in late.suggested_ids
    left = {t.observance.id: t.days_left for t in late.too_late}
    assert left["world-press-freedom-day"] == 3
    assert "World Press Freedom Day, Mon 3 May 2027: 3 days left, too late for a full campaign" in render_plan(
        late, "md"
    )
    over = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 6, 10))  # WPFD and IDAHOBIT have passed
    assert "idahobit-2027" not in over.suggested_ids and "idahobit" not in {t.observance.id for t in over.too_late}
    assert not over.is_past


def test_one_moment_per_day_in_2028q4(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    """The UDHR's 80th, Human Rights Day and the end of the 16 Days are one moment on 10 December,
    led by the anniversary; one suggestion for it, none for Human Rights Day, no flag against it."""
    plan = plan_for(catalogue, templates, "2028Q4", dt.date(2028, 6, 1))
    dec10 = [m for m in plan.moments if m.day == dt.date(2028, 12, 10)]
    assert len(dec10) == 1
    assert dec10[0].lead.id == "udhr-anniversary"
    assert {o.id for o in dec10[0].others} == {"human-rights-day", "sixteen-days-of-activism"}
    assert "human-rights-day-2028" not in plan.suggested_ids
    assert "udhr-anniversary-2028" in plan.suggested_ids
    launches = [pc.campaign.day for pc in plan.campaigns]
    assert len(launches) == len(set(launches))  # no two campaigns launch on the same day
    assert not [f for f in plan.flags if f.date == dt.date(2028, 12, 10)]
    assert not [f for f in plan.flags if f.kind in (FlagKind.BIG_SENDS, FlagKind.NOT_WORKING_DAY)]


def test_no_suggestion_on_a_day_a_campaign_launches_on(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    """2027Q4: the UDHR 80th's year launches on Human Rights Day 2027, so HRD gets no suggestion;
    with the team's own Human Rights Day campaign, the day is theirs."""
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1))
    assert "udhr-anniversary-2028" in plan.suggested_ids and "human-rights-day-2027" not in plan.suggested_ids
    hrd = next(m for m in plan.moments if m.day == dt.date(2027, 12, 10))
    assert hrd.lead.id == "human-rights-day" and hrd.campaign is None
    assert hrd.covered_by is not None and hrd.covered_by.id == "udhr-anniversary-2028"
    own = make(catalogue, templates, "human-rights-day", 2027, "standard")
    mine = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1), [own])
    moment = next(m for m in mine.moments if m.day == dt.date(2027, 12, 10))
    assert moment.campaign is not None and not moment.campaign.suggested


def test_only_phases_in_the_quarter_are_listed(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1))
    for c in plan.campaigns:
        assert c.phases_in_quarter, c.id
        for p in c.phases_in_quarter:
            assert p.date <= plan.end and p.end >= plan.start
        assert [p.date for p in c.phases_in_quarter] == sorted(p.date for p in c.phases_in_quarter)
    days = [c.campaign.day for c in plan.campaigns]
    assert days == sorted(days)


@pytest.mark.parametrize(
    ("observance", "year", "priority", "expected"),
    [
        ("udhr-anniversary", 2028, Priority.HIGH, "anniversary-year"),
        ("udhr-anniversary", 2028, Priority.MEDIUM, "standard"),
        ("udhr-anniversary", 2023, Priority.HIGH, "anniversary-year"),  # 75th
        ("guiding-principles-anniversary", 2026, Priority.HIGH, "standard"),  # 15th: not a round one
        ("four-freedoms-anniversary", 2026, Priority.HIGH, "standard"),  # 85th
        ("vienna-declaration-anniversary", 2023, Priority.HIGH, "anniversary-year"),  # 30th
        ("sixteen-days-of-activism", 2027, Priority.HIGH, "week"),
        ("world-press-freedom-day", 2027, Priority.HIGH, "standard"),
    ],
)
def test_fitting_template(
    catalogue: Catalogue,
    templates: dict[str, CampaignTemplate],
    observance: str,
    year: int,
    priority: Priority,
    expected: str,
) -> None:
    occ = next(
        o
        for o in between(
            [catalogue.observance(observance)], dt.date(year, 1, 1), dt.date(year, 12, 31), every_anniversary=True
        )
        if o.year == year
    )
    template = fitting_template(occ, priority, templates)
    assert template is not None and template.name == expected


def test_no_fitting_template_means_no_suggestion(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    only_quick = {"quick": templates["quick"]}
    plan = plan_for(catalogue, only_quick, "2027Q2", dt.date(2027, 3, 1))
    assert not [c for c in plan.campaigns if c.suggested]


def test_a_campaign_for_an_observance_no_longer_catalogued(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    wpfd = make(catalogue, templates, "world-press-freedom-day", 2027)
    orphan = replace(wpfd, id="gone-day-2027", observance_id="gone-day", name="A day we removed")
    plan = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1), [orphan])
    found = next(c for c in plan.campaigns if c.id == "gone-day-2027")
    assert found.occurrence is None and found.priority is Priority.LOW and not found.suggested
    assert plan_dict(plan)["campaigns"]


# -- 4. workload and flags -------------------------------------------------------------------


def test_workload_covers_the_quarters_iso_weeks(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    own = make(catalogue, templates, "human-rights-day", 2027, "standard")
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1), [own])
    weeks = plan.workload.weeks
    assert weeks[0].label == "2027-W39" and weeks[0].monday <= plan.start
    assert weeks[-1].label == "2027-W52" and weeks[-1].monday + dt.timedelta(days=6) >= plan.end
    assert sum(w.count for w in weeks) > 0


def test_flags_big_sends_overload_days_off_and_same_day(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    holiday = dt.date(2027, 11, 15)
    calendar = WorkCalendar.of({holiday: "Test Holiday"}, country="XX")
    sam = Roster.of([person("Sam", ["campaign-lead", "designer", "press-officer", "social-media"], 1)])
    tdor = staff(make(catalogue, templates, "transgender-day-of-remembrance", 2027, "quick", calendar=calendar), sam)
    children = staff(make(catalogue, templates, "world-childrens-day", 2027, "quick", calendar=calendar), sam)
    girls = staff(make(catalogue, templates, "day-of-the-girl-child", 2027, "quick", calendar=calendar), sam)
    moved = update_phase(girls, "approvals", now=NOW, date=holiday)  # set by hand on the holiday
    weekend = update_phase(moved, "brief", now=NOW, date=dt.date(2027, 10, 2))  # a Saturday
    plan = plan_for(
        catalogue,
        templates,
        "2027Q4",
        dt.date(2027, 9, 1),
        [tdor, children, weekend],
        calendar=calendar,
        capacities={"Sam": 1},
    )
    kinds = {f.kind for f in plan.flags}
    assert kinds == set(FlagKind)
    sends = [f for f in plan.flags if f.kind is FlagKind.BIG_SENDS]
    nov20 = next(f for f in sends if f.date == dt.date(2027, 11, 20))
    assert "Transgender Day of Remembrance 2027 on Sat 20 Nov 2027" in nov20.message
    assert "World Children's Day 2027 on Sat 20 Nov 2027" in nov20.message
    off = [f for f in plan.flags if f.kind is FlagKind.NOT_WORKING_DAY]
    assert any(f.date == holiday and "Test Holiday" in f.message for f in off)
    assert any(f.date == dt.date(2027, 10, 2) and "weekend" in f.message for f in off)
    same = [f for f in plan.flags if f.kind is FlagKind.SAME_DAY]
    assert any(f.date == dt.date(2027, 11, 20) for f in same)
    assert [f.sort_key() for f in plan.flags] == sorted(f.sort_key() for f in plan.flags)


def test_done_phases_on_a_day_off_are_not_flagged(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    girls = make(catalogue, templates, "day-of-the-girl-child", 2027, "quick")
    weekend = update_phase(girls, "brief", now=NOW, date=dt.date(2027, 10, 2), status=PhaseStatus.DONE)
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1), [weekend])
    assert not [f for f in plan.flags if f.kind is FlagKind.NOT_WORKING_DAY and f.date == dt.date(2027, 10, 2)]


def test_same_day_flag_only_for_separate_moments(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1))
    same = {f.date for f in plan.flags if f.kind is FlagKind.SAME_DAY}
    # Transgender Day of Remembrance and World Children's Day (medium) share no theme: two moments
    assert dt.date(2027, 11, 20) in same
    # Violence against Women day and the 16 Days start together and share a theme: one moment
    assert dt.date(2027, 11, 25) not in same
    nov25 = next(m for m in plan.moments if m.day == dt.date(2027, 11, 25))
    assert [o.id for o in nov25.others] == ["sixteen-days-of-activism"]


def test_no_flags_against_the_plans_own_suggestions(
    catalogue: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    plan = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1))
    assert plan.suggested_ids and not [f for f in plan.flags if f.kind is not FlagKind.SAME_DAY]
    # the team's own campaigns on 9 and 10 December: one flag for their close big sends
    own = [
        make(catalogue, templates, "defenders-declaration-anniversary", 2027, "quick"),
        make(catalogue, templates, "human-rights-day", 2027, "quick"),
    ]
    mine = plan_for(catalogue, templates, "2027Q4", dt.date(2027, 9, 1), own)
    sends = [f for f in mine.flags if f.kind is FlagKind.BIG_SENDS]
    assert len(sends) == 1 and "Two big sends 1 day apart" in sends[0].message


# -- 5. windows ------------------------------------------------------------------------------


def test_planning_windows_overlapping_the_quarter(windows: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    plan = plan_for(windows, templates, "2025Q2", dt.date(2025, 3, 14))
    assert [w.id for w in plan.windows] == ["hrc-58-session", "hrc-59-session"]
    assert plan.windows[0].start == dt.date(2025, 2, 24) and plan.windows[0].end == dt.date(2025, 4, 4)
    assert not [o for o in plan.observances if o.id.startswith("hrc-")]
    q3 = plan_for(windows, templates, "2025Q3", dt.date(2025, 6, 2))
    assert [w.id for w in q3.windows] == ["hrc-59-session", "hrc-60-session"]
    q3_2024 = plan_for(windows, templates, "2024Q3", dt.date(2024, 6, 1))
    assert [w.id for w in q3_2024.windows] == ["summit-of-the-future", "unga-79-high-level-week"]


# -- the whole -------------------------------------------------------------------------------


def test_the_plan_is_deterministic(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    stored = [make(catalogue, templates, "world-press-freedom-day", 2027)]
    a = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1), stored)
    b = plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1), list(reversed(stored)))
    assert a == b
    assert plan_dict(a) == plan_dict(b)


def test_json_has_the_documented_keys(catalogue: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    data = plan_dict(plan_for(catalogue, templates, "2027Q2", dt.date(2027, 3, 1)))
    assert list(data)[:7] == ["quarter", "start", "end", "observances", "campaigns", "workload", "flags"]
    assert data["quarter"] == "2027Q2" and data["start"] == "2027-04-01" and data["end"] == "2027-06-30"
    first = data["observances"][0]
    assert {
        "id",
        "name",
        "kind",
        "start",
        "end",
        "anniversary",
        "themes",
        "recommendations",
        "sources",
        "priority",
    } <= set(first)
    for c in data["campaigns"]:
        assert {"observance", "year", "suggested", "phases"} <= set(c)
