"""planner: plan human-rights campaigns around observance days and milestone anniversaries."""

__version__ = "0.1.0"
