"""The source policy, the corrected facts and the guarantee that no output shows an internal label
or a banned site: over the shipped catalogue, through every output a user can produce."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from planner.catalogue.model import Catalogue, SourceKind, Status, YearStatus
from planner.catalogue.occurrences import between
from planner.catalogue.policy import Banned, Severity, audit, banned, leaks, sources_audit
from tests.conftest import Invoke

# -- the policy itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.keepincalendar.com/x", Banned.AGGREGATOR),
        ("https://svakom.com/blogs/idahobit", Banned.RETAILER),
        ("https://www.presstv.ir/Detail/1", Banned.STATE_MEDIA),
        ("https://github.com/kitsuyui/hyper-calendar", Banned.CODE),
        ("https://raw.githubusercontent.com/a/b/main/days.json", Banned.CODE),
        ("https://timorlesteingenevahr.blogspot.com/2010/06/x.html", Banned.BLOG),
        ("https://en.wikipedia.org/wiki/Human_Rights_Day", Banned.ENCYCLOPAEDIA),
        ("https://www.affairscloud.com/x", Banned.CONTENT_FARM),
        ("https://www.un.org/en/observances/human-rights-day", None),
        ("https://undocs.org/A/RES/423(V)", None),
        ("https://notgithub.com/x", None),  # a look-alike is not a subdomain
    ],
)
def test_banned_kinds_of_site(url: str, kind: Banned | None) -> None:
    assert banned(url) is kind


def test_leaks_find_internal_labels_and_banned_names() -> None:
    found = leaks("Known from D1 and D2 (facts.md A.10i); our notes; see keepincalendar.com")
    assert "internal label 'D1'" in found and "internal label 'D2'" in found
    assert "internal label 'facts.md'" in found and "internal label 'our notes'" in found
    assert any("keepincalendar.com" in f for f in found)
    assert leaks("D10 is a room; UN document A/HRC/RES/17/4; 2D1 art") == []


TEAM_BAD = """\
observances:
  - id: our-day
    name: Our day
    kind: day
    rule: {kind: fixed, month: 5, day: 4}
    themes: [civil-society]
    proclaimed_by: civil society
    sources:
      - title: A calendar site
        url: https://www.checkiday.com/our-day
        status: secondary
