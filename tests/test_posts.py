"""Counting posts as each platform counts them: tables of text and expected counts.

The X cases marked `conformance` are from twitter-text's own test suite
(conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest and its siblings).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.briefs.posts import (
    PLATFORMS,
    check,
    fit,
    graphemes,
    hard_to_hear,
    hashtags,
    is_hashtag,
    mastodon_length,
    platform,
    urls,
    x_length,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man, woman, girl, boy joined by ZWJ
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # tag sequence flag
UKRAINE = "\U0001f1fa\U0001f1e6"  # two regional indicators
WAVE_MEDIUM = "\U0001f44b\U0001f3fd"  # waving hand with a skin tone
KEYCAP_1 = "1\ufe0f\u20e3"
ROCKSTAR = "\U0001f468\u200d\U0001f3a4"  # man + ZWJ + microphone

X_CASES = [
    # (text, weighted length, why)
    ("Hi http://test.co", 26, "conformance: regular post with a URL"),
    ("http://test.co", 23, "conformance: just a URL"),
    ("A\u0301B", 2, "conformance: NFC joins A + combining accent into one character"),
    ("Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29, "conformance: emoji and skin tone"),
    (f"Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; {ENGLAND}", 34, "conformance: tag flag"),
    (FAMILY * 140, 280, "conformance: 140 ZWJ family emoji fill a post exactly"),
    ("\U0001f637" * 160, 320, "conformance: 160 emoji"),
    ("故人西辞黄鹤楼", 14, "CJK characters count 2"),
    ("the故人", 7, "Latin 1 each, CJK 2 each"),
    ("트위터", 6, "Hangul counts 2"),
    ("あいう", 6, "kana count 2"),
    (UKRAINE, 2, "a flag is one emoji"),
    (WAVE_MEDIUM, 2, "an emoji with a skin tone is one emoji"),
    (ROCKSTAR, 2, "a ZWJ sequence is one emoji"),
    (KEYCAP_1, 2, "a keycap is one emoji"),
    ("Hello, world! \U0001f44b", 16, "X's documentation example"),
    ("café", 4, "accented Latin counts 1"),
    ("\u2014 \u201cquoted\u201d", 10, "dashes and curly quotes count 1 (U+2010-201F)"),
    ("Visit un.org today", 6 + 23 + 6, "a bare domain is linked and counts 23"),
    ("See https://example.org/a/very/long/path?with=query.", 4 + 23 + 1, "trailing full stop is not part of the URL"),
    ("two links https://a.example.com/x https://b.example.org/y", 10 + 23 + 1 + 23, "every URL counts 23"),
    ("e.g. no URL here.", 17, "abbreviations are not URLs"),
    ("日本語https://example.com", 6 + 23, "a URL right after CJK text is still one link"),
    ("日本語example.com", 6 + 23, "a bare domain right after CJK text is linked"),
    ("人権デー https://www.un.org/en/observances/human-rights-day", 8 + 1 + 23, "CJK, a space and a long URL"),
    ("english text 日本語 😷 https://example.com", 46, "twitter-text's weighted-range example"),
    ("H🐱☺" + FAMILY, 7, "conformance: Latin, emoji inside and outside the BMP, a ZWJ family"),
    ("あ" * 140, 280, "140 kana fill a post exactly"),
    ("#人権 un.org/ja", 2 * 2 + 1 + 1 + 23, "a CJK hashtag and a bare URL with a path"),
]


@pytest.mark.parametrize(("text", "expected", "why"), X_CASES, ids=[c[2] for c in X_CASES])
def test_x_weighted_length(text: str, expected: int, why: str) -> None:
    assert x_length(text) == expected, why


GRAPHEME_CASES = [
    ("hello", 5),
    (FAMILY, 1),
    (UKRAINE, 1),
    (ENGLAND, 1),
    (WAVE_MEDIUM, 1),
    (KEYCAP_1, 1),
    ("e\u0301", 1),
    ("故人西辞", 4),
    (f"Hi {FAMILY}{UKRAINE}!", 6),
]


@pytest.mark.parametrize(("text", "expected"), GRAPHEME_CASES)
def test_bluesky_counts_graphemes(text: str, expected: int) -> None:
    assert graphemes(text) == expected
    assert platform("bluesky").counter(text) == expected


def test_bluesky_counts_links_in_full() -> None:
    link = "https://example.org/" + "a" * 40
    assert platform("bluesky").counter(link) == len(link)


MASTODON_CASES = [
    ("plain text", 10),
    ("read https://example.org/a/very/long/path/indeed", 5 + 23),
    ("hi @alice@mastodon.social!", len("hi @alice!")),
    ("mail me at someone@example.org", len("mail me at someone@example.org")),
    (f"{FAMILY} and {UKRAINE}", 7),
    ("un.org is not linked without a scheme", len("un.org is not linked without a scheme")),
]


@pytest.mark.parametrize(("text", "expected"), MASTODON_CASES)
def test_mastodon_counts_links_as_23_and_mentions_without_server(text: str, expected: int) -> None:
    assert mastodon_length(text) == expected


HASHTAG_CASES = [
    # (text, hashtags found, why)
    ("Join us #HumanRightsDay!", ["#HumanRightsDay"], "Latin"),
    ("आज #मानवाधिकार दिवस है", ["#मानवाधिकार"], "Hindi: Devanagari vowel signs are combining marks"),
    ("วันนี้ #สิทธิมนุษยชน ค่ะ", ["#สิทธิมนุษยชน"], "Thai: vowel and tone marks"),
    ("నేడు #మానవహక్కులు", ["#మానవహక్కులు"], "Telugu: virama and vowel signs"),
    ("امروز #حقوق‌بشر است", ["#حقوق‌بشر"], "Persian: ZWNJ inside a word"),
    ("#人権デー と #인권", ["#人権デー", "#인권"], "Japanese and Korean"),
    ("On the #16 bus", [], "all digits is not a hashtag"),
    ("#2027HumanRights and #HRD_2027", ["#2027HumanRights", "#HRD_2027"], "digits with letters, underscore"),
    ("a&#39;b and x#y", [], "an HTML entity or a # inside a word is not a hashtag"),
    ("＃全角", ["#全角"], "full-width number sign"),
]


@pytest.mark.parametrize(("text", "found", "why"), HASHTAG_CASES, ids=[c[2] for c in HASHTAG_CASES])
def test_hashtags_by_twitter_text_rules(text: str, found: list[str], why: str) -> None:
    assert hashtags(text) == found, why
    for tag in found:
        assert is_hashtag(tag), tag


@pytest.mark.parametrize("tag", ["#", "#16", "#a b", "#a-b", "HumanRights", "#a.b"])
def test_not_a_hashtag(tag: str) -> None:
    assert not is_hashtag(tag)


WORDS = {"human", "rights", "day", "press", "freedom", "peace", "we", "stand"}


@pytest.mark.parametrize(
    ("tag", "flagged"),
    [
        ("#humanrightsday", True),
        ("#pressfreedom", True),
        ("#HumanRightsDay", False),
        ("#peace", False),  # one word reads fine
        ("#IDAHOBIT", False),  # capitals: an acronym
        ("#udhr", False),  # not made of words
        ("#मानवाधिकार", False),  # no letter case in Devanagari
    ],
)
def test_lower_case_multi_word_hashtags_are_flagged(tag: str, flagged: bool) -> None:
    assert hard_to_hear(tag, WORDS.__contains__) is flagged


def test_urls_found_with_and_without_scheme() -> None:
    assert urls("Read https://example.org/x. And un.org, or www.test.co.uk/a!") == [
        "https://example.org/x",
        "un.org",
        "www.test.co.uk/a",
    ]


def test_limits_and_units_are_the_published_ones() -> None:
    limits = {p.id: p.limit for p in PLATFORMS}
    assert limits == {"x": 280, "bluesky": 300, "mastodon": 500, "linkedin": 3000, "instagram": 2200}
    assert {p.id: p.preview for p in PLATFORMS if p.preview} == {"linkedin": 125, "instagram": 125}


def test_a_post_over_the_limit_is_flagged_with_its_count() -> None:
    post = check(platform("x"), "a" * 281)
    assert post.over and post.shown == "281/280"
    assert post.warnings[0] == "over the X limit by 1; shorten it"
    exact = check(platform("x"), "a" * 280)
    assert not exact.over and exact.warnings == ()


def test_emoji_push_an_x_post_over_where_bluesky_is_fine() -> None:
    text = "\U0001f637" * 141
    assert check(platform("x"), text).over
    assert not check(platform("bluesky"), text).over


def test_linkedin_warns_when_the_hook_is_cut() -> None:
    long_hook = "This first sentence is far too long to show before the more link, " * 3 + "really.\n\nMore."
    post = check(platform("linkedin"), long_hook)
    assert not post.over
    assert any("before \u201cmore\u201d" in w for w in post.warnings)
    short = check(platform("linkedin"), "A short hook.\n\nThen the rest, as long as it needs to be. " * 3)
    assert short.warnings == ()


def test_instagram_warns_about_links() -> None:
    post = check(platform("instagram"), "Short caption. https://example.org")
    assert any("link in bio" in w for w in post.warnings)


def test_fit_takes_the_richest_draft_that_fits_and_keeps_room_for_a_link() -> None:
    x = platform("x")
    drafts = ["a" * 270, "a" * 250, "a" * 10]
    assert fit(x, drafts).text == "a" * 270
    assert fit(x, drafts, reserve=24).text == "a" * 250
    too_long = fit(x, ["a" * 400, "a" * 300])
    assert too_long.text == "a" * 300 and too_long.over


def test_unknown_platform_suggests_the_closest() -> None:
    from planner.errors import UnknownId

    with pytest.raises(UnknownId, match="did you mean mastodon"):
        platform("mastodn")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=300))
def test_the_ascii_shortcut_counts_as_twitter_text_does(text: str) -> None:
    from twitter_text import parse_tweet

    assert x_length(text) == parse_tweet(text).weightedLength


def test_the_library_counts_with_twitter_text_v3() -> None:
    """twitter-text-parser's default configuration is twitter-text's config/v3.json."""
    from twitter_text.config import config

    v3 = config["defaults"]
    assert v3 == config["version3"]
    assert (v3["max_weighted_tweet_length"], v3["scale"], v3["default_weight"], v3["transformed_url_length"]) == (
        280,
        100,
        200,
        23,
    )
    assert v3["emoji_parsing_enabled"] is True
    assert [(r["start"], r["end"], r["weight"]) for r in v3["ranges"]] == [
        (0, 4351, 100),
        (8192, 8205, 100),
        (8208, 8223, 100),
        (8242, 8247, 100),
    ]
