"""A team's own messages (YAML in, `briefs.Messages` out), validated as strictly as a catalogue.

Unknown keys are errors with file, line and key; recommendation ids must exist in the catalogue.
The reader is planner's one YAML reader (`planner.yamlfile`), so every file reports problems
the same way.

```yaml
core_message: On 3 May, a free press keeps all of us informed.
pillars:                      # up to 4; pillar 1 replaces generated pillar 1, and so on
  - title: Back independent media
    message: Independent journalists help us tell fact from fiction.
    proof_points: [Our fact-checking desk answered 120 questions in 2026.]
    recommendations: [WP2011-20.2]
calls_to_action: [Share one post today.]
hashtags: ["#WorldPressFreedomDay"]
posts:                        # x, bluesky, mastodon, linkedin, instagram
  x: Our own post for X.
```
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from planner.briefs.build import MAX_PILLARS, Messages, PillarDraft
from planner.briefs.posts import PLATFORM_IDS, PLATFORMS, is_hashtag
from planner.errors import FileProblems, Problem, UsageProblem
from planner.text import UnsafeText, clean
from planner.yamlfile import Invalid, Reader, compose_text, display_path, is_null, read_text

TOP_KEYS = ("core_message", "pillars", "calls_to_action", "hashtags", "posts")
PILLAR_KEYS = ("title", "message", "proof_points", "recommendations")


class MessagesError(FileProblems):
    """A messages file could not be read (a `FileProblems`). Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("messages file", problems, "fix it and run again")


def _texts(r: Reader, node: Node, key: str) -> tuple[str, ...]:
    return tuple(t for _, t in r.texts(node, key))


def _pillar(r: Reader, node: Node, key: str, known: Container[str] | None) -> PillarDraft:
    p = r.mapping(node, key, PILLAR_KEYS, (), "pillar")
    recs: tuple[str, ...] = ()
    if "recommendations" in p:
        pairs = r.texts(p["recommendations"][1], f"{key}.recommendations")
        for rec_node, rec_id in pairs:
            if known is not None and rec_id not in known:
                r.fail(rec_node, f"{key}.recommendations", f"unknown recommendation '{rec_id}'; "
                       "use an id listed by `planner recommendations`")  # fmt: skip
        recs = tuple(rec_id for _, rec_id in pairs)
    return PillarDraft(
        title=r.opt_text(p, "title", f"{key}.", one_line=True),
        message=r.opt_text(p, "message", f"{key}."),
        proof_points=_texts(r, p["proof_points"][1], f"{key}.proof_points") if "proof_points" in p else (),
        recommendations=recs,
    )


def parse_messages(text: str, file: str, known: Container[str] | None = None) -> Messages:
    """Read a messages document; `known` holds the valid recommendation ids (None: not checked)."""
    problems: list[Problem] = []
    r = Reader(file, problems)
    root = compose_text(text, file, problems)
    if problems:
        raise MessagesError(problems)
    if root is None or is_null(root):
        return Messages()
    core: str | None = None
    pillars: tuple[PillarDraft, ...] = ()
    ctas: tuple[str, ...] | None = None
    hashtags: tuple[str, ...] | None = None
    posts: dict[str, str] = {}
    try:
        top = r.mapping(root, None, TOP_KEYS, (), "messages file")
    except Invalid:
        if not isinstance(root, MappingNode):
            raise MessagesError(problems) from None
        # An unknown key is recorded; read the known ones too, so every problem shows at once.
        top = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.value in TOP_KEYS}
    for name, (_, node) in top.items():
        try:
            if name == "core_message":
                core = r.text(node, name)
            elif name == "calls_to_action":
                ctas = _texts(r, node, name)
            elif name == "hashtags":
                hashtags = _texts(r, node, name)
                for v in hashtags:
                    if not is_hashtag(v):
                        raise r.fail(node, name, f"'{v}' is not a hashtag: start with # and use letters, digits "
                                     "or _ with no spaces or punctuation")  # fmt: skip
            elif name == "pillars":
                items = r.sequence(node, name)
                if len(items) > MAX_PILLARS:
                    count = len(items)
                    raise r.fail(items[MAX_PILLARS], name, f"a message house has 3 or 4 pillars; this file has {count}")
                drafts = []
                for i, item in enumerate(items):
                    try:
                        drafts.append(_pillar(r, item, f"pillars[{i}]", known))
                    except Invalid:
                        continue
                pillars = tuple(drafts)
            elif name == "posts":
                by_platform = r.mapping(node, name, PLATFORM_IDS, (), "posts by platform")
                posts = {k: r.text(v, f"posts.{k}") for k, (_, v) in by_platform.items()}
        except Invalid:
            continue
    if problems:
        raise MessagesError(sorted(problems, key=lambda p: p.line or 0))
    return Messages(core_message=core, pillars=pillars, calls_to_action=ctas, hashtags=hashtags, posts=posts)


