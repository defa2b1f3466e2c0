"""The campaign store on SQLite and PostgreSQL: round trips, one transaction per call, clear
errors, and two processes writing at once without losing anything."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.campaigns.files import load_templates
from planner.campaigns.holidays_adapter import work_calendar
from planner.campaigns.model import Campaign, CampaignStatus, PhaseStatus
from planner.campaigns.schedule import new_campaign, occurrence_for, reschedule, update_phase
from planner.campaigns.store import (
    KEEP_DELETED,
    DatabaseError,
    DeletedCampaign,
    DuplicateCampaign,
    Store,
    normalise_url,
    open_store,
)
from planner.catalogue.load import load
from planner.errors import PlannerError, UnknownId

from .conftest import FIXTURES
from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

NOW = dt.datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
CAT = load([FIXTURES / "campaigns-catalogue.yaml"], shipped=False)
TEMPLATES = load_templates(team_dir=Path("/nonexistent/planner-templates"))


def campaign(
    obs: str = "world-press-freedom-day", year: int = 2027, template: str = "standard", country: str | None = "GB"
) -> Campaign:
    occ = occurrence_for(CAT.observance(obs), year)
    return new_campaign(TEMPLATES[template], occ, now=NOW, calendar=work_calendar(country), owner="Ana")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:  # noqa: F811
    with Store(database_url) as s:
        yield s


def snapshot(url: str) -> list[Campaign]:
    with Store(url) as s:
        return s.campaigns()


def test_a_campaign_round_trips_exactly(store: Store) -> None:
    c = update_phase(
        campaign(), "approvals", now=LATER, date=dt.date(2027, 4, 14), note="Board meets", status=PhaseStatus.DOING
    )
    store.add(c)
    assert store.campaign(c.id) == c
    assert store.campaigns() == [c]


def test_a_week_campaign_and_an_anniversary_year_round_trip(store: Store) -> None:
    week = campaign("sixteen-days", 2027, "week")
    year = campaign("udhr-anniversary", 2028, "anniversary-year", None)
    store.add(week)
    store.add(year)
    assert store.campaign(week.id) == week
    assert store.campaign(year.id) == year
    assert [c.id for c in store.campaigns()] == ["sixteen-days-2027", "udhr-anniversary-2028"]  # by day


def test_a_second_campaign_for_the_same_observance_and_year_is_refused(store: Store) -> None:
    first = campaign()
    store.add(first)
    with pytest.raises(
        DuplicateCampaign, match="already a campaign for world-press-freedom-day in 2027: world-press-freedom-day-2027"
    ):
        store.add(campaign(template="quick"))
    assert store.campaigns() == [first]


def test_filters_by_range_and_status(store: Store) -> None:
    wpfd, hrd = campaign(), campaign("human-rights-day", 2027)
    store.add(wpfd)
    store.add(hrd)
    assert [c.id for c in store.campaigns(start=dt.date(2027, 4, 1), end=dt.date(2027, 6, 30))] == [wpfd.id]
    store.change(hrd.id, lambda c: update_phase(c, "research", now=LATER, status=PhaseStatus.DONE))
    assert [c.id for c in store.campaigns(status=CampaignStatus.DOING)] == [hrd.id]
    assert [c.id for c in store.campaigns(status=CampaignStatus.TODO)] == [wpfd.id]


def test_change_writes_the_edited_campaign(store: Store) -> None:
    store.add(campaign())
    before, after = store.change(
        "world-press-freedom-day-2027", lambda c: update_phase(c, "launch", now=LATER, status=PhaseStatus.DONE)
    )
    assert before.phase("launch").status is PhaseStatus.TODO
    assert store.campaign(after.id).phase("launch").status is PhaseStatus.DONE
    assert store.campaign(after.id).phase("launch").sequence == 1
    assert store.campaign(after.id).phase("launch").updated_at == LATER


def test_every_write_moves_the_change_stamp_even_within_one_second(store: Store) -> None:
    """The team feed's ETag comes from `change_stamp`: it must move on every write, or the server
    answers 304 with a stale feed. Edits in the same second (the CLI's clock has whole seconds; a
    fixed --today gives midnight every time), an edit of an older campaign, an import of an
    edited copy carrying an older time and a delete all move it."""
    a, b = campaign(), campaign("human-rights-day", 2027)
    store.add(a)
    store.add(b)
    seen = [store.change_stamp()]

    def moved() -> bool:
        seen.append(store.change_stamp())
        return seen[-1] != seen[-2]

    store.change(a.id, lambda c: update_phase(c, "approvals", now=NOW, date=dt.date(2027, 4, 14)))
    assert moved()
    store.change(a.id, lambda c: update_phase(c, "approvals", now=NOW, date=dt.date(2027, 4, 13)))
    assert moved()
    store.change(b.id, lambda c: update_phase(c, "launch", now=NOW, status=PhaseStatus.DONE))
    assert moved()
    edited = update_phase(a, "assets-ready", now=NOW, date=dt.date(2027, 4, 16))  # a hand-edited export
    assert store.import_campaigns([edited]).updated == (a.id,)
    assert moved()
    store.delete(b.id, now=NOW)
    assert moved()
    store.delete(a.id, now=NOW)
    assert moved()
    assert store.change_stamp() == seen[-1]  # reading changes nothing


def test_an_edit_that_fails_writes_nothing(store: Store) -> None:
    c = campaign()
    store.add(c)

    def half_then_fail(x: Campaign) -> Campaign:
        update_phase(x, "launch", now=LATER, status=PhaseStatus.DONE)
        raise PlannerError("stop")

    with pytest.raises(PlannerError, match="stop"):
        store.change(c.id, half_then_fail)
    assert store.campaigns() == [c]


def test_moving_onto_an_existing_year_is_refused(store: Store) -> None:
    a, b = campaign(year=2027), campaign(year=2028)
    store.add(a)
    store.add(b)
    target = occurrence_for(CAT.observance("world-press-freedom-day"), 2028)
    with pytest.raises(DuplicateCampaign, match="world-press-freedom-day-2028"):
        store.change(a.id, lambda c: reschedule(c, target, now=LATER))
    assert store.campaigns() == [a, b]


def test_moving_to_another_year_changes_the_id(store: Store) -> None:
    store.add(campaign())
    target = occurrence_for(CAT.observance("world-press-freedom-day"), 2029)
    _, after = store.change("world-press-freedom-day-2027", lambda c: reschedule(c, target, now=LATER))
    assert [c.id for c in store.campaigns()] == ["world-press-freedom-day-2029"]
    assert store.campaign("world-press-freedom-day-2029") == after


def test_unknown_ids_suggest_close_ones(store: Store) -> None:
    store.add(campaign())
    with pytest.raises(
        UnknownId, match="unknown campaign 'world-press-freedom-day-2028'; did you mean world-press-freedom-day-2027"
    ):
        store.campaign("world-press-freedom-day-2028")


def test_delete_keeps_a_tombstone_that_only_deleted_since_returns(store: Store) -> None:
    c = campaign()
    other = campaign("human-rights-day", 2027)
    store.add(c)
    store.add(other)
    gone = store.delete(c.id, now=LATER)
    assert gone.deleted_at == LATER and gone.updated_at == LATER
    assert [p.sequence for p in gone.phases] == [p.sequence + 1 for p in c.phases]
    assert all(p.updated_at == LATER for p in gone.phases)
    assert store.campaigns() == [other]
    assert store.campaigns(start=dt.date(2027, 4, 1), end=dt.date(2027, 6, 30)) == []
    with pytest.raises(DeletedCampaign, match=f"campaign '{c.id}' was deleted on 2026-11-22; plan it again with"):
        store.campaign(c.id)
    with pytest.raises(DeletedCampaign):
        store.change(c.id, lambda x: update_phase(x, "launch", now=LATER, status=PhaseStatus.DONE))
    with pytest.raises(DeletedCampaign):
        store.delete(c.id, now=LATER)
    assert store.deleted_since(NOW) == [gone]
    assert store.deleted_since(LATER) == [gone]
    assert store.deleted_since(LATER + dt.timedelta(seconds=1)) == []
    assert store.deleted_since(LATER.date()) == [gone]  # a date: from its start
    assert store.deleted_since(LATER.date() + dt.timedelta(days=1)) == []
    with pytest.raises(UnknownId, match="did you mean human-rights-day-2027"):  # tombstones are not suggested
        store.campaign("human-rights-day-2028")


def test_a_deleted_campaign_can_be_planned_again(store: Store) -> None:
    first = update_phase(campaign(), "launch", now=NOW, status=PhaseStatus.DOING)  # launch at sequence 1
    store.add(first)
    tomb = store.delete(first.id, now=LATER)
    again = campaign(template="quick")
    stored = store.add(again)
    assert store.campaigns() == [stored] and store.campaign(again.id) == stored
    assert store.deleted_since(NOW) == []
    assert stored.phase("launch").sequence == tomb.phase("launch").sequence + 1 == 3
    assert stored.phase("brief").sequence == 0  # not in the deleted campaign
    assert stored.template == "quick" and stored.deleted_at is None
    with pytest.raises(DuplicateCampaign):
        store.add(again)


def test_moving_leaves_a_tombstone_and_may_take_a_deleted_campaigns_place(store: Store) -> None:
    a, b = campaign(year=2027), campaign(year=2028)
    store.add(a)
    store.add(b)
    store.delete(b.id, now=LATER)
    target = occurrence_for(CAT.observance("world-press-freedom-day"), 2028)
    moved_at = LATER + dt.timedelta(hours=1)
    _, after = store.change(a.id, lambda c: reschedule(c, target, now=moved_at))
    assert [c.id for c in store.campaigns()] == [b.id]
    assert store.campaign(b.id) == after
    assert after.phase("launch").sequence == 2  # 1 for the move, then above the tombstone's 1
    (old,) = store.deleted_since(NOW)
    assert old.id == a.id and old.deleted_at == moved_at
    assert [p.sequence for p in old.phases] == [1] * len(a.phases)
    store.add(campaign(year=2027))  # the old year can be planned again


def test_old_tombstones_are_purged_when_campaigns_are_added_or_deleted(store: Store) -> None:
    store.add(campaign(year=2027))
    store.add(campaign(year=2028))
    store.delete("world-press-freedom-day-2027", now=NOW)
    store.delete("world-press-freedom-day-2028", now=NOW + KEEP_DELETED)  # the first is just kept
    assert len(store.deleted_since(NOW)) == 2
    late = campaign(year=2029)
    store.add(dataclasses.replace(late, updated_at=NOW + KEEP_DELETED + dt.timedelta(seconds=1)))
    assert [c.id for c in store.deleted_since(NOW)] == ["world-press-freedom-day-2028"]
    assert store.purge_deleted(NOW + 2 * KEEP_DELETED) == 1
    assert store.deleted_since(NOW) == []
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM phases")).scalar() == len(late.phases)


def test_import_adds_updates_and_leaves_identical_campaigns_alone(store: Store) -> None:
    a, b = campaign(), campaign("human-rights-day", 2027)
    first = store.import_campaigns([a, b])
    assert (first.added, first.updated, first.unchanged) == ((b.id, a.id), (), ())
    again = store.import_campaigns([a, b])
    assert (again.added, again.updated, again.unchanged) == ((), (), (b.id, a.id))
    changed = update_phase(a, "launch", now=LATER, status=PhaseStatus.DONE)
    third = store.import_campaigns([changed])
    assert third.updated == (a.id,)
    assert store.campaign(a.id) == changed


def test_importing_an_older_copy_never_lowers_a_sequence(store: Store) -> None:
    a = campaign()
    store.add(a)
    _, edited = store.change(a.id, lambda c: update_phase(c, "approvals", now=LATER, date=dt.date(2027, 4, 14)))
    result = store.import_campaigns([a])  # a backup from before the edit
    assert result.updated == (a.id,)
    restored = store.campaign(a.id)
    assert restored.phase("approvals").date == dt.date(2027, 4, 12)
    assert restored.phase("approvals").sequence == edited.phase("approvals").sequence + 1 == 2
    assert restored.updated_at == LATER + dt.timedelta(microseconds=1)  # after the edit: the change stamp moves
    assert store.import_campaigns([a]).unchanged == (a.id,)  # and twice changes nothing
    assert store.campaign(a.id) == restored


def test_importing_a_deleted_campaign_brings_it_back(store: Store) -> None:
    a = campaign()
    store.add(a)
    tomb = store.delete(a.id, now=LATER)
    result = store.import_campaigns([a])
    assert result.added == (a.id,)
    back = store.campaign(a.id)
    assert [p.sequence for p in back.phases] == [p.sequence + 1 for p in tomb.phases]
    assert store.deleted_since(NOW) == []
    assert store.import_campaigns([a]).unchanged == (a.id,)


def test_an_import_that_fails_half_way_writes_nothing(store: Store) -> None:
    good = campaign("human-rights-day", 2027)
    bad = campaign()
    bad = Campaign(**{**{f: getattr(bad, f) for f in bad.__dataclass_fields__}, "phases": bad.phases + bad.phases[:1]})
    with pytest.raises(DatabaseError, match="refused the change"):
        store.import_campaigns([good, bad])  # the duplicate phase key breaks a unique constraint
    assert store.campaigns() == []


def test_a_database_from_a_newer_planner_asks_to_upgrade_planner(database_url: str) -> None:  # noqa: F811
    with Store(database_url) as s:
        s.add(campaign())
        head = s.revision().head
        with s.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with Store(database_url) as s, pytest.raises(DatabaseError) as caught:
        s.campaigns()
    message = str(caught.value)
    assert f"written by a newer planner (schema revision 9999_future; this planner knows up to {head})" in message
    assert "Upgrade planner" in message


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with Store("postgresql://planner:secret@127.0.0.1:1/nowhere") as s, pytest.raises(DatabaseError) as caught:
        s.campaigns()
    message = str(caught.value)
    assert "cannot open the database postgresql+psycopg://planner:***@127.0.0.1:1/nowhere" in message
    assert "secret" not in message
    assert "--db or PLANNER_DATABASE_URL" in message


def test_a_sqlite_file_in_a_missing_folder(tmp_path: Path) -> None:
    with (
        Store(f"sqlite:///{tmp_path}/no/such/folder/x.db") as s,
        pytest.raises(DatabaseError, match=r"folder .*folder does not exist"),
    ):
        s.campaigns()


def test_an_unknown_database_kind() -> None:
    with pytest.raises(DatabaseError, match="no driver for it"):
        Store("oracle+nothing://x/y").campaigns()


def test_urls_from_what_users_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert normalise_url(str(tmp_path / "c.db")) == f"sqlite:///{tmp_path / 'c.db'}"
    assert normalise_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert normalise_url(None) == f"sqlite:///{tmp_path / 'data' / 'planner' / 'planner.campaigns.db'}"
    monkeypatch.setenv("PLANNER_DATABASE_URL", "sqlite:///x.db")
    assert open_store().url == "sqlite:///x.db"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'c.db'}") as s:
        s.campaigns()
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_purging_a_tombstone_deletes_its_phases(store: Store) -> None:
    c = campaign()
    store.add(c)
    store.delete(c.id, now=NOW)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM phases")).scalar() == len(c.phases)
    assert store.purge_deleted(LATER) == 1
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM phases")).scalar() == 0
        assert conn.execute(text("SELECT COUNT(*) FROM campaigns")).scalar() == 0


# -- two processes at once --------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from planner.campaigns.store import Store
    from planner.campaigns.model import Anchor, Campaign, Offset, Phase

    url, observance, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    now = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    with Store(url) as store:
        for year in range(2030, 2030 + count):
            day = dt.date(year, 5, 3)
            phases = tuple(
                Phase(key, key.title(), Offset(days=-i), Anchor.START, day - dt.timedelta(days=i), updated_at=now)
                for i, key in enumerate(("launch", "brief", "research"))
            )
            store.add(Campaign(f"{observance}-{year}", observance, year, f"{observance} {year}", "standard",
                               Anchor.START, day, day, phases, now, now))
    """
)

