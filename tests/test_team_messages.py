"""The team's own messages for a brief, saved in the database per occurrence (migration 0007):
the library API (save, read back, the messages file's rules field by field, a stale save refused
with who and when, clearing), `planner brief` using them, and bulk assignment from a page.
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner import api
from planner.accounts import NotAllowed, Role, User
from planner.briefs.build import Messages, PillarDraft
from planner.briefs.messages import MESSAGE_FIELDS, MessageFieldsError, MessagesError, dump_messages, parse_messages
from planner.campaigns.store import MessagesConflict, PhaseConflict, Store
from planner.catalogue.model import Catalogue
from planner.errors import UnknownId, UsageProblem

from .conftest import Invoke
from .dbs import database_url, postgres_url  # noqa: F401 - fixtures

DAY = "world-press-freedom-day"
NOW = dt.datetime(2027, 4, 12, 9, 30, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=1, hours=2)
EDITOR = User("Amina", Role.EDITOR, "x", NOW, NOW)
OTHER = User("Ben", Role.ADMIN, "x", NOW, NOW)
VIEWER = User("Cleo", Role.VIEWER, "x", NOW, NOW)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:  # noqa: F811
    with Store(database_url) as opened:
        yield opened


def linked(catalogue: Catalogue) -> str:
    return api.day_recommendations(catalogue, DAY)[0].id


def test_nothing_saved_reads_as_empty_version_0(catalogue: Catalogue, store: Store) -> None:
    saved = api.team_messages(store, catalogue, DAY, 2027)
    assert (saved.saved, saved.version, saved.changed_by, saved.changed_at) == (False, 0, "", None)
    assert saved.messages == Messages() and set(saved.fields) == set(MESSAGE_FIELDS)
    with pytest.raises(UnknownId, match="world-press-day"):
        api.team_messages(store, catalogue, "world-press-day", 2027)


def test_fields_are_saved_read_back_and_used_by_the_brief(catalogue: Catalogue, store: Store) -> None:
    rec = linked(catalogue)
    fields = {
        "core_message": "  A free press keeps all of us informed.\r\n",
        "pillar1_title": "Back\nindependent media",
        "pillar1_proof_points": "Our desk answered 120 questions.\n\n  We trained 40 reporters.  ",
        "pillar1_recommendations": [rec, f" {rec},"],
        "pillar3_message": "Journalists help us tell fact from fiction.",
        "calls_to_action": "Share one post today.\nFollow a local reporter.",
        "hashtags": "#PressFreedom, #WPFD2027",
        "post_x": "Our own post for X.",
        "post_linkedin": "",
    }
    saved = api.save_team_messages(store, catalogue, DAY, 2027, fields, by=EDITOR, expected_version=0, now=NOW)
    assert (saved.saved, saved.version, saved.changed_by, saved.changed_at) == (True, 1, "Amina", NOW)
    assert saved.messages == Messages(
        core_message="A free press keeps all of us informed.",
        pillars=(
            PillarDraft(
                "Back independent media", None, ("Our desk answered 120 questions.", "We trained 40 reporters."), (rec,)
            ),
            PillarDraft(),
            PillarDraft(message="Journalists help us tell fact from fiction."),
        ),
        calls_to_action=("Share one post today.", "Follow a local reporter."),
        hashtags=("#PressFreedom", "#WPFD2027"),
        posts={"x": "Our own post for X."},
    )
    assert api.team_messages(store, catalogue, DAY, 2027) == saved
    assert api.team_messages(store, catalogue, DAY, 2028).version == 0  # one occurrence, not the day
    # stored as a messages file: the same reader reads it back
    row = store.team_messages(DAY, 2027)
    assert row is not None and parse_messages(row.document, "stored", catalogue.recommendations) == saved.messages
    assert saved.source == "your team's messages saved by Amina on 12 April 2027"
    brief = api.brief_for(catalogue, [], DAY, year=2027, audience="youth", today=NOW.date(), saved=saved)
    assert brief.core_message == "A free press keeps all of us informed."
    assert brief.pillars[0].title == "Back independent media" and brief.hashtags == ("#PressFreedom", "#WPFD2027")
    assert brief.messages_source == saved.source and "core message" in brief.customised
    html = api.brief_html(brief)
    assert "Your own words (from your team’s messages saved by Amina on 12 April 2027)" in html.replace(
        "'", "’"
    ).replace("&#39;", "’")
    other_year = api.brief_for(catalogue, [], DAY, year=2028, audience="youth", today=NOW.date(), saved=saved)
    assert other_year.core_message != brief.core_message  # saved messages belong to their occurrence


def test_a_messages_value_is_checked_by_the_files_rules(catalogue: Catalogue, store: Store) -> None:
    ours = Messages(core_message="Ours.", pillars=(PillarDraft(title="T", recommendations=("WP0000-1",)),))
    with pytest.raises(MessagesError, match="unknown recommendation 'WP0000-1'"):
        api.save_team_messages(store, catalogue, DAY, 2027, ours, by=EDITOR, expected_version=0, now=NOW)
    good = Messages(core_message="Ours.", hashtags=("#Ours",))
    saved = api.save_team_messages(store, catalogue, DAY, 2027, good, by=EDITOR, expected_version=0, now=NOW)
    assert saved.messages == good and dump_messages(good).startswith("core_message: Ours.")


def test_every_problem_names_its_field_and_the_fix_and_nothing_is_written(catalogue: Catalogue, store: Store) -> None:
    fields = {
        "core_message": "bell\x07",
        "pillar2_recommendations": "WP3013-16.2x",
        "pillar5_title": "one too many",
        "hashtags": "#ok not-a-tag",
        "post_tiktok": "?",
        "post_x": "x" * 10_001,
    }
    with pytest.raises(MessageFieldsError) as caught:
        api.save_team_messages(store, catalogue, DAY, 2027, fields, by=EDITOR, expected_version=0, now=NOW)
    error = caught.value
    by_field = error.by_field()
    assert set(by_field) == {
        "core_message",
        "pillar2_recommendations",
        "pillar5_title",
        "hashtags",
        "post_tiktok",
        "post_x",
    }
    assert "invisible character U+0007 (BEL)" in by_field["core_message"] and "delete it" in by_field["core_message"]
    assert "unknown recommendation 'WP3013-16.2x'; did you mean 'WP3013-16.2'?" in by_field["pillar2_recommendations"]
    assert "3 or 4 pillars" in by_field["pillar5_title"]
    assert "'not-a-tag' is not a hashtag: start with #" in by_field["hashtags"]
    assert "unknown field 'post_tiktok'" in by_field["post_tiktok"]
    assert "keep it under 10,000" in by_field["post_x"]
    assert error.message.startswith("your messages have 6 problems; fix them and save again:")
    assert "  Pillar 2 recommendations: unknown recommendation" in error.message
    assert "  X post: is 10,001 characters long" in error.message
    assert store.team_messages(DAY, 2027) is None


def test_a_stale_save_is_refused_with_who_and_when(catalogue: Catalogue, store: Store) -> None:
    first = api.save_team_messages(
        store, catalogue, DAY, 2027, {"core_message": "Ours."}, by=EDITOR, expected_version=0, now=NOW
    )
    with pytest.raises(MessagesConflict) as caught:  # Ben's page was opened before Amina saved
        api.save_team_messages(
            store, catalogue, DAY, 2027, {"core_message": "Ben's."}, by=OTHER, expected_version=0, now=LATER
        )
    assert "were changed by Amina at 09:30 on 12 Apr 2027 (UTC)" in caught.value.message
    assert "Reload the page" in caught.value.message and "World Press Freedom Day 2027" in caught.value.message
    assert caught.value.current is not None and caught.value.current.version == 1
    assert api.team_messages(store, catalogue, DAY, 2027) == first
    second = api.save_team_messages(
        store, catalogue, DAY, 2027, {"core_message": "Ben's."}, by=OTHER, expected_version=1, now=LATER
    )
    assert (second.version, second.changed_by, second.changed_at) == (2, "Ben", LATER)
    with pytest.raises(MessagesConflict, match="changed by Ben at 11:30 on 13 Apr 2027"):
        api.save_team_messages(
            store, catalogue, DAY, 2027, {"core_message": "Late."}, by=EDITOR, expected_version=1, now=LATER
        )


def test_clearing_every_field_clears_the_messages(catalogue: Catalogue, store: Store) -> None:
    api.save_team_messages(
        store, catalogue, DAY, 2027, {"core_message": "Ours."}, by=EDITOR, expected_version=0, now=NOW
    )
    empty = {name: "" for name in MESSAGE_FIELDS}
    cleared = api.save_team_messages(store, catalogue, DAY, 2027, empty, by=OTHER, expected_version=1, now=LATER)
    assert (cleared.saved, cleared.version, cleared.changed_by) == (False, 2, "Ben")
    assert cleared.messages == Messages()
    row = store.team_messages(DAY, 2027)
    assert row is not None and row.document == ""
    brief = api.brief_for(catalogue, [], DAY, year=2027, audience="general", today=NOW.date(), saved=cleared)
    assert brief.customised == () and brief.messages_source == "the messages file"
    # a page opened before the clearing is still refused, and says who cleared them
    with pytest.raises(MessagesConflict, match="changed by Ben"):
        api.save_team_messages(
            store, catalogue, DAY, 2027, {"core_message": "X"}, by=EDITOR, expected_version=1, now=LATER
        )


def test_only_editors_save_and_arguments_are_checked(catalogue: Catalogue, store: Store) -> None:
    with pytest.raises(NotAllowed):
        api.save_team_messages(
            store, catalogue, DAY, 2027, {"core_message": "X"}, by=VIEWER, expected_version=0, now=NOW
        )
    with pytest.raises(UnknownId):
        api.save_team_messages(store, catalogue, "nope", 2027, {}, by=EDITOR, expected_version=0, now=NOW)
    with pytest.raises(UsageProblem, match="no time zone"):
        api.save_team_messages(
            store, catalogue, DAY, 2027, {}, by=EDITOR, expected_version=0, now=NOW.replace(tzinfo=None)
        )
    assert store.team_messages(DAY, 2027) is None


def test_a_recommendation_the_catalogue_dropped_is_left_out_with_a_note(catalogue: Catalogue, store: Store) -> None:
    document = "core_message: Ours.\npillars:\n  - title: T\n    recommendations: [WP0000-9]\n"
    store.save_team_messages(DAY, 2027, document, expected_version=0, by="Amina", now=NOW)
    saved = api.team_messages(store, catalogue, DAY, 2027)
    assert saved.messages.pillars[0].recommendations == () and saved.messages.core_message == "Ours."
    assert saved.notes == (
        "left out recommendation WP0000-9 from your team's messages: the catalogue no longer has it",
    )


# -- planner brief ---------------------------------------------------------------------------------


def test_planner_brief_uses_the_saved_messages_and_a_file_overrides_them(
    catalogue: Catalogue, invoke: Invoke, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'campaigns.db'}"
    with Store(url) as store:
        api.save_team_messages(store, catalogue, DAY, 2027, {"core_message": "Saved in the database."}, by=EDITOR,
                               expected_version=0, now=NOW)  # fmt: skip
    used = invoke("--db", url, "brief", DAY, "--year", "2027")
    assert used.exit_code == 0, used.output
    assert "Saved in the database." in used.stdout
    assert "Your own words (from your team's messages saved by Amina on 12 April 2027): core message." in used.stdout
    assert (
        "note: used your team's messages saved by Amina on 12 April 2027 (in the database); --messages FILE"
        in used.stderr
    )
    ours = tmp_path / "ours.yaml"
    ours.write_text("core_message: From the file.\n", encoding="utf-8")
    overridden = invoke("--db", url, "brief", DAY, "--year", "2027", "--messages", str(ours))
    assert overridden.exit_code == 0, overridden.output
    assert "From the file." in overridden.stdout and "Saved in the database." not in overridden.stdout
    assert "Your own words (from the messages file): core message." in overridden.stdout
    assert f"note: used the messages file {ours}, not your team's messages saved by Amina" in overridden.stderr
    other_year = invoke("--db", url, "brief", DAY, "--year", "2028")
    assert "Saved in the database." not in other_year.stdout and "note: used" not in other_year.stderr


def test_planner_brief_never_creates_a_database(invoke: Invoke, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = invoke("--db", f"sqlite:///{missing}", "brief", DAY, "--year", "2027")
    assert result.exit_code == 0, result.output
    assert not missing.exists()


# -- bulk assignment from a page ------------------------------------------------------------------


def test_bulk_assignment_checks_versions_records_the_editor_and_can_clear(catalogue: Catalogue, store: Store) -> None:
    made = api.create_campaign(
        catalogue, store, DAY, today=dt.date(2027, 1, 4), now=NOW, year=2027, template="standard"
    )
    api.add_person(store, "Dana", ["writer"], now=NOW)  # after: the new campaign's phases have nobody yet
    cid = made.campaign.id
    shown = {k: v.version for k, v in store.phase_versions(cid).items()}
    writer = {p.key for p in made.campaign.phases if p.role == "writer"}
    done = api.assign_roles(store, cid, ["writer=dana"], now=NOW, by=EDITOR, versions=shown)
    assert done.assignments == (("writer", "Dana"),) and done.changed["writer"] == len(writer)
    after = store.phase_versions(cid)
    assert {k for k, v in after.items() if v.updated_by == "Amina"} == writer
    assert all(after[k].version == 2 for k in writer)
    with pytest.raises(PhaseConflict, match="changed by Amina at 09:30 on 12 Apr 2027"):
        api.assign_roles(store, cid, ["writer="], now=LATER, by=OTHER, versions=shown)  # the old page
    assert {p.owner for p in store.campaign(cid).phases if p.role == "writer"} == {"Dana"}
    fresh = {k: v.version for k, v in store.phase_versions(cid).items()}
    cleared = api.assign_roles(store, cid, ["writer="], now=LATER, by=OTHER, versions=fresh)
    assert cleared.assignments == (("writer", ""),)
    assert {p.owner for p in store.campaign(cid).phases if p.role == "writer"} == {""}
    assert {k for k, v in store.phase_versions(cid).items() if v.updated_by == "Ben"} == writer
    with pytest.raises(UsageProblem, match="reload the page"):
        api.assign_roles(store, cid, ["writer=Dana"], now=LATER, by=OTHER, versions={})
    with pytest.raises(NotAllowed):
        api.assign_roles(store, cid, ["writer=Dana"], now=LATER, by=VIEWER, versions=fresh)
    with pytest.raises(UsageProblem, match="is not ROLE=NAME"):  # the command line still needs a name
        api.assign_roles(store, cid, ["writer="], now=LATER)
