"""What days exist: the catalogue of observances, anniversaries and the reports'
recommendations (`model`), the date rules (`rules`), dated occurrences (`occurrences`), the YAML
loader (`load`) and its cache (`cache`).

The names below are re-exported here and imported on first use, so importing this package
stays light (no database, template, calendar or web library is loaded by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.catalogue.load import load
    from planner.catalogue.model import (
        Anniversary,
        AnniversaryRule,
        Catalogue,
        CitedInstrument,
        Feb29,
        FixedRule,
        Instrument,
        Kind,
        Link,
        MonthDay,
        NthWeekdayRule,
        Observance,
        Occurrence,
        OnceRule,
        Priority,
        Recommendation,
        Report,
        Rule,
        Source,
        SpanRule,
        Status,
    )
    from planner.catalogue.occurrences import between, next_occurrence, occurrences_of
    from planner.catalogue.rules import describe

_HOMES = {
    "Anniversary": "model",
    "AnniversaryRule": "model",
    "Catalogue": "model",
    "CitedInstrument": "model",
    "Feb29": "model",
    "FixedRule": "model",
    "Instrument": "model",
    "Kind": "model",
    "Link": "model",
    "MonthDay": "model",
    "NthWeekdayRule": "model",
    "Observance": "model",
    "Occurrence": "model",
    "OnceRule": "model",
    "Priority": "model",
    "Recommendation": "model",
    "Report": "model",
    "Rule": "model",
    "Source": "model",
    "SpanRule": "model",
    "Status": "model",
    "between": "occurrences",
    "next_occurrence": "occurrences",
    "occurrences_of": "occurrences",
    "describe": "rules",
    "load": "load",
}

__all__ = [
    "Anniversary",
    "AnniversaryRule",
    "Catalogue",
    "CitedInstrument",
    "Feb29",
    "FixedRule",
    "Instrument",
    "Kind",
    "Link",
    "MonthDay",
    "NthWeekdayRule",
    "Observance",
    "Occurrence",
    "OnceRule",
    "Priority",
    "Recommendation",
    "Report",
    "Rule",
    "Source",
    "SpanRule",
    "Status",
    "between",
    "describe",
    "load",
    "next_occurrence",
    "occurrences_of",
]


def __getattr__(name: str) -> Any:
    """Import a re-exported name from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