def load_messages(path: str | Path, known: Container[str] | None = None) -> Messages:
    """Read a messages file (UTF-8 YAML); see `parse_messages`."""
    p = Path(path)
    problems: list[Problem] = []
    text = read_text(p, problems, "a messages file (.yaml)")
    if text is None:
        raise MessagesError(problems)
    return parse_messages(text, display_path(p), known)


# -- the same messages as form fields (the web's "Edit our messages") -----------------------------

FIELD_MAX = 10_000
"""The most characters one field may hold (a post is at most a few hundred)."""


def pillar_field(number: int, part: str) -> str:
    """The form field of pillar `number` (1-4): part is title, message, proof_points or recommendations."""
    return f"pillar{number}_{part}"


def post_field(platform_id: str) -> str:
    """The form field of the team's own post for a platform ('post_x')."""
    return f"post_{platform_id}"


MESSAGE_FIELDS: tuple[str, ...] = (
    "core_message",
    *(pillar_field(n, part) for n in range(1, MAX_PILLARS + 1) for part in PILLAR_KEYS),
    "calls_to_action",
    "hashtags",
    *(post_field(p) for p in PLATFORM_IDS),
)
"""Every field of the messages form, in the order the form shows them."""

_PLATFORM_NAMES = {p.id: p.name for p in PLATFORMS}
_PART_LABELS = {
    "title": "title",
    "message": "message",
    "proof_points": "proof points",
    "recommendations": "recommendations",
}


def field_label(name: str) -> str:
    """How the form labels a field ('Pillar 2 recommendations', 'X post'), for messages."""
    m = re.fullmatch(r"pillar(\d+)_(\w+)", name)
    if m:
        return f"Pillar {m.group(1)} {_PART_LABELS.get(m.group(2), m.group(2))}"
    if name.startswith("post_") and name[5:] in _PLATFORM_NAMES:
        return f"{_PLATFORM_NAMES[name[5:]]} post"
    return name.replace("_", " ").capitalize()


class MessageFieldsError(UsageProblem):
    """The messages form has problems: `problems` holds (field name, message) for each, so a page
    can show each next to its field; the message lists them all with the fields' labels."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = "your messages have a problem" if count == 1 else f"your messages have {count} problems"
        lines = [f"{head}; fix {'it' if count == 1 else 'them'} and save again:"]
        lines += [f"  {field_label(name)}: {message}" for name, message in self.problems]
        super().__init__("\n".join(lines))

    def by_field(self) -> dict[str, str]:
        """Field name -> its problems joined, for a form."""
        out: dict[str, str] = {}
        for name, message in self.problems:
            out[name] = f"{out[name]} {message}" if name in out else message
        return out


FieldValue = str | Sequence[str]


def _joined(value: FieldValue) -> str:
    """A field's text; a field sent several times (ticked boxes and a typed list) on separate lines."""
    return value if isinstance(value, str) else "\n".join(v for v in value if isinstance(v, str))


def _ids(text: str) -> list[str]:
    """Recommendation ids or hashtags, split at commas, semicolons, spaces and lines; each once."""
    out: list[str] = []
    for word in re.split(r"[\s,;]+", text):
        if word and word not in out:
            out.append(word)
    return out


