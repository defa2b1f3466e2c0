"""Reads by date range, the standard-library SQLite reader, batched import, the cheap revision
check, and a plan that reads only the campaigns it needs (issue 15)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from planner.campaigns.files import load_templates
from planner.campaigns.model import Campaign, CampaignStatus, PhaseStatus
from planner.campaigns.schedule import new_campaign, update_phase
from planner.campaigns.store import DuplicateCampaign, Store, shipped_revisions
from planner.campaigns.workload import OpenStep
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.catalogue.occurrences import between
from planner.plans.build import fitting_template

from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load()


@pytest.fixture(scope="module")
def many(shipped: Catalogue) -> list[Campaign]:
    """About 300 campaigns from the shipped catalogue over 2025-2030, templates as planner picks."""
    templates = load_templates(team_dir=Path("/nonexistent/planner-templates"))
    made: dict[tuple[str, int], Campaign] = {}
    occurrences = between(list(shipped.observances.values()), dt.date(2025, 1, 1), dt.date(2030, 12, 31))
    for occ in occurrences[::2]:
        template = fitting_template(occ, shipped.priority(occ.observance), templates)
        if template is not None and (occ.id, occ.year) not in made:
            made[(occ.id, occ.year)] = new_campaign(template, occ, now=NOW)
    return sorted(made.values(), key=lambda c: c.id)


def _by_day(campaigns: list[Campaign]) -> list[Campaign]:
    return sorted(campaigns, key=lambda c: (c.day, c.id))


def test_reads_by_date_range_match_reading_everything(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    with Store(database_url) as store:
        store.import_campaigns(many)
        everything = store.campaigns()
        assert everything == _by_day(many)
        for start, end in [
            (dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
            (dt.date(2026, 12, 10), dt.date(2026, 12, 10)),
            (dt.date(2030, 11, 1), dt.date(2031, 6, 30)),
            (dt.date(2000, 1, 1), dt.date(2001, 1, 1)),
        ]:
            assert store.campaigns(start=start, end=end) == [c for c in everything if c.overlaps(start, end)]
        assert store.campaigns(status=CampaignStatus.TODO) == everything
        pairs = {(many[0].observance_id, many[0].year), (many[-1].observance_id, many[-1].year)}
        lo = hi = dt.date(2001, 1, 1)
        assert {c.id for c in store.campaigns(start=lo, end=hi, including=pairs)} == {many[0].id, many[-1].id}
        one = many[7]
        assert store.campaign_for(one.observance_id, one.year) == one
        assert store.campaign_for(one.observance_id, 1900) is None
        assert list(store.iter_campaigns()) == many  # by id, for export


def test_sqlite_is_read_without_sqlalchemy(tmp_path: Path, many: list[Campaign]) -> None:
    """A read of an up-to-date SQLite file goes through the standard library: same campaigns."""
    import subprocess

    url = f"sqlite:///{tmp_path / 'fast.db'}"
    with Store(url) as store:
        store.import_campaigns(many[:20])
    script = (
        "import sys, datetime as dt\n"
        "from planner.campaigns.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "found = s.campaigns(start=dt.date(2025, 1, 1), end=dt.date(2031, 1, 1))\n"
        "print(len(found), s.campaign(found[0].id).id == found[0].id)\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(len(many[:20])), "True", "False"]


def test_the_fast_sqlite_read_leaves_out_a_damaged_campaign_with_a_warning(
    tmp_path: Path, many: list[Campaign]
) -> None:
    """The sqlite3 read path treats a damaged row as the SQLAlchemy one does (`DamagedRow`): the
    campaign is left out, its message kept in `problems`; the role column is read."""
    import sqlite3

    path = tmp_path / "damaged.db"
    url = f"sqlite:///{path}"
    some = many[:5]
    with Store(url) as store:
        store.import_campaigns(some)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = 1")  # as a hand edit or another program might
    conn.execute(
        "UPDATE phases SET status = 'later' WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?)",
        (some[1].id,),
    )
    conn.execute(
        "UPDATE phases SET role = 'writer' WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?)", (some[2].id,)
    )
    conn.commit()
    conn.close()
    store = Store(url)
    assert store._sqlite_reader() is not None  # the fast path is the one tested
    found = store.campaigns()
    assert some[1].id not in {c.id for c in found} and len(found) == len(some) - 1
    assert len(store.problems) == 1 and "stored status 'later' cannot be read" in store.problems[0]
    assert f"planner campaign set {some[1].id}" in store.problems[0]
    assert {p.role for p in next(c for c in found if c.id == some[2].id).phases} == {"writer"}
    store.close()


def test_import_adds_updates_and_replaces_tombstones(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    first, rest = many[:40], many[40:60]
    with Store(database_url) as store:
        assert store.import_campaigns(first).added == tuple(c.id for c in first)
        gone = store.delete(first[3].id, now=NOW)
        changed = update_phase(first[5], first[5].phases[0].key, now=NOW, status=PhaseStatus.DONE)
        dropped = dataclasses.replace(first[6], phases=first[6].phases[1:])
        result = store.import_campaigns([first[3], changed, dropped, *first[7:], *rest])
        assert result.added == tuple(sorted([first[3].id, *(c.id for c in rest)]))
        assert result.updated == tuple(sorted([changed.id, dropped.id]))
        assert len(result.unchanged) == len(first) - 7
        assert store.deleted_since(NOW) == []  # the tombstone was replaced
        back = store.campaign(first[3].id)
        assert all(p.sequence > q.sequence for p, q in zip(back.phases, gone.phases, strict=True))
        assert store.campaign(changed.id).phases[0].status is PhaseStatus.DONE
        assert [p.key for p in store.campaign(dropped.id).phases] == [p.key for p in dropped.phases]
        assert store.import_campaigns([*first[7:], *rest]).unchanged == tuple(sorted(c.id for c in [*first[7:], *rest]))


def test_import_stops_and_writes_nothing_when_the_stream_fails(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    def stream() -> object:
        yield from many[:30]
        raise RuntimeError("bad file")

    with Store(database_url) as store:
        with pytest.raises(RuntimeError):
            store.import_campaigns(stream())  # type: ignore[arg-type]
        assert store.campaigns() == []


def test_import_refuses_a_second_campaign_for_the_same_day(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    one = many[0]
    other = dataclasses.replace(one, id=one.id + "-copy")
    with Store(database_url) as store:
        store.add(one)
        with pytest.raises(DuplicateCampaign):
            store.import_campaigns([other])
        assert store.campaigns() == [one]


def test_the_schema_head_is_read_from_the_migration_files() -> None:
    head, known = shipped_revisions()
    assert head in known and "0001" in known


def _marked(many: list[Campaign]) -> list[Campaign]:
    """The campaigns with some steps done, skipped, under way, owned, moved by hand or made long,
    so the open-step reads meet every case the due list does."""
    out = []
    for i, c in enumerate(many):
        phases = []
        for j, p in enumerate(c.phases):
            k = (i + j) % 7
            if k == 0:
                p = dataclasses.replace(p, status=PhaseStatus.DONE)
            elif k == 1:
                p = dataclasses.replace(p, status=PhaseStatus.SKIPPED)
            elif k == 2:
                p = dataclasses.replace(p, status=PhaseStatus.DOING, owner="Amina")
            elif k == 3:
                p = dataclasses.replace(p, manual_date=p.scheduled - dt.timedelta(days=40), owner="Ben Ode")
            elif k == 4:
                p = dataclasses.replace(p, duration_days=120)
            phases.append(p)
        out.append(dataclasses.replace(c, phases=tuple(phases)))
    return out


def _keyed(steps: Iterable[OpenStep]) -> dict[tuple[str, str], OpenStep]:
    return {(s.campaign_id, s.key): s for s in steps}


def test_open_steps_and_older_counts_match_the_core(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    """`Store.open_steps` and `Store.older_open` (read and counted in SQL) give exactly what the
    core's `due` and `older_open` give from whole campaigns, for several days and owners."""
    from planner.campaigns.workload import due, due_from_steps, older_open, open_steps

    campaigns = _marked(many)
    with Store(database_url) as store:
        store.import_campaigns(campaigns)
        for today in (dt.date(2025, 6, 1), TODAY, dt.date(2028, 3, 15), dt.date(2031, 6, 1)):
            horizon = today + dt.timedelta(days=14)
            since = today - dt.timedelta(days=90)
            core_steps = list(open_steps(campaigns))
            assert _keyed(store.open_steps(horizon)) == _keyed(s for s in core_steps if s.start < horizon)
            read = store.open_steps(horizon, ended_since=since)
            assert _keyed(read) == _keyed(s for s in core_steps if s.start < horizon and s.end >= since)
            assert due_from_steps(read, today, lookback_days=90) == due(campaigns, today, lookback_days=90)
            both = store.due_steps(horizon, since)
            assert _keyed(both[0]) == _keyed(read) and both[1] == store.older_open(since)
            for owner in (None, "amina", "Ben Ode", "unassigned (writer)", "nobody"):
                assert store.older_open(since, owner=owner) == older_open(core_steps, today, 90, owner=owner)
        assert store.older_open(TODAY).steps > 0


