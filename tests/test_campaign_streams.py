"""Export through libyaml with the same bytes as PyYAML, and import read as a stream (issue 15)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.campaigns import files
from planner.campaigns.files import FileProblems, dump_campaigns, load_campaigns, read_campaigns
from planner.campaigns.model import Anchor, Campaign, Offset, Phase, PhaseStatus

NOW = dt.datetime(2026, 11, 21, 9, 30, 15, tzinfo=dt.UTC)


def campaign(i: int, *, name: str = "", note: str = "", owner: str = "Ana") -> Campaign:
    day = dt.date(2027, 1, 1) + dt.timedelta(days=i % 300)
    phases = tuple(
        Phase(
            key=f"step-{k}",
            name=f"Step {k}",
            offset=Offset(days=-k),
            anchor=Anchor.START,
            scheduled=day - dt.timedelta(days=k),
            owner=owner,
            note=note if k == 1 else "",
            status=PhaseStatus.DOING if k == 0 else PhaseStatus.TODO,
            duration_days=1 + k,
            big_send=k == 2,
            sequence=k,
            updated_at=NOW,
        )
        for k in range(3)
    )
    return Campaign(
        id=f"obs-{i:04d}-2027",
        observance_id=f"obs-{i:04d}",
        year=2027,
        name=name or f"Campaign {i}",
        template="standard",
        anchor=Anchor.START,
        starts=day,
        ends=day,
        phases=phases,
        created_at=NOW,
        updated_at=NOW,
        owner=owner,
        country="GB" if i % 2 else None,
    )


def reference(campaigns: list[Campaign]) -> str:
    """The export as PyYAML's own representer and emitter write it (the format before issue 15)."""
    data = {"version": 1, "campaigns": [files.campaign_record(c) for c in sorted(campaigns, key=lambda c: c.id)]}
    return files.EXPORT_HEADER + yaml.dump(data, Dumper=files._Dumper, **files._DUMP_OPTIONS)


TEXTS = [
    "",
    "plain words",
    "Board: «13 April»",
    "line one\nline two",
    "tab\there",
    "emoji 😀 and more",
    "yes",
    "null",
    "2027-01-01",
    "0123",
    "- dash",
    "# hash",
    "key: value",
    "'quoted' and \"double\"",
    "x" * 250,
    "word " * 60,
    "\u2028 separator",
    "\ufeffbom",
    "trailing space ",
    " leading space",
    "é" * 120,
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_export_has_the_same_bytes_as_pyyaml_writes(text: str) -> None:
    campaigns = [campaign(1), campaign(2, name=text or "x", note=text, owner=text), campaign(3)]
    assert dump_campaigns(campaigns) == reference(campaigns)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=160))
def test_any_text_exports_the_same_bytes_as_pyyaml_writes(text: str) -> None:
    campaigns = [campaign(1, note=text, owner=text), campaign(2)]
    assert dump_campaigns(campaigns) == reference(campaigns)


def test_an_empty_export() -> None:
    assert dump_campaigns([]) == reference([])


def test_the_pure_python_emitter_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml (PyYAML built without it) the export falls back to PyYAML's emitter."""
    campaigns = [campaign(i, note="café ☕" if i % 3 else "") for i in range(30)]
    fast = dump_campaigns(campaigns)
    monkeypatch.setattr(files, "_CDumper", files._Dumper)
    assert dump_campaigns(campaigns) == fast == reference(campaigns)


def test_import_reads_a_long_file_as_it_goes(tmp_path: Path) -> None:
    campaigns = [campaign(i, note="a\nb" if i % 7 == 0 else "") for i in range(250)]
    path = tmp_path / "campaigns.yaml"
    path.write_text(dump_campaigns(campaigns), encoding="utf-8")
    stream = read_campaigns(path)
    assert next(stream) == campaigns[0]  # before the rest of the file is read
    assert [campaigns[0], *stream] == campaigns
    assert load_campaigns(path) == campaigns


