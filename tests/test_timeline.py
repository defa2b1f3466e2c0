"""The timeline core: offsets, the working-day rule, templates scheduled onto occurrences,
re-scheduling, phase updates and the workload. Expected dates are tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from planner.campaigns.files import load_templates
from planner.campaigns.holidays_adapter import work_calendar
from planner.campaigns.model import (
    Anchor,
    Campaign,
    CampaignStatus,
    CampaignTemplate,
    Constraint,
    Offset,
    PhaseStatus,
    PhaseTemplate,
)
from planner.campaigns.roster import Roster, person, staff
from planner.campaigns.schedule import (
    Unset,
    campaign_id,
    cancel,
    default_name,
    new_campaign,
    occurrence_for,
    reschedule,
    schedule,
    supersede,
    update_phase,
    working_date,
)
from planner.campaigns.workdays import WEEKENDS_ONLY, WorkCalendar
from planner.campaigns.workload import campaigns_between, workload
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue, FixedRule
from planner.errors import UnknownId, UsageProblem

from .conftest import FIXTURES

NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)
D = dt.date


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load([FIXTURES / "campaigns-catalogue.yaml"], shipped=False)


@pytest.fixture(scope="module")
def templates() -> dict[str, CampaignTemplate]:
    return load_templates(team_dir=Path("/nonexistent/planner-templates"))


def dates(campaign: Campaign) -> dict[str, dt.date]:
    return {p.key: p.date for p in campaign.phases}


def plan(
    cat: Catalogue,
    templates: dict[str, CampaignTemplate],
    obs: str,
    year: int,
    template: str,
    country: str | None = None,
) -> Campaign:
    occ = occurrence_for(cat.observance(obs), year)
    return new_campaign(templates[template], occ, now=NOW, calendar=work_calendar(country))


# -- offsets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("T-56", Offset(days=-56), "T-56d"),
        ("T0", Offset(), "T0"),
        ("0", Offset(), "T0"),
        ("T+7", Offset(days=7), "T+7d"),
        ("-8w", Offset(days=-56), "T-56d"),
        ("T-1y", Offset(years=-1), "T-1y"),
        ("T-11m", Offset(months=-11), "T-11m"),
        ("T-1y-8w", Offset(years=-1, days=-56), "T-1y-56d"),
        (-3, Offset(days=-3), "T-3d"),
    ],
)
def test_offsets_parse_and_print(text: str | int, expected: Offset, canonical: str) -> None:
    assert Offset.parse(text) == expected
    assert str(expected) == canonical
    assert Offset.parse(canonical) == expected


@pytest.mark.parametrize("text", ["", "T", "x", "T--5", "1y2d", "-5q"])
def test_bad_offsets_say_which_forms_work(text: str) -> None:
    with pytest.raises(ValueError, match="T-56, T0, T\\+7"):
        Offset.parse(text)


def test_year_offsets_use_calendar_arithmetic() -> None:
    assert Offset(years=-1).apply(D(2028, 12, 10)) == D(2027, 12, 10)  # 366 days back: 2028 is leap
    assert Offset(years=-1).apply(D(2028, 2, 29)) == D(2027, 2, 28)
    assert Offset(months=-11).apply(D(2028, 12, 10)) == D(2028, 1, 10)


# -- the working-day rule ---------------------------------------------------------------------

EASTER_2027 = WorkCalendar.of({D(2027, 3, 26): "Good Friday", D(2027, 3, 29): "Easter Monday"}, country="XX")


@pytest.mark.parametrize(
    ("nominal", "anchored_on", "constraint", "expected"),
    [
        (D(2027, 3, 29), D(2027, 5, 3), None, D(2027, 3, 25)),  # holiday Mon, holiday Fri before: Thu
        (D(2027, 3, 27), D(2027, 5, 3), None, D(2027, 3, 25)),  # Saturday of Easter weekend
        (D(2027, 3, 30), D(2027, 5, 3), None, D(2027, 3, 30)),  # a working day stays
        (D(2027, 5, 1), D(2027, 5, 3), None, D(2027, 4, 30)),  # Saturday before: Friday
        (D(2027, 5, 1), D(2027, 5, 1), None, D(2027, 5, 1)),  # the day itself stays, weekend or not
        (D(2027, 3, 27), D(2027, 3, 20), None, D(2027, 3, 30)),  # after the day: forward past Easter
        (D(2027, 3, 27), D(2027, 5, 3), Constraint.ON_DAY, D(2027, 3, 27)),
        (D(2027, 3, 27), D(2027, 5, 3), Constraint.NOT_BEFORE, D(2027, 3, 27)),
    ],
)
def test_working_day_rule(
    nominal: dt.date, anchored_on: dt.date, constraint: Constraint | None, expected: dt.date
) -> None:
    assert working_date(nominal, anchored_on, constraint, EASTER_2027) == expected


def test_calendar_explains_why_a_day_is_not_worked() -> None:
    assert EASTER_2027.why_not_working(D(2027, 3, 29)) == "Easter Monday"
    assert EASTER_2027.why_not_working(D(2027, 3, 27)) == "weekend"
    assert EASTER_2027.why_not_working(D(2027, 3, 30)) is None
    assert "no country set" in WEEKENDS_ONLY.describe()
    assert WorkCalendar.of(weekend=(4, 5)).previous_working_day(D(2027, 3, 27)) == D(2027, 3, 25)  # Fri-Sat weekend


def test_a_weekend_of_seven_days_is_refused() -> None:
    with pytest.raises(Exception, match="working days"):
        WorkCalendar(weekend=frozenset(range(7)))


# -- templates on occurrences -----------------------------------------------------------------

WPFD_2027 = {
    "research": D(2027, 3, 8),
    "key-messages": D(2027, 3, 22),
    "partner-outreach": D(2027, 3, 29),
    "approvals": D(2027, 4, 12),
    "assets-ready": D(2027, 4, 19),
    "press-release": D(2027, 4, 26),
    "launch": D(2027, 5, 3),
    "follow-up": D(2027, 5, 10),
    "evaluation": D(2027, 6, 2),
}


@pytest.mark.parametrize(
    ("country", "changes"),
    [
        (None, {}),
        # 3 May 2027 is the Early May bank holiday: the launch stays on the day anyway.
        ("GB", {}),
        # Easter Monday is a holiday in England (not UK-wide); Good Friday before it too: Thursday.
        ("GB-ENG", {"partner-outreach": D(2027, 3, 25)}),
    ],
)
def test_standard_world_press_freedom_day_2027(
    cat: Catalogue, templates: dict[str, CampaignTemplate], country: str | None, changes: dict[str, dt.date]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard", country)
    assert dates(c) == {**WPFD_2027, **changes}
    assert c.id == "world-press-freedom-day-2027"
    assert c.day == D(2027, 5, 3)
    assert c.country == country


WPFD_2025_WEEKENDS = {  # 3 May 2025 is a Saturday: every offset lands on a Saturday
    "research": D(2025, 3, 7),
    "key-messages": D(2025, 3, 21),
    "partner-outreach": D(2025, 3, 28),
    "approvals": D(2025, 4, 11),
    "assets-ready": D(2025, 4, 18),
    "press-release": D(2025, 4, 25),
    "launch": D(2025, 5, 3),  # stays on the Saturday: publish on the day, not before
    "follow-up": D(2025, 5, 12),  # after the day: forward to Monday
    "evaluation": D(2025, 6, 2),
}


def test_deadlines_on_a_weekend_move_to_the_previous_working_day(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    assert dates(plan(cat, templates, "world-press-freedom-day", 2025, "standard")) == WPFD_2025_WEEKENDS


def test_deadlines_on_a_holiday_move_to_the_previous_working_day(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2025, "standard", "GB")
    assert dates(c)["assets-ready"] == D(2025, 4, 17)  # Sat 19 Apr -> Fri 18 is Good Friday -> Thu 17
    assert dates(c)["launch"] == D(2025, 5, 3)


UDHR_80 = {
    "plan-year": D(2027, 10, 15),
    "identity": D(2027, 11, 19),
    "launch-press-release": D(2027, 12, 3),
    "launch": D(2027, 12, 10),
    "month-01": D(2028, 1, 10),
    "month-02": D(2028, 2, 10),
    "month-03": D(2028, 3, 10),
    "month-04": D(2028, 4, 10),
    "month-05": D(2028, 5, 10),
    "month-06": D(2028, 6, 9),  # Sat 10 June -> Friday
    "month-07": D(2028, 7, 10),
    "month-08": D(2028, 8, 10),
    "month-09": D(2028, 9, 8),  # Sun 10 September -> Friday
    "month-10": D(2028, 10, 10),
    "month-11": D(2028, 11, 10),
    "culmination-press-release": D(2028, 12, 1),  # Sun 3 December -> Friday
    "culmination": D(2028, 12, 10),  # a Sunday; stays on the day
    "evaluation": D(2029, 1, 9),
}


def test_udhr_80th_anniversary_year_launches_on_10_december_2027(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "udhr-anniversary", 2028, "anniversary-year")
    assert dates(c) == UDHR_80
    assert c.day == D(2028, 12, 10)
    assert c.days_from_day(c.phase("launch")) == -366


def test_udhr_75_launch_stays_on_a_saturday(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "udhr-anniversary", 2023, "anniversary-year")
    assert c.phase("launch").date == D(2022, 12, 10)  # Human Rights Day 2022, a Saturday
    assert c.phase("culmination").date == D(2023, 12, 10)


SIXTEEN_DAYS_2027 = {  # Thu 25 Nov to Fri 10 Dec 2027; anchored on the first day
    "research": D(2027, 10, 14),
    "key-messages": D(2027, 10, 21),
    "partner-outreach": D(2027, 10, 28),
    "approvals": D(2027, 11, 4),
    "assets-ready": D(2027, 11, 11),
    "press-release": D(2027, 11, 19),  # Sat 20 Nov -> Friday
    "launch": D(2027, 11, 25),
    "daily-content": D(2027, 11, 25),
    "closing": D(2027, 12, 10),  # the last day
    "follow-up": D(2027, 12, 17),
    "evaluation": D(2028, 1, 10),  # Sun 9 Jan -> forward to Monday
}


def test_week_template_for_a_multi_day_period(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "sixteen-days", 2027, "week")
    assert dates(c) == SIXTEEN_DAYS_2027
    daily = c.phase("daily-content")
    assert daily.duration_days == 16
    assert daily.end == D(2027, 12, 10)
    assert c.day == D(2027, 11, 25)


def test_week_template_for_a_one_off_event(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "summit-of-the-future", 2024, "week")
    assert c.phase("launch").date == D(2024, 9, 22)
    assert c.phase("closing").date == D(2024, 9, 23)
    assert c.phase("daily-content").duration_days == 2


def test_a_template_refuses_kinds_it_does_not_suit(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    with pytest.raises(UsageProblem, match="template 'week' is for week, period, event observances"):
        plan(cat, templates, "world-press-freedom-day", 2027, "week")


@pytest.mark.parametrize(
    ("obs", "year", "message"),
    [
        ("world-press-freedom-day", 1990, "did not exist yet in 1990: it is observed from 1994"),
        ("summit-of-the-future", 2025, "happens only once, in 2024; use --year 2024"),
        ("udhr-anniversary", 1948, "its first anniversary is in 1949"),
    ],
)
def test_a_year_without_an_occurrence_says_why(cat: Catalogue, obs: str, year: int, message: str) -> None:
    with pytest.raises(UsageProblem, match=message):
        occurrence_for(cat.observance(obs), year)


def test_names_ids_and_timestamps(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "udhr-anniversary", 2028, "standard")
    assert c.id == campaign_id("udhr-anniversary", 2028) == "udhr-anniversary-2028"
    assert "80th" in c.name and "2028" in c.name
    assert c.created_at == c.updated_at == NOW
    assert all(p.updated_at == NOW and p.sequence == 0 for p in c.phases)
    assert default_name(occurrence_for(cat.observance("human-rights-day"), 2027)) == "Human Rights Day 2027"


def test_schedule_from_a_template_built_in_code(cat: Catalogue) -> None:
    template = CampaignTemplate(
        name="tiny",
        title="Tiny",
        phases=(
            PhaseTemplate("brief", "Brief", Offset(days=-2)),
            PhaseTemplate("send", "Send", Offset(), big_send=True),
            PhaseTemplate("wrap", "Wrap up", Offset(days=1), anchor=Anchor.END),
        ),
    )
    occ = occurrence_for(cat.observance("world-press-freedom-day"), 2027)  # Monday
    phases = schedule(template, occ)
    assert [p.date for p in phases] == [D(2027, 4, 30), D(2027, 5, 3), D(2027, 5, 4)]  # Sat 1 May -> Fri


# -- re-scheduling ----------------------------------------------------------------------------


def test_moving_to_another_year_keeps_dates_set_by_hand(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    c = update_phase(c, "approvals", now=NOW, date=D(2027, 4, 14), owner="Sam")
    c = update_phase(c, "research", now=NOW, status=PhaseStatus.DONE)
    moved = reschedule(c, occurrence_for(cat.observance("world-press-freedom-day"), 2028), now=LATER)
    assert moved.id == "world-press-freedom-day-2028"
    assert moved.year == 2028
    approvals = moved.phase("approvals")
    assert approvals.manual_date == D(2028, 4, 14)  # same day and month, one year on
    assert approvals.scheduled == D(2028, 4, 12)
    assert approvals.owner == "Sam"
    assert moved.phase("research").status is PhaseStatus.DONE
    assert moved.phase("launch").date == D(2028, 5, 3)
    assert moved.updated_at == LATER
    assert all(p.sequence == q.sequence + 1 for p, q in zip(moved.phases, c.phases, strict=True))


def test_a_changed_observance_date_reschedules_and_keeps_hand_set_dates(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    obs = cat.observance("world-press-freedom-day")
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    c = update_phase(c, "approvals", now=NOW, date=D(2027, 4, 14))
    changed = replace(obs, rule=FixedRule(month=5, day=4))  # the day moves to Tuesday 4 May
    moved = reschedule(c, occurrence_for(changed, 2027), now=LATER)
    assert moved.id == c.id
    assert moved.phase("approvals").date == D(2027, 4, 14)  # kept exactly
    assert moved.phase("launch").date == D(2027, 5, 4)
    assert moved.phase("research").date == D(2027, 3, 9)


def test_a_hand_set_date_never_breaks_the_embargo_after_a_reschedule(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    obs = cat.observance("world-press-freedom-day")
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    c = update_phase(c, "launch", now=NOW, date=D(2027, 5, 3))  # allowed: the day itself
    c = update_phase(c, "approvals", now=NOW, date=D(2027, 4, 14))
    later_day = replace(obs, rule=FixedRule(month=5, day=4))
    moved = reschedule(c, occurrence_for(later_day, 2027), now=LATER)
    assert moved.phase("launch").manual_date is None  # 3 May would now be before the embargo
    assert moved.phase("launch").date == D(2027, 5, 4)
    assert moved.phase("launch").sequence == c.phase("launch").sequence + 1
    assert moved.phase("approvals").date == D(2027, 4, 14)  # no embargo: kept as set
    earlier_day = replace(obs, rule=FixedRule(month=5, day=2))
    assert reschedule(c, occurrence_for(earlier_day, 2027), now=LATER).phase("launch").date == D(2027, 5, 3)


def test_rescheduling_onto_the_same_date_changes_nothing(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    assert reschedule(c, occurrence_for(cat.observance("world-press-freedom-day"), 2027), now=LATER) == c


def test_rescheduling_with_a_country_moves_deadlines_off_its_holidays(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    moved = reschedule(
        c, occurrence_for(cat.observance("world-press-freedom-day"), 2027), now=LATER, calendar=work_calendar("GB-ENG")
    )
    assert moved.country == "GB-ENG"
    assert moved.phase("partner-outreach").date == D(2027, 3, 25)
    assert moved.phase("partner-outreach").sequence == 1
    assert moved.phase("research").sequence == 0


# -- updating a phase -------------------------------------------------------------------------


def test_update_phase_bumps_sequence_for_visible_changes_only(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    owner = update_phase(c, "approvals", now=LATER, owner="Sam")
    assert owner.phase("approvals").sequence == 0  # not in a calendar entry's SEQUENCE rules
    assert owner.phase("approvals").updated_at == LATER
    done = update_phase(owner, "approvals", now=LATER, status=PhaseStatus.DONE)
    assert done.phase("approvals").sequence == 1
    dated = update_phase(done, "approvals", now=LATER, date=D(2027, 4, 9))
    assert dated.phase("approvals").sequence == 2
    assert dated.phase("approvals").date == D(2027, 4, 9)
    back = update_phase(dated, "approvals", now=LATER, date=Unset.AUTO)
    assert back.phase("approvals").date == D(2027, 4, 12)
    assert back.phase("approvals").manual_date is None
    assert back.phase("approvals").sequence == 3


def test_an_update_that_changes_nothing_keeps_the_timestamps(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    assert update_phase(c, "approvals", now=LATER, status=PhaseStatus.TODO, owner="") is c


def test_embargoed_phase_refuses_an_earlier_date(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    with pytest.raises(UsageProblem, match="under embargo: it happens on Mon 3 May 2027 and not before"):
        update_phase(c, "launch", now=LATER, date=D(2027, 5, 2))
    later = update_phase(c, "launch", now=LATER, date=D(2027, 5, 4))
    assert later.phase("launch").date == D(2027, 5, 4)


def test_an_unknown_phase_suggests_close_keys(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    with pytest.raises(UnknownId, match="unknown phase 'aproval'; did you mean approvals"):
        update_phase(c, "aproval", now=LATER, status=PhaseStatus.DONE)


def test_campaign_status_follows_its_phases(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "quick")
    assert c.status is CampaignStatus.TODO
    c = update_phase(c, "brief", now=LATER, status=PhaseStatus.DOING)
    assert c.status is CampaignStatus.DOING
    for p in c.phases:
        c = update_phase(c, p.key, now=LATER, status=PhaseStatus.SKIPPED if p.key == "follow-up" else PhaseStatus.DONE)
    assert c.status is CampaignStatus.DONE


def test_timeline_is_in_date_order(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    c = update_phase(c, "evaluation", now=LATER, date=D(2027, 1, 4))
    assert c.timeline()[0].key == "evaluation"
    assert c.phases[0].key == "research"  # storage order is the template's


# -- workload ---------------------------------------------------------------------------------


def test_workload_counts_phases_per_iso_week_and_owner(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    w = workload([c], D(2027, 3, 1), D(2027, 3, 31))
    assert [wk.label for wk in w.weeks] == ["2027-W09", "2027-W10", "2027-W11", "2027-W12", "2027-W13"]
    counts = {wk.label: wk.count for wk in w.weeks}
    # research runs 14 days from Mon 8 March (W10, W11); key messages W12; outreach 14 days from 29 March
    assert counts == {"2027-W09": 0, "2027-W10": 1, "2027-W11": 1, "2027-W12": 1, "2027-W13": 1}
    assert dict(w.weeks[1].by_owner) == {"unassigned (researcher)": 1}  # no roster: the role, unassigned
    assert not w.overloaded and not w.clashes


def test_workload_flags_overloaded_weeks_and_close_big_sends(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    wpfd = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    wpfd = update_phase(wpfd, "launch", now=LATER, date=D(2027, 5, 8))  # a later launch is allowed
    idahobit = plan(cat, templates, "idahobit", 2027, "quick")  # launch Mon 17 May: 9 days later
    unstaffed = workload([wpfd, idahobit], D(2027, 4, 1), D(2027, 6, 30), max_per_week=2, max_per_owner=1)
    assert not next(wk for wk in unstaffed.weeks if wk.label == "2027-W20").problems[1:]  # nobody's overload
    idahobit = staff(idahobit, Roster.of([person("Sam", ["social-media"], 1)]))
    w = workload([wpfd, idahobit], D(2027, 4, 1), D(2027, 6, 30), max_per_week=2, capacities={"Sam": 1})
    week20 = next(wk for wk in w.weeks if wk.label == "2027-W20")  # idahobit launch Mon 17, follow-up Thu 20
    assert week20.overloaded
    assert "Sam has 2 (more than 1)" in week20.problems
    assert week20 in w.overloaded
    assert [(c.first.campaign_id, c.second.campaign_id, c.days) for c in w.clashes] == [
        ("world-press-freedom-day-2027", "idahobit-2027", 9)
    ]


def test_skipped_phases_are_not_work_and_big_sends_14_days_apart_are_fine(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    wpfd = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    idahobit = plan(cat, templates, "idahobit", 2027, "quick")  # launch Mon 17 May: 14 days after 3 May
    assert workload([wpfd, idahobit], D(2027, 4, 1), D(2027, 6, 30)).clashes == ()
    skipped = update_phase(wpfd, "research", now=LATER, status=PhaseStatus.SKIPPED)
    w = workload([skipped], D(2027, 3, 8), D(2027, 3, 14))
    assert w.weeks[0].count == 0


def test_anniversary_year_big_sends_are_at_least_a_month_apart(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "udhr-anniversary", 2028, "anniversary-year")
    assert workload([c], D(2027, 1, 1), D(2029, 12, 31)).clashes == ()


def test_overlaps_and_first_last(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    assert (c.first, c.last) == (D(2027, 3, 8), D(2027, 6, 2))
    assert c.overlaps(D(2027, 1, 1), D(2027, 3, 31))
    assert not c.overlaps(D(2027, 7, 1), D(2027, 9, 30))


def test_campaigns_between_a_quarter(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    wpfd = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    hrd = plan(cat, templates, "human-rights-day", 2027, "standard")  # work from 15 October
    udhr = plan(cat, templates, "udhr-anniversary", 2028, "anniversary-year")  # work from October 2027
    found = campaigns_between([udhr, hrd, wpfd], D(2027, 10, 1), D(2027, 12, 31))
    assert [c.id for c in found] == ["human-rights-day-2027", "udhr-anniversary-2028"]


# -- deletion ---------------------------------------------------------------------------------


def test_cancel_makes_a_tombstone_with_new_versions_of_each_phase(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    c = update_phase(c, "research", now=NOW, status=PhaseStatus.SKIPPED)
    gone = cancel(c, now=LATER)
    assert gone.deleted and gone.deleted_at == LATER and gone.updated_at == LATER
    assert not c.deleted
    for before, after in zip(c.phases, gone.phases, strict=True):
        if before.key == "research":  # cancelled already when it was skipped
            assert after == before
        else:
            assert (after.sequence, after.updated_at) == (before.sequence + 1, LATER)
            assert after.date == before.date and after.status == before.status


def test_supersede_never_lets_a_sequence_go_back(cat: Catalogue, templates: dict[str, CampaignTemplate]) -> None:
    c = plan(cat, templates, "world-press-freedom-day", 2027, "standard")
    edited = update_phase(c, "approvals", now=LATER, date=D(2027, 4, 14))  # sequence 1
    restored = supersede(c, edited)  # the older copy comes back, e.g. from an export file
    assert restored.phase("approvals").date == D(2027, 4, 12)
    assert restored.phase("approvals").sequence == 2  # a new version for subscribers
    assert restored.phase("approvals").updated_at == LATER  # stamps never go back either
    assert restored.phase("launch") == c.phase("launch")  # unchanged phases stay as they were
    assert supersede(c, restored) == restored  # twice: nothing more changes
    assert supersede(c, c) == c


def test_supersede_puts_a_recreated_campaign_above_its_tombstone(
    cat: Catalogue, templates: dict[str, CampaignTemplate]
) -> None:
    c = update_phase(plan(cat, templates, "world-press-freedom-day", 2027, "standard"), "launch", now=NOW, note="x")
    tomb = cancel(c, now=LATER)
    again = plan(cat, templates, "world-press-freedom-day", 2027, "quick")  # other phases, same id
    revived = supersede(again, tomb)
    assert not revived.deleted
    shared = {p.key for p in c.phases} & {p.key for p in again.phases}
    assert shared and "brief" not in shared
    for p in revived.phases:
        if p.key in shared:
            assert p.sequence == tomb.phase(p.key).sequence + 1
        else:
            assert p.sequence == 0
    assert revived.updated_at == LATER