"""
TEAM_SHORT = TEAM_BAD.replace("https://www.checkiday.com/our-day", "https://example.org/our-day")


def test_check_refuses_a_banned_site_in_a_team_file(invoke: Invoke, tmp_path: Path) -> None:
    team = tmp_path / "ours.yaml"
    team.write_text(TEAM_BAD, encoding="utf-8")
    result = invoke("check", str(team))
    assert result.exit_code == 1
    assert "our-day: error: source 1 ('A calendar site') links to a calendar or 'days' aggregator" in " ".join(
        result.stderr.split()
    )


def test_a_team_entry_that_falls_short_is_a_warning_not_a_failure(invoke: Invoke, tmp_path: Path) -> None:
    team = tmp_path / "ours.yaml"
    team.write_text(TEAM_SHORT, encoding="utf-8")
    result = invoke("check", str(team))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "1 of your own entries fall short of the source policy" in text
    assert "our-day: warning: source 1 ('A calendar site') has no kind, publisher, checked" in text
    sources = invoke("--catalogue", str(team), "sources", "our-day")
    assert sources.exit_code == 0 and "best source: secondary (your own entry)" not in sources.stdout
    assert "best source: unverified (your own entry)" in sources.stdout


def test_sources_command_json_and_unknown_id(invoke: Invoke) -> None:
    data = json.loads(invoke("sources", "idahobit", "human-rights-day", "--format", "json").stdout)
    assert [d["id"] for d in data] == ["human-rights-day", "idahobit"]
    hrd = data[0]
    assert hrd["standing"] == "primary" and hrd["findings"] == []
    assert hrd["sources"][0] == {
        "title": "Resolution 423 (V): Human Rights Day",
        "url": "https://undocs.org/A/RES/423(V)",
        "document": None,
        "publisher": "United Nations General Assembly",
        "kind": "instrument",
        "status": "primary",
        "checked": "2026-11",
    }
    missing = invoke("sources", "no-such-day")
    assert missing.exit_code != 0 and "no-such-day" in missing.stderr


# -- the shipped catalogue meets the policy ----------------------------------------------------


def test_every_shipped_entry_meets_the_source_policy(catalogue: Catalogue) -> None:
    from planner.resources import shipped_catalogues
    from planner.yamlfile import display_path

    audits = sources_audit(catalogue, shipped_files=[display_path(p) for p in shipped_catalogues()])
    assert all(a.shipped for a in audits)
    assert {a.observance.id: [f.message for f in a.findings] for a in audits if a.findings} == {}
    for obs in catalogue.observances.values():
        followable = [s for s in obs.sources if s.url and s.kind is not None]
        assert followable, obs.id
        for s in obs.sources:
            assert s.url and banned(s.url) is None and s.publisher and s.checked == "2026-11", (obs.id, s.title)
            if s.kind is SourceKind.INSTRUMENT:
                # built from a symbol through the resolver, never a guessed page
                assert re.fullmatch(r"https://undocs\.org/[A-Z][A-Za-z0-9./()-]+", s.url), s.url


def test_resolver_links_are_built_only_from_the_entrys_symbols(catalogue: Catalogue) -> None:
    unverified_symbols = {"A/RES/79/193", "A/RES/74/5", "A/RES/78/323", "A/RES/80/10", "A/RES/79/294"}
    for obs in catalogue.observances.values():
        for s in obs.sources:
            if s.kind is SourceKind.INSTRUMENT:
                assert s.url is not None
                assert s.url.removeprefix("https://undocs.org/") not in unverified_symbols


def test_audit_reports_an_entry_without_a_citable_source(catalogue: Catalogue) -> None:
    import dataclasses

    obs = catalogue.observance("idahobit")
    stripped = dataclasses.replace(obs, sources=(dataclasses.replace(obs.sources[0], kind=None),))
    messages = [f.message for f in audit(stripped) if f.severity is Severity.SHORTFALL]
    assert any(m.startswith("no followable source of kind instrument, official or organiser") for m in messages)


# -- corrected facts: tables of expected values --------------------------------------------------


def _dates(catalogue: Catalogue, oid: str, first: int, last: int) -> list[str]:
    occs = between([catalogue.observance(oid)], dt.date(first, 1, 1), dt.date(last, 12, 31), every_anniversary=True)
    return [o.start.isoformat() for o in occs]


PEACE_DAYS = [
    (1982, "1982-09-21"),
    (1995, "1995-09-19"),
    (1997, "1997-09-16"),
    (1998, "1998-09-09"),  # Wednesday: set by A/RES/52/232
    (1999, "1999-09-14"),
    (2000, "2000-09-19"),  # disputed: the session opened on 5 September
    (2001, "2001-09-11"),
]


@pytest.mark.parametrize(("year", "expected"), PEACE_DAYS, ids=[str(y) for y, _ in PEACE_DAYS])
def test_international_day_of_peace_before_2002(catalogue: Catalogue, year: int, expected: str) -> None:
    assert _dates(catalogue, "international-day-of-peace-1982-2001", year, year) == [expected]


def test_the_2000_peace_day_is_shown_as_disputed(catalogue: Catalogue, invoke: Invoke) -> None:
    obs = catalogue.observance("international-day-of-peace-1982-2001")
    special = obs.year_date(2000)
    assert special is not None and special.status is Status.DISPUTED
    assert any(d.startswith("the 2000 date is disputed") for d in obs.doubts)
    shown = invoke("show", obs.id, "--year", "2000").stdout
    assert "In 2000:        Tue 19 Sep 2000 [disputed]" in shown
    assert "18 September 2001" not in json.dumps(obs.description)


# (entry, first year with an occurrence, first observed, first-year status, instrument symbol, adopted)
FACTS = [
    ("international-justice-day", 2010, 2010, YearStatus.DISPUTED, "Kampala Declaration, RC/Decl.1", "2010-06-01"),
    ("combat-islamophobia-day", 2023, 2023, YearStatus.VERIFIED, "A/RES/76/254", "2022-03-15"),
    ("non-self-governing-territories-week", 2000, None, YearStatus.UNVERIFIED, "A/RES/54/91", None),
    ("disarmament-week", 1978, None, YearStatus.UNVERIFIED, "A/RES/S-10/2", "1978-06-30"),
    ("world-philosophy-day", 2002, 2002, YearStatus.VERIFIED, "UNESCO General Conference, 33rd session (2005)", None),
    ("world-childrens-day", 1955, None, YearStatus.FLOOR, "A/RES/836 (IX)", "1954-12-14"),
    ("women-human-rights-defenders-day", 2006, 2006, YearStatus.VERIFIED, None, None),
    ("abolition-of-slavery-day", 1949, None, YearStatus.FLOOR, "A/RES/317 (IV)", "1949-12-02"),
    ("international-womens-day", 1975, 1975, YearStatus.VERIFIED, "A/RES/32/142", "1977-12-16"),
    ("international-day-of-peace", 2002, 1982, YearStatus.VERIFIED, "A/RES/55/282", "2001-09-07"),
    ("genocide-prevention-day", 2015, 2015, YearStatus.VERIFIED, "A/RES/69/323", "2015-09-11"),
    ("women-in-diplomacy-day", 2022, 2022, YearStatus.VERIFIED, "A/RES/76/269", "2022-06-20"),
    ("decade-for-people-of-african-descent", None, None, None, "A/RES/68/237", "2013-12-23"),
    ("victims-of-religious-violence-day", 2019, 2019, YearStatus.VERIFIED, "A/RES/73/296", "2019-05-28"),
    ("zero-tolerance-fgm-day", 2013, 2013, YearStatus.UNVERIFIED, "A/RES/67/146", "2012-12-20"),
    ("anti-corruption-day", 2003, 2003, YearStatus.DISPUTED, "A/RES/58/4", "2003-10-31"),
    ("week-of-solidarity-against-racism", 1980, 1980, YearStatus.UNVERIFIED, "A/RES/34/24", "1979-11-15"),
    ("world-interfaith-harmony-week", 2011, 2011, YearStatus.VERIFIED, "A/RES/65/5", "2010-10-20"),
    ("global-media-information-literacy-week", 2021, 2021, YearStatus.VERIFIED, "A/RES/75/267", "2021-03-25"),
    ("world-day-against-child-labour", 2002, 2002, YearStatus.VERIFIED, None, None),
    ("zero-discrimination-day", 2014, 2014, YearStatus.VERIFIED, None, None),
    ("world-day-against-the-death-penalty", 2003, 2003, YearStatus.VERIFIED, None, None),
    ("second-decade-for-people-of-african-descent", None, None, None, None, "2024-12-17"),
]


@pytest.mark.parametrize(
    ("oid", "first_year", "observed", "status", "symbol", "adopted"), FACTS, ids=[f[0] for f in FACTS]
)
def test_corrected_facts(
    catalogue: Catalogue,
    oid: str,
    first_year: int | None,
    observed: int | None,
    status: YearStatus | None,
    symbol: str | None,
    adopted: str | None,
) -> None:
    obs = catalogue.observance(oid)
    if first_year is not None:
        assert obs.first_year == first_year
        assert obs.first_observed == observed
        assert obs.year_status is status
    if symbol is not None:
        assert obs.instrument is not None and obs.instrument.symbol == symbol
    if adopted is not None:
        assert obs.instrument is not None and obs.instrument.adopted == dt.date.fromisoformat(adopted)


def test_second_decade_symbol_stays_out_of_links(catalogue: Catalogue) -> None:
    obs = catalogue.observance("second-decade-for-people-of-african-descent")
    assert obs.instrument is not None and "unconfirmed" in obs.instrument.symbol
    assert all("79/193" not in (s.url or "") for s in obs.sources)


@pytest.mark.parametrize(
    ("oid", "year", "edition"),
    [
        ("combat-islamophobia-day", 2027, "the 5th since 2023"),
        ("world-day-against-child-labour", 2027, "the 26th since 2002"),
        ("international-justice-day", 2027, None),  # first year disputed: no count until settled
        ("abolition-of-slavery-day", 2027, None),  # only a floor: no count
        ("second-decade-for-people-of-african-descent", 2025, None),  # held once: not "the 2nd since 2024"
        ("decade-for-people-of-african-descent", 2015, None),
    ],
)
def test_brief_counts_only_settled_first_years(invoke: Invoke, oid: str, year: int, edition: str | None) -> None:
    out = invoke("brief", oid, "--year", str(year)).stdout
    first = out.splitlines()[2] if len(out.splitlines()) > 2 else ""
    if edition is None:
        assert " since " not in out.split("\n\n")[1], out.split("\n\n")[1]
    else:
        assert edition in out, first


def test_first_year_unconfirmed_only_when_in_doubt(invoke: Invoke) -> None:
    iwd = invoke("show", "international-womens-day").stdout
    assert "First year:     1975\n" in iwd and "unconfirmed" not in iwd
    assert "choose its own day" in " ".join(iwd.split())  # the caveat that 32/142 let States pick another date
    wpfd = invoke("show", "world-press-freedom-day").stdout
    assert "First year:     1994 [unconfirmed]" in wpfd
    brief = invoke("brief", "international-womens-day", "--year", "2027").stdout
    assert "First year" not in brief and "choose its own day" in " ".join(brief.split())


def test_report_claims_are_flagged(catalogue: Catalogue) -> None:
    rec = catalogue.recommendation("WP3013-12.8")
    (sa,) = [i for i in rec.instruments if "South Africa" in i.as_written]
    assert sa.status is Status.DOUBTFUL and sa.note and "A/PV.2281" in sa.note and "vetoed" in sa.note
    assert "wrongly describes as expelled" in " ".join(rec.summary.split())
    lgbti = catalogue.recommendation("WP3013-13.4")
    assert "(January\n" in lgbti.summary or "January 2023" in " ".join(lgbti.summary.split())
    (figure,) = lgbti.instruments
    assert figure.status is Status.SECONDARY and figure.note and "62 UN member States" in " ".join(figure.note.split())


def test_wp3013_13_and_linked_not_named_anniversaries(catalogue: Catalogue) -> None:
    rec = catalogue.recommendation("WP3013-13")
    assert rec.citation == "WP3013 §13" and {"disability", "older-persons"} <= set(rec.themes)
    for oid in (
        "persons-with-disabilities-day",
        "older-persons-day",
        "elder-abuse-awareness-day",
        "sign-languages-day",
    ):
        assert "WP3013-13" in {link.id for link in catalogue.observance(oid).recommendations}, oid
    for oid in (
        "covenants-anniversary",
        "icescr-entry-into-force-anniversary",
        "guiding-principles-anniversary",
        "four-freedoms-anniversary",
        "icoc-anniversary",
        "uniting-for-peace-anniversary",
    ):
        obs = catalogue.observance(oid)
        assert obs.named_in == () and obs.recommendations, oid
        assert catalogue.priority(obs).value == "medium", oid
    named = {o.id for o in catalogue.observances.values() if o.named_in}
    assert all("WP3013-18" in catalogue.observance(o).named_in for o in named)


# -- the fact-check of November 2026: what users read -----------------------------------------

# (entry, what the "When" line of `show` says, what the feed's DESCRIPTION says)
WHEN_LINES = [
    (
        "international-day-of-peace-1982-2001",
        "every year on the third Tuesday of September, since 1982, until 2001, except in 1998-2001 (dates below)",
        "When: every year on the third Tuesday of September, except in 1998-2001: 9 September 1998, 14 September"
        " 1999, 19 September 2000 (disputed) and 11 September 2001.",
    ),
    ("second-decade-for-people-of-african-descent", "once, from 1 January 2025 to 31 December 2034", None),
    ("summit-of-the-future", "once, from 22 September 2024 to 23 September 2024", None),
    ("human-rights-day", "every year on 10 December, since 1950", "When: every year on 10 December."),
]


@pytest.mark.parametrize(("oid", "shown", "feed"), WHEN_LINES, ids=[w[0] for w in WHEN_LINES])
def test_when_lines_agree_with_the_dates(
    catalogue: Catalogue, invoke: Invoke, oid: str, shown: str, feed: str | None
) -> None:
    from planner.feeds.build import occurrence_description

    out = invoke("show", oid).stdout
    (line,) = [chunk for chunk in re.split(r"\n(?=\S)", out) if chunk.startswith("When:")]
    assert " ".join(line.split()[1:]) == shown
    if feed is not None:
        occ = between([catalogue.observance(oid)], dt.date(1990, 1, 1), dt.date(2030, 12, 31))[0]
        assert feed in occurrence_description(occ, catalogue)


# (entry, start of a source's title, kind, status, words its note must carry)
SOURCE_LABELS = [
    (
        "second-decade-for-people-of-african-descent",
        "Brazil's Ministry",
        SourceKind.OFFICIAL,
        Status.SECONDARY,
        "not a UN text",
    ),
    (
        "four-freedoms-anniversary",
        "Text of the Annual Message",
        SourceKind.OFFICIAL,
        Status.UNVERIFIED,
        "open it before relying on it",
    ),
    (
        "four-freedoms-anniversary",
        "Franklin D. Roosevelt Four Freedoms Park",
        SourceKind.ORGANISER,
        Status.SECONDARY,
        "not its publisher",
    ),
    ("world-day-against-the-death-penalty", "World Coalition", SourceKind.ORGANISER, Status.UNVERIFIED, "not read"),
    ("defenders-declaration-anniversary", "OHCHR", SourceKind.OFFICIAL, Status.UNVERIFIED, "open it"),
]


@pytest.mark.parametrize(
    ("oid", "title", "kind", "status", "note"), SOURCE_LABELS, ids=[f"{s[0]}:{s[1]}" for s in SOURCE_LABELS]
)
def test_doubtful_sources_say_what_they_are(
    catalogue: Catalogue, oid: str, title: str, kind: SourceKind, status: Status, note: str
) -> None:
    (src,) = [s for s in catalogue.observance(oid).sources if s.title.startswith(title)]
    assert (src.kind, src.status) == (kind, status)
    assert src.note is not None and note in " ".join(src.note.split())


def test_wp3013_13_is_a_fair_summary_of_paragraph_13(catalogue: Catalogue) -> None:
    rec = catalogue.recommendation("WP3013-13")
    text = " ".join(rec.summary.split())
    for idea in (
        "intersectionality",
        "older people",
        "disabilities",
        "vulnerability assessment",
        "indicators",
        "barometer",
        "gender",
    ):
        assert idea in text, idea
    assert "hide" not in text  # the report says these people are easily overlooked, not hidden by crises
    reasons = [
        link.reason for o in catalogue.observances.values() for link in o.recommendations if link.id == "WP3013-13"
    ]
    assert reasons and not any("crises hide" in r for r in reasons)


def test_brief_sources_show_kind_and_publisher(invoke: Invoke) -> None:
    md = invoke("brief", "human-rights-day", "--year", "2027").stdout
    assert (
        "  - Resolution 423 (V): Human Rights Day, United Nations General Assembly [instrument, primary]:"
        " https://undocs.org/A/RES/423(V)"
    ) in md
    # a publisher already named at the start of the title is not repeated
    assert (
        "- IDAHOBIT Committee: International Day against Homophobia, Biphobia and Transphobia [organiser, primary]:"
        in (invoke("brief", "idahobit", "--year", "2027").stdout)
    )
    html = invoke("brief", "human-rights-day", "--year", "2027", "--format", "html").stdout
    assert "United Nations General Assembly [instrument, primary]" in html


def test_catalogue_size(catalogue: Catalogue) -> None:
    assert len(catalogue.observances) >= 108
    assert len(catalogue.recommendations) >= 96
    for oid in (
        "victims-of-terrorism-day",
        "rural-women-day",
        "women-judges-day",
        "sign-languages-day",
        "albinism-awareness-day",
        "elder-abuse-awareness-day",
        "mandela-day",
        "poverty-eradication-day",
        "humanitarian-day",
        "peacekeepers-day",
        "united-nations-day",
        "education-day",
        "mother-language-day",
        "non-violence-day",
        "sport-development-peace-day",
        "human-solidarity-day",
        "trans-day-of-visibility",
        "intersex-awareness-day",
    ):
        assert oid in catalogue.observances, oid


# -- no occurrence before a day existed ----------------------------------------------------------


def test_no_shipped_entry_occurs_before_its_first_year(catalogue: Catalogue) -> None:
    for obs in catalogue.observances.values():
        if obs.rule.kind in ("anniversary", "once"):  # the rule's own date is the start
            continue
        assert obs.first_year is not None, f"{obs.id} has no first year"
        early = between([obs], dt.date(1, 1, 1), dt.date(obs.first_year - 1, 12, 31), every_anniversary=True)
        assert early == [], obs.id
        # the UN marked 8 March from 1975, before resolution 32/142 (1977) invited States to keep a day
        if obs.instrument and obs.instrument.adopted and obs.id != "international-womens-day":
            assert obs.first_year >= obs.instrument.adopted.year, obs.id


def test_nothing_in_1900(invoke: Invoke) -> None:
    out = invoke("observances", "--year", "1900", "--all", "--format", "json").stdout
    assert json.loads(out) == []


# -- no output leaks an internal label or a banned site ---------------------------------------


def _clean(where: str, text: str) -> None:
    assert leaks(text) == [], f"{where}: {leaks(text)}"


def test_no_output_shows_internal_labels_or_banned_sites(catalogue: Catalogue, invoke: Invoke, tmp_path: Path) -> None:
    import docx

    ids = sorted(catalogue.observances)
    for oid in ids:
        _clean(f"show {oid}", invoke("show", oid).stdout)
    for fmt in ("table", "csv", "json"):
        out = invoke("observances", "--from", "1945-01-01", "--to", "2035-12-31", "--all", "--format", fmt).stdout
        _clean(f"observances {fmt}", out)
        if fmt == "json":
            assert {d["id"] for d in json.loads(out)} == set(ids)
    for args in (("recommendations",), ("recommendations", "--format", "json"), ("sources",), ("upcoming",)):
        _clean(" ".join(args), invoke(*args).stdout)
    _clean("anniversaries", invoke("anniversaries", "--year", "2028", "--all").stdout)
    for quarter in ("2027Q1", "2027Q2", "2027Q3", "2027Q4"):
        for fmt in ("md", "html", "csv", "json"):
            _clean(f"plan {quarter} {fmt}", invoke("plan", quarter, "--format", fmt).stdout)
    for oid in ids:
        obs = catalogue.observance(oid)
        year = "2027" if obs.rule.kind != "once" else str(obs.rule.start.year)  # type: ignore[union-attr]
        if obs.valid_to is not None:
            year = str(obs.valid_to)
        for fmt in ("md", "html"):
            result = invoke("brief", oid, "--year", year, "--format", fmt)
            assert result.exit_code == 0, (oid, result.output)
            _clean(f"brief {oid} {fmt}", result.stdout)
        target = tmp_path / f"{oid}.docx"
        assert invoke("brief", oid, "--year", year, "--format", "docx", "-o", str(target)).exit_code == 0
        document = docx.Document(io.BytesIO(target.read_bytes()))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
        _clean(f"brief {oid} docx", text)
    feed = invoke("feed", "--from", "1945-01-01", "--to", "2035-12-31", "--include", "observances,anniversaries")
    assert feed.exit_code == 0, feed.output
    _clean("feed", feed.stdout_bytes.decode("utf-8").replace("\r\n ", ""))
    site = tmp_path / "site"
    assert invoke("publish", str(site), "--base-url", "https://example.org/feeds").exit_code == 0
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files
    for path in files:
        _clean(f"publish {path.name}", path.read_text(encoding="utf-8").replace("\r\n ", ""))


# -- the new catalogue fields are validated like every other -------------------------------------

ENTRY = """\
  - id: {id}
    name: Our day
    kind: {kind}
    rule: {rule}
    themes: [civil-society]
    proclaimed_by: civil society
{extra}    sources:
      - title: Our organiser's page
        url: https://example.org/our-day
        publisher: Us
        kind: {source_kind}
        status: primary
        checked: {checked}