EDITOR = textwrap.dedent(
    """
    import datetime as dt, sys
    from planner.campaigns.store import Store
    from planner.campaigns.schedule import update_phase

    url, field, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    now = dt.datetime(2026, 11, 21, tzinfo=dt.UTC)
    keys = ["research", "key-messages", "partner-outreach", "approvals", "assets-ready"]
    with Store(url) as store:
        for i in range(count):
            key = keys[i % len(keys)]
            value = f"{field} {i}"
            store.change("world-press-freedom-day-2027",
                         lambda c: update_phase(c, key, now=now, **{field: value}))
    """
)


def run_together(script: str, *argsets: list[str]) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for args in argsets
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err


@pytest.mark.slow
def test_two_processes_creating_campaigns_at_once_lose_nothing(database_url: str) -> None:  # noqa: F811
    # Both start on an empty database, so they also race to create the tables.
    run_together(WRITER, [database_url, "world-press-freedom-day", "50"], [database_url, "human-rights-day", "50"])
    found = snapshot(database_url)
    assert len(found) == 100
    assert all(len(c.phases) == 3 for c in found)


@pytest.mark.slow
def test_two_processes_editing_one_campaign_at_once_lose_nothing(database_url: str) -> None:  # noqa: F811
    with Store(database_url) as s:
        s.add(campaign())
    run_together(EDITOR, [database_url, "note", "40"], [database_url, "owner", "40"])
    c = snapshot(database_url)[0]
    for i, key in enumerate(["research", "key-messages", "partner-outreach", "approvals", "assets-ready"]):
        last = 35 + i  # the last of the 40 edits that touched this key
        assert c.phase(key).note == f"note {last}"
        assert c.phase(key).owner == f"owner {last}"


def test_a_url_with_a_lone_surrogate_is_shown_not_crashed_on() -> None:
    """Found by the fuzz suite (text='0:///\\ud800'): showing the URL in a message must not raise."""
    from planner.campaigns.store import shown_url

    assert shown_url("0:///\ud800") == "0:///\ud800"
