"""The brief core: occasion facts, pillar choice, citations, merging a team's words, key dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from planner.briefs.build import (
    Brief,
    KeyDate,
    Messages,
    PillarDraft,
    build_brief,
    choose_pillars,
    key_dates,
)
from planner.briefs.framing import AUDIENCES, COMMON, FRAMINGS, SAFETY_REC
from planner.campaigns.schedule import occurrence_for
from planner.catalogue.load import load
from planner.catalogue.model import Catalogue
from planner.errors import UnknownId

from .conftest import FIXTURES

CITATION = re.compile(r"^[A-Z]+\d+ §\d+(?:\([ivx]+\)|, point \d+)?$")


@pytest.fixture(scope="module")
def fixture_catalogue() -> Catalogue:
    return load([FIXTURES / "briefs-catalogue.yaml"], shipped=False)


def brief_for(cat: Catalogue, observance: str, year: int, audience: str = "general", **kw: object) -> Brief:
    return build_brief(cat, occurrence_for(cat.observance(observance), year), audience, **kw)  # type: ignore[arg-type]


def cited_ids(brief: Brief) -> set[str]:
    ids = {c.id for p in brief.pillars for c in p.recommendations} | {c.id for c in brief.cited}
    return ids


# -- the occasion --------------------------------------------------------------------------------


def test_occasion_facts_come_from_the_catalogue(fixture_catalogue: Catalogue) -> None:
    b = brief_for(fixture_catalogue, "fixture-press-day", 2027)
    o = b.occasion
    assert (o.start, o.when, o.weekday) == (dt.date(2027, 5, 3), "Monday 3 May 2027", "Monday")
    # the fixture's first year is not confirmed, so the brief prints no "34th since 1994"
    assert o.edition is None and o.first_year == 1994 and o.anniversary is None
    assert o.instrument is not None and o.instrument.symbol == "UNGA decision 48/432"
    assert o.rule == "every year on 3 May"
    assert o.hook == "3 May is Fixture Press Freedom Day."
    assert [w.cite for w in o.why] == ["WP3013 §18"]


def test_an_anniversary_carries_its_number(fixture_catalogue: Catalogue) -> None:
    b = brief_for(fixture_catalogue, "fixture-defenders-anniversary", 2028)
    o = b.occasion
    assert o.anniversary is not None and o.anniversary.number == 30 and o.anniversary.milestone
    assert o.edition is None
    assert o.label == "the 30th anniversary of the Fixture Declaration on Defenders"
    assert o.hook == "9 December 2028 marks the 30th anniversary of the Fixture Declaration on Defenders."
    # no messaging of its own: the brief says what the team must write instead of a generic sentence
    assert b.core_message == "" and not b.has_messaging
    assert b.to_write[0].startswith("Write your core message: one sentence of at most 30 plain words on what ")
    assert all(p.text.startswith(o.hook) or o.hook not in p.text for p in b.posts)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("World Press Freedom Day", "World Press Freedom Day"),
        ("International Day of Peace", "the International Day of Peace"),
        (
            "International Day against Homophobia, Biphobia and Transphobia (IDAHOBIT)",
            "the International Day against Homophobia, Biphobia and Transphobia (IDAHOBIT)",
        ),
        ("16 Days of Activism against Gender-Based Violence", "the 16 Days of Activism against Gender-Based Violence"),
        ("UN Summit of the Future", "the UN Summit of the Future"),
        ("World Interfaith Harmony Week", "World Interfaith Harmony Week"),
        ("Ramadan", "Ramadan"),  # a team's own day that is not a UN title
    ],
)
def test_names_read_well_inside_a_sentence(name: str, expected: str) -> None:
    from planner.briefs.build import with_article

    assert with_article(name) == expected


def test_a_day_without_messaging_gives_material_and_says_what_to_write(catalogue: Catalogue) -> None:
    b = brief_for(catalogue, "sixteen-days-of-activism", 2027)
    assert b.occasion.hook == "From 25 November to 10 December: the 16 Days of Activism against Gender-Based Violence."
    assert b.core_message == "" and [t.split(":")[0] for t in b.to_write] == [
        "Write your core message",
        "Write your proof points",
    ]
    # the posts still lead with the day and a public line, never a generic sentence
    assert b.posts[0].text.startswith(b.occasion.hook + " " + b.pillars[0].public)
    peace = brief_for(catalogue, "international-day-of-peace", 2027, "youth")
    assert any("what the International Day of Peace means to you" in c.text for c in peace.calls_to_action)


# -- pillars -------------------------------------------------------------------------------------


def test_pillars_follow_the_documented_rule(fixture_catalogue: Catalogue) -> None:
    cat = fixture_catalogue
    obs = cat.observance("fixture-press-day")
    groups = choose_pillars(cat, obs, FRAMINGS["youth"])
    # named_in (WP3013-18) explains the day and is not a pillar; pillars 1-2 are the first linked
    # recommendations, each with a partner sharing a theme; pillar 3 is the youth recommendation.
    # recommendations, the first with a partner sharing a theme. No recommendation on the day's
    # themes is addressed to young people, so no off-topic youth pillar is pulled in.
    assert [[c.id for c in g] for g in groups] == [
        ["WP3013-16.1"],
        ["WP2011-20.2", "WP2011-21.10"],
        ["WP2011-24.2"],
    ]
    media = choose_pillars(cat, obs, FRAMINGS["media"])
    # a linked recommendation addressed to the audience becomes pillar 3
    assert [g[0].id for g in media] == ["WP2011-20.2", "WP2011-24.2", "WP3013-16.1"]
    day = set(obs.themes)
    for audience in AUDIENCES:
        for group in choose_pillars(cat, obs, FRAMINGS[audience]):
            assert all(day & set(cat.recommendations[c.id].themes) for c in group), (audience, group)


def test_few_links_are_filled_by_theme_and_marked(fixture_catalogue: Catalogue) -> None:
    b = brief_for(fixture_catalogue, "fixture-script-day", 2028, "business")
    assert len(b.pillars) == 3
    assert [p.by_theme for p in b.pillars] == [False, True, True]
    assert "not linked to it in the catalogue" in b.pillars[1].why
    # every pillar shares a theme with the day; business gets the first such one addressed to it
    assert "business" in fixture_catalogue.recommendations[b.pillars[2].recommendations[0].id].audiences


def test_pillars_cite_one_or_two_recommendations_with_proof(fixture_catalogue: Catalogue) -> None:
    for audience in AUDIENCES:
        b = brief_for(fixture_catalogue, "fixture-press-day", 2027, audience)
        assert len(b.pillars) == 3
        for p in b.pillars:
            assert 1 <= len(p.recommendations) <= 2
            assert p.cite == "; ".join(c.citation for c in p.recommendations)
            assert [pp.citation for pp in p.proof_points] == [c.citation for c in p.recommendations]
            assert not p.own_evidence


def test_every_cited_recommendation_exists_in_the_shipped_catalogue(catalogue: Catalogue) -> None:
    """For every shipped observance and every audience, citations point at real recommendations."""
    checked = 0
    for obs in catalogue.observances.values():
        occ = next(iter(_one_occurrence(obs)), None)
        if occ is None:
            continue
        for audience in AUDIENCES:
            b = build_brief(catalogue, occ, audience)
            for rec_id in cited_ids(b):
                rec = catalogue.recommendation(rec_id)
                assert CITATION.match(rec.citation), rec.citation
            texts = [c.citation for c in b.cited]
            for g in (*b.audience.framing, *b.calls_to_action, *b.occasion.why):
                assert set(g.citations) <= set(texts), (obs.id, audience, g)
            checked += 1
    assert checked >= 8 * 70


def _one_occurrence(obs: object) -> list[object]:
    from planner.catalogue.occurrences import next_occurrence

    found = next_occurrence(obs, dt.date(2026, 11, 21))  # type: ignore[arg-type]
    return [found] if found is not None else []


def test_the_framing_table_cites_only_real_recommendations(catalogue: Catalogue) -> None:
    ids = {SAFETY_REC} | {i for line in COMMON for i in line.recommendations}
    for f in FRAMINGS.values():
        ids |= set(f.recommendations)
        ids |= {i for line in (*f.framing, *f.calls_to_action) for i in line.recommendations}
    missing = sorted(i for i in ids if i not in catalogue.recommendations)
    assert missing == []
    assert set(AUDIENCES) == {
        "general",
        "youth",
        "business",
        "security-sector",
        "faith",
        "sports",
        "policymakers",
        "media",
    }
    assert set(AUDIENCES) <= set(catalogue.audiences)


# -- the rest of the brief -----------------------------------------------------------------------


def test_posts_fit_and_leave_room_for_a_link(fixture_catalogue: Catalogue) -> None:
    b = brief_for(fixture_catalogue, "fixture-press-day", 2027, "youth")
    assert [p.platform.id for p in b.posts] == ["x", "bluesky", "mastodon", "linkedin", "instagram"]
    for post in b.posts:
        assert not post.over
        assert post.text.startswith(b.occasion.hook)
        if post.platform.id in ("x", "bluesky", "mastodon"):
            assert post.count <= post.limit - 24
        assert "#FixturePressDay" in post.text
    assert not b.jargon_found


def test_safety_note_where_defenders_are_involved(fixture_catalogue: Catalogue) -> None:
    defenders = brief_for(fixture_catalogue, "fixture-defenders-anniversary", 2028)
    assert defenders.safety and defenders.safety_cite == "WP3013 §16(iv)"
    assert SAFETY_REC in {c.id for c in defenders.cited}
    assert brief_for(fixture_catalogue, "fixture-script-day", 2028).safety == ()


def test_check_before_publishing_lists_what_is_not_primary(fixture_catalogue: Catalogue) -> None:
    b = brief_for(fixture_catalogue, "fixture-defenders-anniversary", 2028)
    assert [(c.what, c.status) for c in b.check] == [
        ("Source", "secondary"),
        ("Source", "unverified"),
        ("Proclaiming text", "secondary"),
        ("Cited in WP3013 §13(v)", "doubtful"),
    ]
    press = brief_for(fixture_catalogue, "fixture-press-day", 2027)
    assert [(c.what, c.status) for c in press.check] == [("First year", "unconfirmed")]


def test_accessibility_flags_lowercase_hashtags(fixture_catalogue: Catalogue) -> None:
    b = brief_for(fixture_catalogue, "fixture-defenders-anniversary", 2028)
    tags = next(a for a in b.accessibility if a.text.startswith("Hashtags"))
    assert tags.state == "fix" and "#humanrightsdefenders" in tags.detail
    assert {a.state for a in b.accessibility} <= {"ok", "fix", "todo"}


def test_unknown_audience_suggests_the_closest(fixture_catalogue: Catalogue) -> None:
    with pytest.raises(UnknownId, match="did you mean youth"):
        brief_for(fixture_catalogue, "fixture-press-day", 2027, "yuoth")


def test_the_same_input_gives_the_same_brief(fixture_catalogue: Catalogue) -> None:
    assert brief_for(fixture_catalogue, "fixture-press-day", 2027) == brief_for(
        fixture_catalogue, "fixture-press-day", 2027
    )


# -- a team's own words --------------------------------------------------------------------------


def test_messages_merge_over_the_drafts(fixture_catalogue: Catalogue) -> None:
    messages = Messages(
        core_message="On 3 May, a free press keeps all of us informed.",
        pillars=(PillarDraft(title="Back local reporters", proof_points=("Our desk answered 120 questions.",)),),
        hashtags=("#OurDay",),
        posts={"x": "Our own post for X. " + "\U0001f4f0" * 140},
    )
    b = brief_for(fixture_catalogue, "fixture-press-day", 2027, messages=messages)
    assert b.core_message == "On 3 May, a free press keeps all of us informed."
    first = b.pillars[0]
    assert first.title == "Back local reporters" and first.own_evidence
    assert first.proof_points[0].text == "Our desk answered 120 questions." and first.proof_points[0].citation == ""
    assert [c.id for c in first.recommendations] == ["WP2011-20.2", "WP2011-21.10"]  # kept from the draft
    # ...and the brief says so, instead of letting the draft's reason vouch for the new title
    assert first.why.startswith("your title replaced planner's draft pillar")
    assert first.cite in first.why and "check that this recommendation backs your pillar" in first.why
    assert b.pillars[1].title == "States should fight disinformation"  # untouched
    x = b.posts[0]
    assert x.from_team and x.over and x.count == 20 + 280
    assert "#OurDay" in b.posts[1].text
    assert b.customised == ("core message", "pillar 1", "hashtags", "X post")
    assert any(a.state == "fix" and "X 300/280" in a.detail for a in b.accessibility)


def test_messages_can_add_a_fourth_pillar_with_its_own_citation(fixture_catalogue: Catalogue) -> None:
    drafts = (
        PillarDraft(),
        PillarDraft(),
        PillarDraft(),
        PillarDraft(title="Teach safety", recommendations=("WP3013-16.4",)),
    )
    b = brief_for(fixture_catalogue, "fixture-press-day", 2027, messages=Messages(pillars=drafts))
    assert len(b.pillars) == 4 and b.pillars[3].cite == "WP3013 §16(iv)"
    assert "WP3013-16.4" in {c.id for c in b.cited}


# -- key dates from a campaign -------------------------------------------------------------------


def test_key_dates_come_from_the_campaign_timeline(fixture_catalogue: Catalogue) -> None:
    from planner.campaigns.model import CampaignTemplate, Constraint, Offset, PhaseTemplate
    from planner.campaigns.schedule import new_campaign

    template = CampaignTemplate(
        name="t",
        title="Test",
        phases=(
            PhaseTemplate("research", "Research and plan", Offset(days=-56)),
            PhaseTemplate("press-release", "Embargoed press release to media", Offset(days=-7)),
            PhaseTemplate("launch", "Launch on the day", Offset(), big_send=True, constraint=Constraint.NOT_BEFORE),
            PhaseTemplate("follow-up", "Follow-up", Offset(days=7), owner="press-officer"),
        ),
    )
    occ = occurrence_for(fixture_catalogue.observance("fixture-press-day"), 2027)
    campaign = new_campaign(template, occ, now=dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    dates = key_dates(campaign)
    assert [(k.name, k.date) for k in dates] == [
        ("Embargoed press release to media", dt.date(2027, 4, 26)),
        ("Launch on the day", dt.date(2027, 5, 3)),
        ("Follow-up", dt.date(2027, 5, 10)),
    ]
    assert dates[1].note == "embargo: not before this day; big send"
    b = build_brief(fixture_catalogue, occ, key_dates=dates, campaign=campaign.id)
    assert b.key_dates == dates and b.campaign == "fixture-press-day-2027"


def test_key_dates_are_sorted(fixture_catalogue: Catalogue) -> None:
    later, earlier = KeyDate("Follow-up", dt.date(2027, 5, 10)), KeyDate("Launch", dt.date(2027, 5, 3))
    b = brief_for(fixture_catalogue, "fixture-press-day", 2027, key_dates=(later, earlier))
    assert b.key_dates == (earlier, later)


def test_audience_labels_read_well_in_the_brief(fixture_catalogue: Catalogue) -> None:
    # the label follows "For:", "Speaking to" and "what the reports advise for reaching"
    assert FRAMINGS["sports"].label == "sports clubs and athletes"
    b = brief_for(fixture_catalogue, "fixture-press-day", 2027, "sports")
    assert b.audience.label == "sports clubs and athletes"


def test_editions_count_from_the_year_first_held(catalogue: Catalogue) -> None:
    # held since 1982, on 21 September only from 2002: 2027 is the 46th International Day of Peace
    peace = brief_for(catalogue, "international-day-of-peace", 2027).occasion
    assert (peace.edition, peace.first_year) == (46, 1982)
    press = brief_for(catalogue, "world-press-freedom-day", 2027).occasion
    assert (press.edition, press.first_year) == (None, 1994)  # 1994 is unconfirmed: no count
    islamophobia = brief_for(catalogue, "combat-islamophobia-day", 2027).occasion
    assert (islamophobia.edition, islamophobia.first_year) == (5, 2023)
    justice = brief_for(catalogue, "international-justice-day", 2027).occasion
    assert (justice.edition, justice.first_year) == (None, 2010)  # 2010 or 2011: disputed


def test_a_figure_that_ages_shows_its_date_and_is_checked(catalogue: Catalogue) -> None:
    from planner.briefs.content_file import load_messaging

    content = load_messaging(AUDIENCES)["idahobit"]
    b = brief_for(catalogue, "idahobit", 2027, "youth", content=content)
    report_point = next(pp for p in b.pillars for pp in p.proof_points if "66 countries" in pp.text)
    assert report_point.dated == "WP3013, January 2023"
    # The report's count is listed once, as the claim the recommendation cites (dated, with the newer
    # count in its note), not again as a "Dated figure"; the day's own aging proof point is listed.
    about_66 = [c for c in b.check if "66 countries" in c.text]
    assert [(c.what, c.status) for c in about_66] == [("Cited in WP3013 §13(iv)", "secondary")]
    assert "January 2023" in about_66[0].text and "ilga.org" in about_66[0].note
    dated = [c for c in b.check if c.what == "Dated figure"]
    assert [c.status for c in dated] == ["as of 30 May 2024"]
    assert "ilga.org" in dated[0].reference


def test_a_report_figure_with_no_checked_claim_is_listed_as_a_dated_figure(catalogue: Catalogue) -> None:
    from planner.briefs.build import CheckItem, _dated_checks

    b = brief_for(catalogue, "idahobit", 2027, "youth")
    items = _dated_checks(b.pillars, ())
    assert [(c.what, c.status, c.reference) for c in items] == [
        ("Dated figure", "as of January 2023", "WP3013 §13(iv)")
    ]
    other = CheckItem("Cited in WP3013 §13(iv)", "some 66 countries (the report, January 2023)", "secondary")
    assert _dated_checks(b.pillars, (), (other,)) == []


def test_the_policy_ask_stays_with_the_team_and_the_public_reads_the_message(catalogue: Catalogue) -> None:
    youth = brief_for(catalogue, "world-press-freedom-day", 2027, "youth")
    policy = brief_for(catalogue, "world-press-freedom-day", 2027, "policymakers")
    rec = catalogue.recommendations[youth.pillars[0].recommendations[0].id]
    assert (youth.pillars[0].title, youth.pillars[0].ask) == (rec.message, rec.title)
    lead = catalogue.recommendations[policy.pillars[0].recommendations[0].id]
    assert (policy.pillars[0].title, policy.pillars[0].message, policy.pillars[0].ask) == (lead.title, lead.message, "")
