"""Counting posts the way each platform counts them, and fitting drafts to their limits.

Core module: plain functions over strings; grapheme clusters come from the `regex` library's
`\\X` (Unicode extended grapheme clusters, kept current with Unicode), never hand-rolled.

The rules, with their sources:

- **X**: twitter-text's weighted length with its v3 configuration, counted by
  `twitter-text-parser` (a Python port of twitter/twitter-text that passes the official
  conformance suite; its built-in v3 configuration matches
  https://github.com/twitter/twitter-text/blob/master/config/v3.json: code points in U+0000-U+10FF,
  U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, every other weighs 2, an emoji
  sequence counts 2 as a whole, every URL, with or without `https://`, counts 23; limit 280;
  explained at https://docs.x.com/fundamentals/counting-characters).
- **Hashtags**: twitter-text's rule (a `#` or `＃`, then letters, combining marks, digits, `_` and
  a few joiners such as ZWNJ and ZWJ, with at least one letter or mark), so Hindi, Thai, Telugu
  and Persian tags are accepted. A multi-word Latin hashtag all in lower case is flagged:
  screen readers cannot tell its words apart (#HumanRightsDay, not #humanrightsday).
- **Bluesky**: 300 graphemes (`maxGraphemes` of the `app.bsky.feed.post` lexicon,
  https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json). Links
  count in full here; the Bluesky app shortens long links as you type, so a post made there may
  come out shorter.
- **Mastodon**: 500 grapheme clusters, the default of mastodon.social and most servers (servers
  may change it). Every `http(s)://` URL counts 23 and a mention `@name@server` counts only
  `@name` (Mastodon's `StatusLengthValidator`; https://docs.joinmastodon.org/user/posting/).
- **LinkedIn**: 3,000 characters; only the first lines show before "...more" (about 125
  characters, more on a wide screen), so the hook must come first.
- **Instagram**: 2,200 characters in a caption; about 125 show before "more"; links in captions
  are not clickable.

LinkedIn and Instagram publish no counting rule (their limits are as commonly reported); we count
Unicode code points, which can only over-count (an emoji made of several code points counts more
than once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from planner.hashtags import hashtags as hashtags  # re-exported for the brief and lint
from planner.hashtags import is_hashtag as is_hashtag

GRAPHEME = regex.compile(r"\X")

URL_WEIGHT = 23
_URL_SCHEME = regex.compile(r"(?i)\bhttps?://[^\s<>\"]+[^\s<>\"'.,;:!?)\]]")
_MASTODON_MENTION = regex.compile(r"(?<![\w/])(@\w+(?:[.\-]\w+)*)@[\w.-]+\w")


def graphemes(text: str) -> int:
    """User-perceived characters: `👍🏽` and `🇺🇦` count 1 each."""
    return len(GRAPHEME.findall(text))


# A link needs a dot followed by a letter or digit ("un.org", "https://t.co"); text without one
# holds no link. ASCII text without a link holds no emoji either, so every character weighs 1.
_MAY_LINK = regex.compile(r"[.．。｡]\w")


def _twitter_text() -> Any:
    """The twitter-text-parser package, imported on first need: its emoji table takes a few tenths
    of a second to build. Its use of the old `pkg_resources` API warns on recent setuptools."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", UserWarning)
        import twitter_text
    return twitter_text


def urls(text: str) -> list[str]:
    """The URLs X would link, with or without a scheme (twitter-text's extractor)."""
    if not _MAY_LINK.search(text):
        return []
    return list(_twitter_text().extract_urls(text))


def x_length(text: str) -> int:
    """X's weighted length (twitter-text v3, see the module docstring).

    ASCII text without a link is counted directly (each character 1, a CRLF line break 1, as
    twitter-text counts them; tests/test_posts.py checks this against the library); anything
    else is counted by twitter-text-parser."""
    if text.isascii() and not _MAY_LINK.search(text):
        return len(text.replace("\r\n", "\n"))
    return int(_twitter_text().parse_tweet(text).weightedLength)