def test_hand_written_layouts_read_the_same(tmp_path: Path) -> None:
    """Indented items, flow style, anchors and aliases: the general (slower) readers."""
    campaigns = [campaign(i) for i in range(4)]
    text = dump_campaigns(campaigns)
    indented = "".join(
        ("  " + line if not line.startswith(("#", "version", "campaigns")) else line) for line in text.splitlines(True)
    )
    flow = files.EXPORT_HEADER + yaml.dump(
        {"version": 1, "campaigns": [files.campaign_record(c) for c in campaigns]},
        Dumper=files._Dumper,
        default_flow_style=True,
        sort_keys=False,
    )
    aliased = text.replace("  owner: Ana\n", "  owner: &who Ana\n", 1).replace("    owner: Ana\n", "    owner: *who\n")
    for name, body in (("indented", indented), ("flow", flow), ("aliased", aliased)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(body, encoding="utf-8")
        assert load_campaigns(path) == campaigns, name


def test_problems_keep_their_order_and_line_numbers(tmp_path: Path) -> None:
    """As when the file was read whole: the top level's problems first; a top level that is not
    right (an unknown key) means the campaigns are not read at all."""
    campaigns = [campaign(i) for i in range(3)]
    text = dump_campaigns(campaigns).replace("version: 1", "version: 2")
    text = text.replace("status: todo", "status: someday", 1)
    lines = text.splitlines()
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_campaigns(path)
    assert [p.line for p in caught.value.problems] == [
        lines.index("version: 2") + 1,
        next(i for i, line in enumerate(lines) if "someday" in line) + 1,
    ]
    path.write_text(text + "extra: 1\n", encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_campaigns(path)
    (problem,) = caught.value.problems
    assert problem.line == len(lines) + 1
    assert "unknown key 'extra'" in problem.message


def test_a_campaign_twice_is_a_problem_with_its_line(tmp_path: Path) -> None:
    text = dump_campaigns([campaign(1), campaign(2)])
    body = text.split("campaigns:\n", 1)[1]
    path = tmp_path / "twice.yaml"
    path.write_text(text + body.split("- id: obs-0002")[0], encoding="utf-8")
    with pytest.raises(FileProblems) as caught:
        load_campaigns(path)
    (problem,) = caught.value.problems
    assert "appears twice" in problem.message
    assert problem.line == len(text.splitlines()) + 1


def test_malformed_yaml_in_an_item_names_its_line(tmp_path: Path) -> None:
    text = dump_campaigns([campaign(1), campaign(2)])
    lines = text.splitlines(True)
    broken = next(i for i, line in enumerate(lines) if "name: Campaign 2" in line)
    lines[broken] = '  name: "unclosed\n'
    path = tmp_path / "broken.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(FileProblems, match="malformed YAML") as caught:
        load_campaigns(path)
    assert caught.value.problems[0].line is not None and caught.value.problems[0].line > broken


@pytest.mark.slow
def test_export_and_import_of_many_campaigns_keep_memory_flat(tmp_path: Path) -> None:
    """3,000 campaigns: the importing process stays far below what holding them all would take."""
    path = tmp_path / "many.yaml"
    path.write_text(dump_campaigns([dataclasses.replace(campaign(i), id=f"obs-{i:04d}-2027") for i in range(3000)]))
    db = f"sqlite:///{tmp_path / 'many.db'}"
    env = dict(os.environ, PLANNER_TODAY="2026-11-21")
    subprocess.run(
        [sys.executable, "-m", "planner", "--db", db, "db", "upgrade"], check=True, env=env, capture_output=True
    )
    # Measured from a small parent: a child forked from pytest would count pytest's own memory.
    measure = (
        "import os, subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
    )
    cmd = [sys.executable, "-c", measure, sys.executable, "-m", "planner", "--db", db, "import", str(path)]
    code, peak_kib = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert code == "0"
    assert int(peak_kib) < 150 * 1024
    out = tmp_path / "again.yaml"
    subprocess.run(
        [sys.executable, "-m", "planner", "--db", db, "export", "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    assert out.read_bytes() == path.read_bytes()
