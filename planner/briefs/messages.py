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

from collections.abc import Container, Sequence
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from planner.briefs.build import MAX_PILLARS, Messages, PillarDraft
from planner.briefs.posts import PLATFORM_IDS, is_hashtag
from planner.errors import FileProblems, Problem
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
