"""The whole matrix: every shipped high-priority day x every audience, with and without a team's
own words. Posts hold no internal action, fit their platform, pass the plain-language check, use
the team's core message (and call to action and hashtags) when given, and pillars rest only on
recommendations sharing a theme with the day."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.briefs.build import Brief, Messages, build_brief
from planner.briefs.content import DayMessaging
from planner.briefs.content_file import load_messaging
from planner.briefs.framing import AUDIENCES, COMMON, FRAMINGS, SAFETY
from planner.catalogue.model import Catalogue, Observance, Occurrence, Priority
from planner.catalogue.occurrences import between

TEAM = Messages(
    core_message="We stand with everyone whose rights are at risk, and we ask you to stand with us.",
    calls_to_action=("Sign our pledge today.",),
    hashtags=("#StandWithUs",),
)


def _occurrence(obs: Observance) -> Occurrence:
    """The first occurrence from 2027 on (or the only one, for a day held once)."""
    found = between([obs], dt.date(2027, 1, 1), dt.date(2032, 12, 31))
    if not found:
        found = between([obs], dt.date(1900, 1, 1), dt.date(2032, 12, 31))
    return found[0]


def _high(catalogue: Catalogue) -> list[Observance]:
    return [o for o in catalogue.observances.values() if catalogue.priority(o) is Priority.HIGH]


def _internal(catalogue: Catalogue, brief: Brief) -> list[str]:
    """Text that is for the team and must never be in a post: framing advice, the team's to-dos,
    the safety notes and every recommendation's policy ask and summary."""
    day = brief.occasion.short
    lines = [line.text.replace("{day}", day) for f in FRAMINGS.values() for line in (*f.framing, *f.calls_to_action)
             if line.team or line in f.framing]  # fmt: skip
    lines += [line.text for line in COMMON] + list(SAFETY)
    for rec in catalogue.recommendations.values():
        lines.append(rec.title)
        lines += [s for s in rec.summary.split(". ") if len(s) > 25]
    return [line.rstrip(".") for line in lines]


@pytest.fixture(scope="module")
def messaging(catalogue: Catalogue) -> dict[str, DayMessaging]:
    return load_messaging(AUDIENCES, {o.id: o.themes for o in catalogue.observances.values()})


def test_every_high_priority_day_has_its_own_messaging(
    catalogue: Catalogue, messaging: dict[str, DayMessaging]
) -> None:
    high = {o.id for o in _high(catalogue)}
    named = {o.id for o in catalogue.observances.values() if o.named_in}
    assert len(high) >= 8
    assert sorted((high | named) - set(messaging)) == []


@pytest.mark.parametrize("team", [False, True], ids=["drafts", "team-words"])
def test_the_whole_matrix(catalogue: Catalogue, messaging: dict[str, DayMessaging], team: bool) -> None:
    checked = 0
    for obs in _high(catalogue):
        occ = _occurrence(obs)
        day_themes = set(obs.themes)
        for audience in AUDIENCES:
            b = build_brief(catalogue, occ, audience, content=messaging[obs.id], messages=TEAM if team else None)
            where = f"{obs.id} / {audience}"
            internal = _internal(catalogue, b)
            core = TEAM.core_message if team else messaging[obs.id].core_message
            assert b.core_message == core, where
            for post in b.posts:
                assert not post.over, (where, post.platform.id, post.shown)
                assert b.readability.ok and not b.posts_not_plain, (where, b.posts_not_plain)
                assert core in post.text, (where, post.platform.id)
                if team:
                    assert "Sign our pledge today." in post.text and "#StandWithUs" in post.text, where
                for line in internal:
                    assert line not in post.text, (where, post.platform.id, line)
                assert "{day}" not in post.text
            for pillar in b.pillars:
                for c in pillar.recommendations:
                    assert day_themes & set(catalogue.recommendations[c.id].themes), (where, c.id)
                if audience != "policymakers":
                    # the public reads the recommendation's public message, not the policy ask
                    assert pillar.title == catalogue.recommendations[pillar.recommendations[0].id].message, where
            checked += 1
    assert checked == len(_high(catalogue)) * len(AUDIENCES)


def test_days_without_messaging_never_post_the_catalogue_description(
    catalogue: Catalogue, messaging: dict[str, DayMessaging]
) -> None:
    """The description is written for the team ("A day to ...", "Anniversaries of ..."): a post built
    on it reads as a fragment. Without a core message, posts lead with a pillar's public line or hold
    a marked place for the team's core message."""
    from planner.briefs.build import CORE_PLACEHOLDER

    placeholders = 0
    for obs in sorted(catalogue.observances.values(), key=lambda o: o.id):
        if obs.id in messaging:
            continue
        b = build_brief(catalogue, _occurrence(obs), "general")
        opening = " ".join(obs.description.split())[:40]
        for post in b.posts:
            assert opening not in " ".join(post.text.split()), (obs.id, post.platform.id)
            if not b.pillars:
                assert CORE_PLACEHOLDER in post.text, (obs.id, post.platform.id)
        assert b.posts_lead == ("pillar" if b.pillars else "placeholder"), obs.id
        placeholders += not b.pillars
    assert placeholders >= 1
