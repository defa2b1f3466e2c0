"""Counting posts the way each platform counts them, and fitting drafts to their limits.

Core module: plain functions over strings; grapheme clusters come from the `regex` library's
`\\X` (Unicode extended grapheme clusters, kept current with Unicode), never hand-rolled.

The rules, with their sources:

- **X**: the weighted length of twitter-text's v3 configuration
  (https://github.com/twitter/twitter-text/blob/master/config/v3.json, explained at
  https://docs.x.com/fundamentals/counting-characters). The text is NFC-normalised;
  code points in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, every
  other code point weighs 2 (so CJK characters count 2); each emoji, including a ZWJ sequence,
  a flag or a skin-tone variant, counts 2 as a whole; each URL counts 23 whatever its length. Limit
  280. URLs are found with or without `http(s)://` (X links `un.org` too); X's own matcher knows
  every top-level domain, ours knows the common ones, so a rare bare domain may count in full.
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

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

GRAPHEME = regex.compile(r"\X")

# twitter-text v3: code point ranges weighing 1 (scale 100, weight 100); everything else weighs 2.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
URL_WEIGHT = 23

_TLDS = (
    "com|org|net|int|edu|gov|info|io|co|me|ly|app|dev|ngo|ong|news|online|site|eu|uk|us|ca|au|"
    "nz|ie|fr|de|es|it|nl|be|ch|at|se|no|dk|fi|pt|pl|cz|gr|tr|ru|ua|in|jp|cn|kr|za|ke|ng|gh|br|"
    "mx|ar|cl"
)
# A URL with a scheme, or a bare host name ending in a known top-level domain (X links both).
_WITH_SCHEME = r"\bhttps?://[^\s<>\"]+[^\s<>\"'.,;:!?)\]]"
_PATH = r"(?:/[^\s<>\"]*[^\s<>\"'.,;:!?)\]])?"
_BARE_HOST = r"(?<![\w@./-])(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:" + _TLDS + r")\b"
_URL_ANY = regex.compile(f"(?i){_WITH_SCHEME}|{_BARE_HOST}{_PATH}")
_URL_SCHEME = regex.compile(f"(?i){_WITH_SCHEME}")
_MASTODON_MENTION = regex.compile(r"(?<![\w/])(@\w+(?:[.\-]\w+)*)@[\w.-]+\w")
_EMOJI = regex.compile(r"\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3")


def graphemes(text: str) -> int:
    """User-perceived characters: `👍🏽` and `🇺🇦` count 1 each."""
    return len(GRAPHEME.findall(text))


def urls(text: str) -> list[str]:
    """The URLs X would link, with or without a scheme."""
    return [m.group(0) for m in _URL_ANY.finditer(text)]


def _x_grapheme(cluster: str) -> int:
    if _EMOJI.search(cluster):
        return 2
    return sum(1 if any(lo <= ord(c) <= hi for lo, hi in _X_LIGHT) else 2 for c in cluster)


def x_length(text: str) -> int:
    """X's weighted length (twitter-text v3): see the module docstring for the rule."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for m in _URL_ANY.finditer(text):
        total += sum(_x_grapheme(g) for g in GRAPHEME.findall(text[pos : m.start()]))
        total += URL_WEIGHT
        pos = m.end()
    return total + sum(_x_grapheme(g) for g in GRAPHEME.findall(text[pos:]))


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