def hard_to_hear(tag: str, is_word: Callable[[str], bool]) -> bool:
    """True for a Latin hashtag in lower case that runs two or more words together (#humanrightsday):
    screen readers read it as one long word. `is_word` says whether a lower-case string is a word."""
    body = tag.lstrip("#＃")
    if not body.isascii() or not body.isalpha() or body != body.lower() or is_word(body):
        return False
    n = len(body)
    ends = [False] * (n + 1)  # ends[i]: body[:i] splits into words of 2 letters or more
    ends[0] = True
    for i in range(2, n + 1):
        ends[i] = any(ends[j] and is_word(body[j:i]) for j in range(max(0, i - 20), i - 1))
    return ends[n]


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, with every URL as 23 and `@name@server` as `@name`."""
    text = _URL_SCHEME.sub("x" * URL_WEIGHT, text)
    text = _MASTODON_MENTION.sub(r"\1", text)
    return graphemes(text)


def characters(text: str) -> int:
    """Unicode code points: an upper bound for platforms that publish no counting rule."""
    return len(text)


@dataclass(frozen=True, slots=True)
class Platform:
    """A place to post, with its limit and how it counts."""

    id: str
    name: str
    limit: int
    unit: str
    rule: str
    source: str | None  # where the counting rule is published; None when it is not
    counter: Callable[[str], int]
    preview: int | None = None
    links_clickable: bool = True


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "x", "X", 280, "weighted characters",
        "CJK characters and each emoji count 2; every link counts 23",
        "https://docs.x.com/fundamentals/counting-characters",
        x_length,
    ),
    Platform(
        "bluesky", "Bluesky", 300, "graphemes",
        "characters as you see them (an emoji counts 1); links count in full",
        "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json",
        graphemes,
    ),
    Platform(
        "mastodon", "Mastodon", 500, "characters",
        "every link counts 23; most servers allow 500",
        "https://docs.joinmastodon.org/user/posting/",
        mastodon_length,
    ),
    Platform(
        "linkedin", "LinkedIn", 3000, "characters",
        "about the first 125 characters show before \u201c...more\u201d",
        None, characters, preview=125,
    ),
    Platform(
        "instagram", "Instagram", 2200, "characters",
        "about the first 125 characters show before \u201cmore\u201d; links in captions do not work",
        None, characters, preview=125, links_clickable=False,
    ),
)  # fmt: skip
PLATFORM_IDS = tuple(p.id for p in PLATFORMS)


def platform(platform_id: str) -> Platform:
    """The platform with this id. Raises `UnknownId` for an unknown one."""
    for p in PLATFORMS:
        if p.id == platform_id:
            return p
    from planner.errors import UnknownId

    raise UnknownId("platform", platform_id, PLATFORM_IDS)


@dataclass(frozen=True, slots=True)
class Post:
    """A post for one platform, counted by that platform's rule."""

    platform: Platform
    text: str
    count: int
    warnings: tuple[str, ...] = ()
    from_team: bool = False

    @property
    def limit(self) -> int:
        """The platform's limit, in its own units (weighted characters on X, graphemes elsewhere)."""
        return self.platform.limit

    @property
    def over(self) -> bool:
        """Whether the post is longer than the platform allows."""
        return self.count > self.platform.limit

    @property
    def shown(self) -> str:
        """`n/limit`, as the brief prints it."""
        return f"{self.count}/{self.platform.limit}"


def _first_sentence(text: str) -> str:
    first_line = text.strip().split("\n", 1)[0]
    m = regex.search(r"[.!?](?:\s|$)", first_line)
    return first_line[: m.end()].strip() if m else first_line.strip()


def check(p: Platform, text: str, *, from_team: bool = False) -> Post:
    """Count `text` for platform `p` and say what is wrong with it, in words a team can act on."""
    count = p.counter(text)
    warnings: list[str] = []
    if count > p.limit:
        warnings.append(f"over the {p.name} limit by {count - p.limit}; shorten it")
    if p.preview is not None:
        hook = _first_sentence(text)
        if characters(hook) > p.preview:
            warnings.append(
                f"the first sentence is {characters(hook)} characters; only about {p.preview} show before "
                "\u201cmore\u201d, so put the key point first"
            )
    if not p.links_clickable and urls(text):
        warnings.append(f"links in {p.name} captions are not clickable; say \u201clink in bio\u201d instead")
    return Post(p, text, count, tuple(warnings), from_team)


def fit(p: Platform, drafts: Sequence[str], *, reserve: int = 0) -> Post:
    """The first draft that fits within the limit minus `reserve`, else the last (shortest) one."""
    if not drafts:
        raise ValueError("fit() needs at least one draft")
    for text in drafts:
        if p.counter(text) <= p.limit - reserve:
            return check(p, text)
    return check(p, drafts[-1])