def messages_from_fields(fields: Mapping[str, FieldValue], known: Container[str] | None = None) -> Messages:
    """The team's messages from form fields (see `MESSAGE_FIELDS`; a field left out or empty
    keeps planner's draft), checked by the same rules as a messages file: text cleaned by
    `planner.text.clean` (titles on one line), hashtags that are hashtags, recommendation ids in
    `known` (None: not checked), at most 4 pillars. Proof points and calls to action are one per
    line; recommendation ids and hashtags are separated by spaces or commas, and a field may be
    sent several times (ticked boxes). All fields empty: `Messages()` (nothing of the team's).
    Raises `MessageFieldsError` with every problem, each naming its field and the fix."""
    problems: list[tuple[str, str]] = []
    allowed = set(MESSAGE_FIELDS)
    for name in fields:
        if name not in allowed:
            m = re.fullmatch(r"pillar(\d+)_\w+", name)
            if m and int(m.group(1)) > MAX_PILLARS:
                problems.append((name, f"a message house has 3 or 4 pillars; there is no pillar {m.group(1)}"))
            else:
                close = difflib.get_close_matches(name, MESSAGE_FIELDS, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                problems.append((name, f"unknown field '{name}'; {hint}use the fields of the messages form"))

    def text(name: str, *, one_line: bool = False) -> str:
        raw = _joined(fields.get(name, ""))
        if len(raw) > FIELD_MAX:
            problems.append((name, f"is {len(raw):,} characters long; keep it under {FIELD_MAX:,}"))
            return ""
        try:
            return clean(raw, one_line=one_line).strip()
        except UnsafeText as exc:
            problems.append((name, exc.reason))
            return ""

    def lines(name: str) -> tuple[str, ...]:
        return tuple(t.strip() for t in text(name).split("\n") if t.strip())

    core = text("core_message")
    drafts: list[PillarDraft] = []
    for n in range(1, MAX_PILLARS + 1):
        recs_name = pillar_field(n, "recommendations")
        recs = _ids(text(recs_name))
        for rec_id in recs:
            if known is not None and rec_id not in known:
                close = difflib.get_close_matches(rec_id, list(known) if isinstance(known, Iterable) else [], n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                problems.append((recs_name, f"unknown recommendation '{rec_id}'; {hint}use one of the day's linked "
                                 "recommendations or an id listed by `planner recommendations`"))  # fmt: skip
        drafts.append(
            PillarDraft(
                title=text(pillar_field(n, "title"), one_line=True) or None,
                message=text(pillar_field(n, "message")) or None,
                proof_points=lines(pillar_field(n, "proof_points")),
                recommendations=tuple(recs),
            )
        )
    while drafts and drafts[-1] == PillarDraft():
        drafts.pop()
    ctas = lines("calls_to_action")
    tags = _ids(text("hashtags"))
    for tag in tags:
        if not is_hashtag(tag):
            problems.append(("hashtags", f"'{tag}' is not a hashtag: start with # and use letters, digits "
                             "or _ with no spaces or punctuation"))  # fmt: skip
    posts = {p: body for p in PLATFORM_IDS if (body := text(post_field(p)))}
    if problems:
        raise MessageFieldsError(problems)
    return Messages(
        core_message=core or None,
        pillars=tuple(drafts),
        calls_to_action=ctas or None,
        hashtags=tuple(tags) or None,
        posts=posts,
    )


def message_fields(messages: Messages) -> dict[str, Any]:
    """The form's fields for `messages` (the inverse of `messages_from_fields`): text per field,
    and each pillar's recommendation ids as a list under its `recommendations` field."""
    out: dict[str, Any] = {name: "" for name in MESSAGE_FIELDS}
    for n in range(1, MAX_PILLARS + 1):
        out[pillar_field(n, "recommendations")] = []
    out["core_message"] = messages.core_message or ""
    for n, draft in enumerate(messages.pillars[:MAX_PILLARS], start=1):
        out[pillar_field(n, "title")] = draft.title or ""
        out[pillar_field(n, "message")] = draft.message or ""
        out[pillar_field(n, "proof_points")] = "\n".join(draft.proof_points)
        out[pillar_field(n, "recommendations")] = list(draft.recommendations)
    out["calls_to_action"] = "\n".join(messages.calls_to_action or ())
    out["hashtags"] = " ".join(messages.hashtags or ())
    for platform_id, body in messages.posts.items():
        out[post_field(platform_id)] = body
    return out


def is_empty(messages: Messages) -> bool:
    """True when `messages` holds nothing of the team's (every field empty)."""
    return messages == Messages()


def dump_messages(messages: Messages) -> str:
    """`messages` as a messages file (YAML, UTF-8 text) that `parse_messages` reads back to the
    same value; '' for empty messages."""
    if is_empty(messages):
        return ""
    doc: dict[str, Any] = {}
    if messages.core_message:
        doc["core_message"] = messages.core_message
    if messages.pillars:
        pillars = []
        for draft in messages.pillars:
            item: dict[str, Any] = {}
            if draft.title:
                item["title"] = draft.title
            if draft.message:
                item["message"] = draft.message
            if draft.proof_points:
                item["proof_points"] = list(draft.proof_points)
            if draft.recommendations:
                item["recommendations"] = list(draft.recommendations)
            pillars.append(item)
        doc["pillars"] = pillars
    if messages.calls_to_action is not None:
        doc["calls_to_action"] = list(messages.calls_to_action)
    if messages.hashtags is not None:
        doc["hashtags"] = list(messages.hashtags)
    if messages.posts:
        doc["posts"] = {p: messages.posts[p] for p in PLATFORM_IDS if p in messages.posts}
    return str(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100))
