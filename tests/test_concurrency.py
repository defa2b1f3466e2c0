"""Eight writers at once, on SQLite and on PostgreSQL: no lost update, no failed import (issue 10).

Each writer has its own Store (its own engine and connections), started together by a barrier,
so the database sees real concurrent transactions. The counts are printed (run with -s to see).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from planner.campaigns.files import load_templates
from planner.campaigns.holidays_adapter import work_calendar
from planner.campaigns.model import Campaign
from planner.campaigns.schedule import new_campaign, occurrence_for
from planner.campaigns.store import Store
from planner.catalogue.load import load

from .conftest import FIXTURES
from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

WRITERS = 8
EDITS_EACH = 10
NOW = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
CAT = load([FIXTURES / "campaigns-catalogue.yaml"], shipped=False)
TEMPLATES = load_templates(team_dir=Path("/nonexistent/planner-templates"))


def campaign(obs: str, year: int) -> Campaign:
    occ = occurrence_for(CAT.observance(obs), year)
    return new_campaign(TEMPLATES["standard"], occ, now=NOW, calendar=work_calendar(None), owner="Ana")


def run_together(url: str, work: Callable[[Store, int], None]) -> list[BaseException]:
    """Run `work(store, writer)` in WRITERS threads at once; returns what any of them raised."""
    barrier = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        with Store(url) as store:
            store.campaigns()  # connect and migrate before the start line
            barrier.wait()
            try:
                work(store, n)
            except BaseException as exc:  # collected and asserted on below
                failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return failures


def test_eight_writers_editing_one_campaign_lose_no_update(database_url: str) -> None:  # noqa: F811
    base = campaign("world-press-freedom-day", 2027)
    with Store(database_url) as store:
        store.add(base)

    def append_tokens(store: Store, n: int) -> None:
        for i in range(EDITS_EACH):
            token = f"w{n}e{i}"

            def edit(c: Campaign, token: str = token) -> Campaign:
                phases = list(c.phases)
                phases[0] = dataclasses.replace(phases[0], note=(phases[0].note + " " + token).strip())
                return dataclasses.replace(c, phases=tuple(phases))

            store.change(base.id, edit)

    failures = run_together(database_url, append_tokens)
    with Store(database_url) as store:
        note = store.campaign(base.id).phases[0].note
    written = set(note.split())
    expected = {f"w{n}e{i}" for n in range(WRITERS) for i in range(EDITS_EACH)}
    lost = expected - written
    print(f"\n{database_url.split(':')[0]}: {WRITERS} writers x {EDITS_EACH} edits, {len(lost)} lost updates")
    assert failures == []
    assert lost == set()
    assert len(note.split()) == WRITERS * EDITS_EACH  # and none written twice


def test_eight_concurrent_imports_of_the_same_campaigns_all_succeed(database_url: str) -> None:  # noqa: F811
    # Every writer imports the same three new campaigns, each with its own owner: on PostgreSQL
    # each insert races the others' (the duplicate-key error the issue reports).
    shared = [campaign(obs, 2027) for obs in ("world-press-freedom-day", "idahobit", "human-rights-day")]

    def import_all(store: Store, n: int) -> None:
        mine = [dataclasses.replace(c, owner=f"writer-{n}") for c in shared]
        store.import_campaigns(mine)

    failures = run_together(database_url, import_all)
    with Store(database_url) as store:
        found = store.campaigns()
    print(f"\n{database_url.split(':')[0]}: {WRITERS} concurrent imports, {len(failures)} failed")
    assert [str(f) for f in failures] == []
    assert sorted(c.id for c in found) == sorted(c.id for c in shared)
    # the last import to commit wins, whole: every campaign has one writer's owner
    assert all(c.owner.startswith("writer-") for c in found)
