"""The shipped catalogue: the ids other tools rely on, expected dates, links and verification."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from planner.catalogue.model import Catalogue, Kind, Status
from planner.catalogue.occurrences import between

NAMED = [
    "human-rights-day",
    "international-womens-day",
    "world-press-freedom-day",
    "idahobit",
    "udhr-anniversary",
    "vienna-declaration-anniversary",
    "defenders-declaration-anniversary",
    "summit-of-the-future",
]


def dates(catalogue: Catalogue, oid: str, first: int, last: int, *, every: bool = True) -> list[tuple[str, str]]:
    occs = between([catalogue.observance(oid)], dt.date(first, 1, 1), dt.date(last, 12, 31), every_anniversary=every)
    return [(o.start.isoformat(), o.end.isoformat()) for o in occs]


# The named days over several years: (id, years, expected start dates, weekday of the first).
EXPECTED = [
    (
        "human-rights-day",
        (2023, 2028),
        ["2023-12-10", "2024-12-10", "2025-12-10", "2026-12-10", "2027-12-10", "2028-12-10"],
    ),
    ("international-womens-day", (2026, 2028), ["2026-03-08", "2027-03-08", "2028-03-08"]),
    ("world-press-freedom-day", (2026, 2028), ["2026-05-03", "2027-05-03", "2028-05-03"]),
    ("idahobit", (2026, 2028), ["2026-05-17", "2027-05-17", "2028-05-17"]),
    ("world-habitat-day", (2024, 2028), ["2024-10-07", "2025-10-06", "2026-10-05", "2027-10-04", "2028-10-02"]),
    (
        "road-traffic-victims-remembrance-day",
        (2024, 2028),
        ["2024-11-17", "2025-11-16", "2026-11-15", "2027-11-21", "2028-11-19"],
    ),
    ("world-philosophy-day", (2024, 2028), ["2024-11-21", "2025-11-20", "2026-11-19", "2027-11-18", "2028-11-16"]),
    (
        "international-day-of-cooperatives",
        (2024, 2028),
        ["2024-07-06", "2025-07-05", "2026-07-04", "2027-07-03", "2028-07-01"],
    ),
]


@pytest.mark.parametrize(("oid", "years", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_named_and_weekday_days_over_several_years(
    catalogue: Catalogue, oid: str, years: tuple[int, int], expected: list[str]
) -> None:
    assert [s for s, _ in dates(catalogue, oid, *years)] == expected


def test_the_report_anniversaries(catalogue: Catalogue) -> None:
    def numbered(oid: str, year: int) -> tuple[str, int, bool]:
        (occ,) = between(
            [catalogue.observance(oid)], dt.date(year, 1, 1), dt.date(year, 12, 31), every_anniversary=True
        )
        assert occ.anniversary is not None
        return occ.start.isoformat(), occ.anniversary.number, occ.anniversary.milestone

    assert numbered("udhr-anniversary", 2023) == ("2023-12-10", 75, True)
    assert numbered("udhr-anniversary", 2028) == ("2028-12-10", 80, True)
    assert numbered("vienna-declaration-anniversary", 2023) == ("2023-06-25", 30, True)
    assert numbered("defenders-declaration-anniversary", 2023) == ("2023-12-09", 25, True)
    assert dates(catalogue, "summit-of-the-future", 2020, 2030) == [("2024-09-22", "2024-09-23")]


def test_periods_and_first_years(catalogue: Catalogue) -> None:
    assert dates(catalogue, "sixteen-days-of-activism", 2027, 2027) == [("2027-11-25", "2027-12-10")]
    assert dates(catalogue, "global-media-information-literacy-week", 2027, 2027) == [("2027-10-24", "2027-10-31")]
    assert dates(catalogue, "idahobit", 2000, 2005) == [("2005-05-17", "2005-05-17")]
    assert dates(catalogue, "international-womens-day", 1970, 1975) == [("1975-03-08", "1975-03-08")]
    old = dates(catalogue, "international-day-of-peace-1982-2001", 1980, 2005)
    new = dates(catalogue, "international-day-of-peace", 1980, 2005)
    assert old[0] == ("1982-09-21", "1982-09-21") and old[-1] == ("2001-09-11", "2001-09-11") and len(old) == 20
    assert new[0] == ("2002-09-21", "2002-09-21")


def test_required_ids_and_size(catalogue: Catalogue) -> None:
    assert set(NAMED) <= set(catalogue.observances)
    others = [o for o in catalogue.observances.values() if o.id not in NAMED]
    assert len(others) >= 50
    kinds = {o.kind for o in others}
    assert {Kind.DAY, Kind.WEEK, Kind.PERIOD, Kind.ANNIVERSARY} <= kinds
    for oid in (
        "covenants-anniversary",
        "human-rights-council-anniversary",
        "guiding-principles-anniversary",
        "uniting-for-peace-anniversary",
        "four-freedoms-anniversary",
        "first-upr-session-anniversary",
        "right-to-healthy-environment-anniversary",
    ):
        assert catalogue.observance(oid).kind is Kind.ANNIVERSARY


@pytest.mark.parametrize(
    ("oid", "must_link"),
    [
        ("idahobit", {"WP3013-18", "WP3013-13.4"}),
        ("international-womens-day", {"WP3013-18", "WP3013-13.1"}),
        ("defenders-declaration-anniversary", {"WP3013-18", "WP3013-13.5"}),
        ("world-press-freedom-day", {"WP3013-18", "WP3013-16.1", "WP2011-20.2"}),
        ("human-rights-day", {"WP3013-18"}),
        ("udhr-anniversary", {"WP3013-18"}),
        ("vienna-declaration-anniversary", {"WP3013-18"}),
        ("summit-of-the-future", {"WP3013-18"}),
    ],
)
def test_named_observances_link_the_matching_recommendations(
    catalogue: Catalogue, oid: str, must_link: set[str]
) -> None:
    obs = catalogue.observance(oid)
    assert must_link <= {link.id for link in obs.recommendations}
    assert "WP3013-18" in obs.named_in
    assert all(link.reason.strip() for link in obs.recommendations)


def test_recommendations_cover_both_reports(catalogue: Catalogue) -> None:
    recs = catalogue.recommendations
    assert len(recs) == 96
    assert {r.paragraph for r in recs.values() if r.report == "WP3013"} == set(range(5, 19))
    assert recs["WP3013-13"].citation == "WP3013 §13"
    assert {r.paragraph for r in recs.values() if r.report == "WP2011"} == set(range(11, 25))
    assert recs["WP3013-14.3"].citation == "WP3013 §14(iii)"
    assert recs["WP2011-20.2"].citation == "WP2011 §20, point 2"
    assert recs["WP3013-18"].item is None and recs["WP3013-18"].citation == "WP3013 §18"
    for r in recs.values():
        assert r.summary and r.title and r.themes and r.audiences
        assert set(r.themes) <= set(catalogue.themes) and set(r.audiences) <= set(catalogue.audiences)


def test_doubtful_instrument_is_kept_as_written_and_flagged(catalogue: Catalogue) -> None:
    (cited,) = [i for i in catalogue.recommendation("WP3013-13.5").instruments if "49/48" in i.as_written]
    assert cited.status is Status.DOUBTFUL
    assert cited.note and "35 resolutions" in cited.note


def test_every_source_has_a_status_and_a_reference(catalogue: Catalogue) -> None:
    for obs in catalogue.observances.values():
        assert obs.sources, obs.id
        for s in obs.sources:
            assert s.status in (Status.PRIMARY, Status.SECONDARY, Status.UNVERIFIED)
            assert s.reference
            assert s.url is None or re.match(r"^https?://", s.url)


def test_hashtags_carry_no_year(catalogue: Catalogue) -> None:
    for obs in catalogue.observances.values():
        for tag in obs.hashtags:
            assert not re.search(r"(19|20)\d\d", tag), (obs.id, tag)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"  # the reports' texts, next to the checkout
PROPER_NAMES = (  # titles of texts and bodies may be quoted as they are
    "a call to action for human rights",
    "international covenant on economic social and cultural rights",
    "voluntary principles on security and human rights",
    "guiding principles on business and human rights",
    "international code of conduct for private security service providers",
    "universal declaration of human rights",
    "world conference on human rights",
    "declaration on human rights defenders",
    "international committee of the red cross",
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the reports' texts (../shared/seeds) are not next to this checkout")
def test_summaries_and_reasons_are_in_our_own_words(catalogue: Catalogue) -> None:
    run = 8  # eight words in a row taken from a report is a copied sentence, not a shared phrase
    report = _words(" ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    copied = {tuple(report[i : i + run]) for i in range(len(report) - run + 1)}
    texts = [(r.id, r.summary) for r in catalogue.recommendations.values()]
    texts += [
        (f"{o.id} > {link.id}", link.reason) for o in catalogue.observances.values() for link in o.recommendations
    ]
    found = []
    for where, text in texts:
        plain = " ".join(_words(text))
        for name in PROPER_NAMES:
            plain = plain.replace(name, "|")
        words = plain.split()
        found += [
            (where, " ".join(words[i : i + run]))
            for i in range(len(words) - run + 1)
            if tuple(words[i : i + run]) in copied
        ]
    assert not found, found


def test_no_occurrence_before_the_instrument_when_no_first_year_is_known(catalogue: Catalogue) -> None:
    road = catalogue.observance("road-traffic-victims-remembrance-day")
    assert road.valid_from is None and road.first_observed is None
    assert road.instrument is not None and road.instrument.adopted == dt.date(2005, 10, 26)
    assert dates(catalogue, "road-traffic-victims-remembrance-day", 1990, 2005) == [("2005-11-20", "2005-11-20")]
