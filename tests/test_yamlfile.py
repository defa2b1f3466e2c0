"""The one YAML reader: one error type, one line for one fault in every reader, and limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import FileProblems, Problem
from planner.yamlfile import MAX_BYTES, MAX_DEPTH, compose_file, compose_text

UNCLOSED = 'version: 1\n# a comment\ntitle: "an unclosed quote\nname: next\nmore: text\n'


def _readers() -> dict[str, Callable[[Path], object]]:
    from planner.briefs.messages import load_messages
    from planner.campaigns.files import load_campaigns, load_templates
    from planner.catalogue.load import load

    return {
        "catalogue": lambda p: load([p]),
        "campaign template": lambda p: load_templates([p], shipped=False, team_dir=p.parent / "none"),
        "campaign export": load_campaigns,
        "messages": load_messages,
    }


def test_one_fault_is_one_line_in_every_reader(tmp_path: Path, check_golden: Callable[[str, str], None]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(UNCLOSED, encoding="utf-8")
    seen: dict[str, Problem] = {}
    for what, read in _readers().items():
        with pytest.raises(FileProblems) as caught:
            read(path)
        (problem,) = caught.value.problems
        seen[what] = problem
    assert {p.line for p in seen.values()} == {3}  # where the quote opens
    assert len({p.message for p in seen.values()}) == 1
    check_golden("yaml_unclosed_quote.txt", seen["catalogue"].message + "\n")


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 492, 5000])
@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_a_clean_problem(tmp_path: Path, levels: int, style: str) -> None:
    if style == "block":
        text = "a:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(levels))
    else:
        text = "a: " + "[" * levels + "]" * levels + "\n"
    problems: list[Problem] = []
    assert compose_text(text, "deep.yaml", problems) is None
    (problem,) = problems
    assert "nested more than" in problem.message and "deep" in problem.message


def test_deep_nesting_through_every_reader(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(492)), encoding="utf-8")
    for read in _readers().values():
        with pytest.raises(FileProblems, match="nested more than"):
            read(path)


def test_nesting_within_the_limit_reads(tmp_path: Path) -> None:
    problems: list[Problem] = []
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert compose_text(text, "ok.yaml", problems) is not None and problems == []


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    problems: list[Problem] = []
    assert compose_file(path, problems, "a .yaml file") is None
    (problem,) = problems
    assert "MiB limit for a YAML file" in problem.message and problem.file.endswith("huge.yaml")


# Review of issue 10: ten lines of nested aliases stand for 9**9 items; the depth check walked
# every one of them, so `planner check bomb.yaml` hung (it never finished in 60 s).
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_is_refused_in_every_reader(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    for read in _readers().values():
        with pytest.raises(FileProblems, match=r"aliases \(\*name\) here expand to more than 100,000 items"):
            read(path)


def test_a_reused_anchor_still_reads() -> None:
    problems: list[Problem] = []
    text = "src: &s {title: T, url: https://example.org}\nlist: [*s, *s, *s, *s]\n"
    assert compose_text(text, "ok.yaml", problems) is not None and problems == []


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # Review of issue 10: pasted from Word, a non-breaking space in the indentation or after
        # a colon gave only "mapping values are not allowed here" / "could not find expected ':'".
        ("version: 1\nobservances:\n\u00a0 - id: x\n    name: y\n", 3),
        ("version: 1\nname:\u00a0Human Rights Council\nkind: event\n", 2),
    ],
)
def test_a_non_breaking_space_that_breaks_the_yaml_is_named(text: str, line: int) -> None:
    problems: list[Problem] = []
    assert compose_text(text, "word.yaml", problems) is None
    (problem,) = problems
    assert f"line {line} holds a non-breaking space (U+00A0)" in problem.message
    assert "retype it as an ordinary space" in problem.message


def test_a_syntax_error_without_odd_spaces_gets_no_space_hint() -> None:
    problems: list[Problem] = []
    compose_text(UNCLOSED, "broken.yaml", problems)
    (problem,) = problems
    assert "U+00A0" not in problem.message


def test_tab_indentation_that_breaks_the_yaml_is_named() -> None:
    # Review of issue 10: a messages file indented with tabs gave "found character that cannot
    # start any token" and nothing about tabs.
    problems: list[Problem] = []
    compose_text("core_message: x\r\npillars:\r\n\t- title: y\r\n", "m.yaml", problems)
    (problem,) = problems
    assert "line 3 is indented with a tab: YAML needs spaces" in problem.message