def test_a_plan_from_its_window_equals_a_plan_from_every_campaign(
    database_url: str,  # noqa: F811
    many: list[Campaign],
    shipped: Catalogue,
) -> None:
    """`api.build_plan` reads the campaigns of `plan_window` and the open steps in SQL; the plan is
    the same as one built from every stored campaign, for quarters before, around and after today."""
    from planner import api
    from planner.campaigns.template_cache import templates
    from planner.campaigns.workdays import WEEKENDS_ONLY
    from planner.plans.build import build_plan
    from planner.quarters import Quarter

    campaigns = _marked(many)
    with Store(database_url) as store:
        store.import_campaigns(campaigns)
        stored = store.campaigns()
    for quarter in (Quarter(2025, 3), Quarter(2026, 4), Quarter(2027, 1), Quarter(2029, 2)):
        windowed = api.build_plan(shipped, quarter, today=TODAY, db_url=database_url).plan
        whole = build_plan(
            shipped, quarter, campaigns=stored, templates=templates(), calendar=WEEKENDS_ONLY, today=TODAY
        )
        assert windowed == whole, quarter


def test_a_plan_finds_the_campaign_of_its_occurrence_whatever_its_dates(
    database_url: str,  # noqa: F811
    many: list[Campaign],
    shipped: Catalogue,
) -> None:
    """A stored campaign dated far from its occurrence (the observance's date was corrected after
    the campaign was made, and it was not moved yet) is still the team's campaign for it: the
    windowed plan does not suggest a second one (whose `campaign new` would be refused)."""
    from planner import api
    from planner.campaigns.template_cache import templates
    from planner.campaigns.workdays import WEEKENDS_ONLY
    from planner.plans.build import build_plan
    from planner.quarters import Quarter

    shift = dt.timedelta(days=-150)
    wanted = ("international-womens-day", 2027)
    kept = [c for c in many if (c.observance_id, c.year) != wanted]
    occ = next(o for o in between(list(shipped.observances.values()), dt.date(2027, 3, 1), dt.date(2027, 3, 31))
               if (o.id, o.year) == wanted)  # fmt: skip
    template = load_templates(team_dir=Path("/nonexistent/planner-templates"))["standard"]
    made = new_campaign(template, occ, now=NOW)
    stale = dataclasses.replace(
        made,
        starts=made.starts + shift,
        ends=made.ends + shift,
        phases=tuple(dataclasses.replace(p, scheduled=p.scheduled + shift) for p in made.phases),
    )
    with Store(database_url) as store:
        store.import_campaigns([*kept, stale])
        stored = store.campaigns()
    quarter = Quarter(2027, 1)
    windowed = api.build_plan(shipped, quarter, today=TODAY, db_url=database_url).plan
    whole = build_plan(shipped, quarter, campaigns=stored, templates=templates(), calendar=WEEKENDS_ONLY, today=TODAY)
    assert stale.id not in whole.suggested_ids
    assert windowed == whole


