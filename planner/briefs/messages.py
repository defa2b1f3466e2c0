"""A team's own messages (YAML in, `briefs.Messages` out), validated as strictly as a catalogue.

Unknown keys are errors with file, line and key; recommendation ids must exist in the catalogue.
The reader is the catalogue adapter's (`planner.catalogue.load.Reader`), reused rather than copied,
so both files report problems the same way.

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

from collections.abc import Container, Sequence
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from planner.briefs.build import MAX_PILLARS, Messages, PillarDraft
from planner.briefs.posts import PLATFORM_IDS, is_hashtag
from planner.catalogue.load import Invalid, Reader, display_path, is_null
from planner.errors import PlannerError, Problem

TOP_KEYS = ("core_message", "pillars", "calls_to_action", "hashtags", "posts")
PILLAR_KEYS = ("title", "message", "proof_points", "recommendations")


class MessagesError(PlannerError):
    """A messages file could not be read. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = "the messages file has a problem" if count == 1 else f"the messages file has {count} problems"
        super().__init__("\n".join([f"{head}; fix it and run again:", *(f"  {p}" for p in self.problems)]))


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
        title=r.opt_text(p, "title", f"{key}."),
        message=r.opt_text(p, "message", f"{key}."),
        proof_points=_texts(r, p["proof_points"][1], f"{key}.proof_points") if "proof_points" in p else (),
        recommendations=recs,
    )


def parse_messages(text: str, file: str, known: Container[str] | None = None) -> Messages:
    """Read a messages document; `known` holds the valid recommendation ids (None: not checked)."""
    problems: list[Problem] = []
    r = Reader(file, problems)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct starts, as in catalogues
        line = mark.line + 1 if mark else None
        raise MessagesError([Problem(file, line, None, f"malformed YAML: {exc.problem or exc.context}; "
                                     "check indentation and quoting")]) from None  # fmt: skip
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
    name = display_path(p)
    try:
        text = p.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise MessagesError([Problem(name, None, None, "file not found; check the path")]) from None
    except IsADirectoryError:
        raise MessagesError([Problem(name, None, None, "is a folder; give a messages file (.yaml)")]) from None
    except UnicodeDecodeError as exc:
        problem = Problem(name, None, None, f"is not UTF-8 text ({exc.reason}); save it as UTF-8")
        raise MessagesError([problem]) from None
    return parse_messages(text, name, known)