"""
DAY = "{kind: fixed, month: 5, day: 4}"


def _entry(
    id: str,
    *,
    kind: str = "day",
    rule: str = DAY,
    extra: str = "",
    source_kind: str = "organiser",
    checked: str = "2026-11",
) -> str:
    return ENTRY.format(id=id, kind=kind, rule=rule, extra=extra, source_kind=source_kind, checked=checked)


def test_new_fields_give_clear_errors(invoke: Invoke, tmp_path: Path) -> None:
    team = tmp_path / "ours.yaml"
    twice = (
        "    year_dates:\n      - {date: 2001-05-05, status: primary}\n      - {date: 2001-05-06, status: primary}\n"
    )
    week = "{kind: span, start: {month: 5, day: 4}, end: {month: 5, day: 10}}"
    team.write_text(
        "observances:\n"
        + _entry("a-day", extra="    first_observed_status: maybe\n")
        + _entry("b-day", extra=twice)
        + _entry("c-day", source_kind="blog")
        + _entry("d-day", checked="November 2026")
        + _entry(
            "e-week", kind="week", rule=week, extra="    year_dates:\n      - {date: 2001-05-05, status: primary}\n"
        )
        + _entry(
            "f-day", extra="    year_dates:\n      - {date: 2001-05-05, status: disputed, note: Sources differ.}\n"
        ),
        encoding="utf-8",
    )
    result = invoke("check", str(team))
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "in 'a-day': key first_observed_status: unknown first-year status 'maybe'" in err
    assert "use one of: verified, unverified, disputed, floor" in err
    assert "in 'b-day': key year_dates[1].date: 2001 is given twice; keep one date per year" in err
    assert (
        "in 'c-day': key sources[0].kind: unknown source kind 'blog'; use one of: instrument, official, organiser"
        in err
    )
    assert "in 'd-day': key sources[0].checked: 'November 2026' is not a month" in err
    assert "in 'e-week': key year_dates: only a day with a fixed or nth_weekday rule can have year_dates" in err
    assert "f-day" not in err


def test_sources_command_shows_each_sources_note(invoke: Invoke) -> None:
    out = " ".join(invoke("sources", "second-decade-for-people-of-african-descent").stdout.split())
    assert "note: A co-sponsoring government's release, not a UN text" in out
