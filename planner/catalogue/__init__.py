"""What days exist: the catalogue of observances, anniversaries and the reports'
recommendations (`model`), the date rules (`rules`), dated occurrences (`occurrences`), the YAML
loader (`load`) and its cache (`cache`).

Its public names are re-exported here and imported on first use (see `planner._exports`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner._exports import exports

if TYPE_CHECKING:
    from planner.catalogue.load import load as load
    from planner.catalogue.model import Anniversary as Anniversary
    from planner.catalogue.model import AnniversaryRule as AnniversaryRule
    from planner.catalogue.model import Catalogue as Catalogue
    from planner.catalogue.model import CitedInstrument as CitedInstrument
    from planner.catalogue.model import Feb29 as Feb29
    from planner.catalogue.model import FixedRule as FixedRule
    from planner.catalogue.model import Instrument as Instrument
    from planner.catalogue.model import Kind as Kind
    from planner.catalogue.model import Link as Link
    from planner.catalogue.model import MonthDay as MonthDay
    from planner.catalogue.model import NthWeekdayRule as NthWeekdayRule
    from planner.catalogue.model import Observance as Observance
    from planner.catalogue.model import Occurrence as Occurrence
    from planner.catalogue.model import OnceRule as OnceRule
    from planner.catalogue.model import Priority as Priority
    from planner.catalogue.model import Recommendation as Recommendation
    from planner.catalogue.model import Report as Report
    from planner.catalogue.model import Rule as Rule
    from planner.catalogue.model import Source as Source
    from planner.catalogue.model import SpanRule as SpanRule
    from planner.catalogue.model import Status as Status
    from planner.catalogue.occurrences import between as between
    from planner.catalogue.occurrences import next_occurrence as next_occurrence
    from planner.catalogue.occurrences import occurrences_of as occurrences_of
    from planner.catalogue.rules import describe as describe

__all__, __getattr__, __dir__ = exports(__name__, __file__)
