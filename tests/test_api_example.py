"""The example in `planner.api`'s docstring (and so in docs/api.md) runs as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from planner import api


def test_the_documented_example_runs(tmp_path: Path) -> None:
    found = re.search(r"```python\n(.*?)```", api.__doc__ or "", re.DOTALL)
    assert found, "planner.api's docstring has an example"
    printed = io.StringIO()
    names: dict[str, object] = {"DB": str(tmp_path / "campaigns.db")}
    with contextlib.redirect_stdout(printed):
        exec(compile(found[1], "planner.api example", "exec"), names)
    lines = printed.getvalue().splitlines()
    assert "2028-11-02 International Day to End Impunity for Crimes against Journalists" in lines
    assert lines[-1].startswith("unknown observance 'world-press-day'; did you mean world-press-freedom-day")
    assert str(names["markdown"]).startswith("# ")
    moved = names["moved"]
    assert isinstance(moved, api.CampaignMove)
    assert moved.after.id == "human-rights-day-2029"
    assert next(p for p in moved.after.phases if p.key == "approvals").owner == "Sam"