def test_campaign_pages_are_slices_of_the_whole_list(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    """`campaigns_by_day` reads one page chosen and ordered in the database: the pages, joined,
    are `campaigns()` in its order; `current_campaigns` counts the pages and the older ones."""
    from planner import api

    with Store(database_url) as store:
        store.import_campaigns(many)
        everything = store.campaigns()
        pages = [store.campaigns_by_day(offset=i, limit=7) for i in range(0, len(everything) + 7, 7)]
        assert [c for page in pages for c in page] == everything
        since = dt.date(2028, 1, 1)
        assert [c for i in range(0, 400, 50) for c in store.campaigns_by_day(since=since, offset=i, limit=50)] == (
            store.campaigns(start=since)
        )
        assert store.campaign_count() == len(everything)
        listed = api.current_campaigns(store, today=dt.date(2028, 3, 31), per_page=20, page=99)
        current = store.campaigns(start=dt.date(2028, 3, 31) - dt.timedelta(days=api.CURRENT_DAYS))
        assert listed.total == len(current) and listed.older == len(everything) - len(current)
        assert listed.page == listed.pages == -(-len(current) // 20)  # past the end: the last page
        assert listed.campaigns == current[(listed.page - 1) * 20 :]


def test_closing_old_work_is_one_transaction(database_url: str, many: list[Campaign]) -> None:  # noqa: F811
    """`api.close_campaigns` writes every campaign or none: an unknown id among them changes
    nothing; `older_than` closes exactly the steps `older_open` counts."""
    from planner import api
    from planner.errors import UnknownId

    with Store(database_url) as store:
        store.import_campaigns(many[:40])
        before = store.campaigns()
        with pytest.raises(UnknownId):
            api.close_campaigns(store, [many[0].id, "no-such-campaign"], status="skipped", now=NOW)
        assert store.campaigns() == before
        since = dt.date(2026, 1, 1)
        older = store.older_open(since)
        closed = api.close_campaigns(store, status="done", now=NOW, older_than=since)
        assert (closed.phases, len(closed.counts)) == (older.steps, older.campaigns) and older.steps > 0
        assert store.older_open(since).steps == 0
        assert store.open_steps(dt.date(2031, 1, 1))  # later work is still open
