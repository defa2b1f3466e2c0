"""One JSON shape per object: a campaign reads the same in `campaign show`, `plan` and export."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from planner import api
from planner.campaigns.files import campaign_record
from planner.quarters import parse_quarter
from planner.serialise import campaign_dict, phase_dict, spreadsheet_safe, to_json

TODAY = dt.date(2027, 3, 1)
NOW = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)


def test_one_campaign_shape_in_show_plan_and_export(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    catalogue = api.load_catalogue()
    with api.open_database(db) as store:
        made = api.create_campaign(catalogue, store, "world-press-freedom-day", today=TODAY, now=NOW, year=2027)
    campaign = made.campaign
    shown = campaign_dict(campaign, phases=True)
    plan = api.build_plan(catalogue, parse_quarter("2027Q2", TODAY), today=TODAY, db_url=db).plan
    from planner.plans.output import plan_dict

    planned = next(c for c in plan_dict(plan)["campaigns"] if c["id"] == campaign.id)
    assert list(planned)[: len(shown)] == list(shown)  # the same keys, in the same order
    assert set(planned) - set(shown) == {"suggested", "priority"}
    assert {k: v for k, v in planned.items() if k not in ("phases", "suggested", "priority")} == {
        k: v for k, v in shown.items() if k != "phases"
    }
    for phase in planned["phases"]:
        assert phase == phase_dict(campaign, campaign.phase(phase["key"]))
    # the export holds what is stored, under the same names (`duration_days`, `manual_date`)
    exported = campaign_record(campaign)
    stored_only = {"anchor", "through_period"}
    assert set(exported) - {"phases"} <= set(shown) | stored_only
    for record in exported["phases"]:
        assert set(record) <= set(shown["phases"][0]) | stored_only


def test_json_is_utf8_and_ends_with_a_newline() -> None:
    text = to_json({"name": "Día de los Derechos Humanos"})
    assert text.endswith("}\n") and "Día" in text and json.loads(text)["name"].startswith("Día")


def test_spreadsheet_formulas_are_defused() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("-7") == "-7" and spreadsheet_safe(3) == 3
