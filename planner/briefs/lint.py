"""Checks on a team's own draft: jargon, readability and post length (`planner lint-message`).

Core module: the same checks a brief runs on its own messages (`planner.briefs.plain`, `planner.briefs.posts`),
applied to text the team wrote. A draft fails when it holds jargon or a post over its platform's
limit; readability is reported as advice and never fails (scores are heuristics, see
`planner.briefs.plain.LIMITS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planner.briefs.build import Messages
from planner.briefs.plain import JargonHit, Readability, find_jargon, readability
from planner.briefs.posts import PLATFORMS, Post, check, hard_to_hear, hashtags, platform


def _hard_tags(text: str) -> tuple[str, ...]:
    """Hashtags (twitter-text rules) that run lower-case English words together: #humanrightsday."""
    from planner.briefs.plain import is_word

    return tuple(t for t in hashtags(text) if hard_to_hear(t, is_word))


_SEPARATOR = re.compile(r"^\s*---\s*$")


@dataclass(frozen=True, slots=True)
class Part:
    """One checked piece of a draft: a post, or a field of a messages file."""

    label: str
    text: str
    posts: tuple[Post, ...] = ()
    jargon: tuple[JargonHit, ...] = ()
    hashtags: tuple[str, ...] = ()  # lower-case multi-word hashtags screen readers cannot read


@dataclass(frozen=True, slots=True)
class LintResult:
    """What `lint_text` or `lint_messages` found in a draft: its parts, each with posts counted and
    jargon, and the readability of the whole.
    """

    source: str
    parts: tuple[Part, ...]
    readability: Readability

    @property
    def jargon(self) -> tuple[JargonHit, ...]:
        """Every jargon hit in every part."""
        return tuple(h for p in self.parts for h in p.jargon)

    @property
    def over(self) -> tuple[Post, ...]:
        """Every post over its platform's limit."""
        return tuple(post for p in self.parts for post in p.posts if post.over)

    @property
    def hashtags(self) -> tuple[str, ...]:
        """Every all-lower-case multi-word hashtag found (#humanrightsday)."""
        return tuple(t for p in self.parts for t in p.hashtags)

    @property
    def failed(self) -> bool:
        """Whether there is jargon, an over-long post or a hashtag screen readers cannot read (readability is
        advice only)."""
        return bool(self.jargon or self.over or self.hashtags)


def split_posts(text: str) -> list[tuple[int, str]]:
    """Posts separated by lines holding only `---`, each with the line it starts on (from 1)."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    start = 0
    for i in range(len(lines) + 1):
        if i == len(lines) or _SEPARATOR.match(lines[i]):
            chunk = lines[start:i]
            while chunk and not chunk[0].strip():
                chunk.pop(0)
                start += 1
            body = "\n".join(chunk).strip()
            if body:
                out.append((start + 1, body))
            start = i + 1
    return out


def lint_text(text: str, source: str, platforms: Sequence[str]) -> LintResult:
    """Check a plain-text draft: every post for every platform in `platforms`."""
    chosen = [platform(p) for p in platforms]
    parts = []
    for n, (first, body) in enumerate(split_posts(text), start=1):
        hits = tuple(replace(h, line=h.line + first - 1) for h in find_jargon(body))
        parts.append(Part(f"Post {n}", body, tuple(check(p, body, from_team=True) for p in chosen), hits,
                          _hard_tags(body)))  # fmt: skip
    bodies = "\n".join(p.text for p in parts)
    return LintResult(source, tuple(parts), readability(bodies))


def lint_messages(messages: Messages, source: str) -> LintResult:
    """Check a messages file field by field; each post for its own platform."""
    fields: list[tuple[str, str]] = []
    if messages.core_message:
        fields.append(("core message", messages.core_message))
    for i, p in enumerate(messages.pillars, start=1):
        if p.title:
            fields.append((f"pillar {i} title", p.title))
        if p.message:
            fields.append((f"pillar {i} message", p.message))
        fields += [(f"pillar {i} proof point {j}", t) for j, t in enumerate(p.proof_points, start=1)]
    fields += [(f"call to action {i}", t) for i, t in enumerate(messages.calls_to_action or (), start=1)]
    parts = [Part(label, text, (), find_jargon(text), _hard_tags(text)) for label, text in fields]
    if messages.hashtags:
        parts.append(Part("hashtags", " ".join(messages.hashtags), (), (), _hard_tags(" ".join(messages.hashtags))))
    for pl in PLATFORMS:
        if pl.id in messages.posts:
            body = messages.posts[pl.id]
            parts.append(Part(f"{pl.name} post", body, (check(pl, body, from_team=True),), find_jargon(body),
                              _hard_tags(body)))  # fmt: skip
    public = [t for label, t in fields if "proof point" not in label] + list(messages.posts.values())
    return LintResult(source, tuple(parts), readability("\n".join(public)))
