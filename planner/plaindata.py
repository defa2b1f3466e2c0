"""Frozen dataclasses as plain JSON and back, for planner's caches (standard library only).

No pickle: decoding builds only the classes and enums a `Codec` is given, so a forged or
damaged file can at worst fail to decode (ValueError, KeyError, TypeError), never run code.

Every JSON list is tagged by its first item: ["t", ...] a tuple, ["l", ...] a list,
["m", k, v, k, v, ...] a mapping (order kept), ["d", "YYYY-MM-DD"] a date, ["e", "Kind", "day"]
an enum member, ["c", "Observance", field values in order] a dataclass; other values are JSON's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping
from typing import Any


class Codec:
    """Encodes and decodes values made of the given dataclasses and enums (by class name)."""

    def __init__(self, classes: Iterable[type[Any]], enums: Iterable[type[enum.Enum]]) -> None:
        given = [*classes, *enums]
        if len({cls.__name__ for cls in given}) != len(given):
            raise ValueError("two classes with the same name: a cache file could not tell them apart")
        self.classes = {cls.__name__: cls for cls in given if not issubclass(cls, enum.Enum)}
        self.enums: dict[str, type[enum.Enum]] = {cls.__name__: cls for cls in given if issubclass(cls, enum.Enum)}
        self.fields = {
            name: tuple(f.name for f in dataclasses.fields(cls) if f.init) for name, cls in self.classes.items()
        }
        for cls in self.classes.values():
            if any(f.kw_only for f in dataclasses.fields(cls) if f.init):
                raise ValueError(f"{cls.__name__} has keyword-only fields: a cache file could not fill them in order")

    @property
    def shape(self) -> str:
        """The classes' fields and the enums' values: part of a cache key, so a file written for
        other code is never decoded."""
        enums = sorted((n, [str(m.value) for m in e]) for n, e in self.enums.items())
        return repr(sorted(self.fields.items())) + repr(enums)

    def to_plain(self, value: Any) -> Any:
        if isinstance(value, enum.Enum):
            name = type(value).__name__
            if self.enums.get(name) is not type(value):
                raise TypeError(f"cannot encode a {name}")
            return ["e", name, value.value]
        if value is None or isinstance(value, str | int | float | bool):
            return value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return ["d", value.isoformat()]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            name = type(value).__name__
            if self.classes.get(name) is not type(value):
                raise TypeError(f"cannot encode a {name}")
            return ["c", name, *(self.to_plain(getattr(value, f)) for f in self.fields[name])]
        if isinstance(value, tuple):
            return ["t", *(self.to_plain(v) for v in value)]
        if isinstance(value, list):
            return ["l", *(self.to_plain(v) for v in value)]
        if isinstance(value, Mapping):
            out: list[Any] = ["m"]
            for k, v in value.items():
                out += [self.to_plain(k), self.to_plain(v)]
            return out
        raise TypeError(f"cannot encode a {type(value).__name__}")

    def from_plain(self, data: Any) -> Any:
        if not isinstance(data, list):
            if data is None or isinstance(data, str | int | float | bool):
                return data
            raise ValueError("not plain data")
        tag = data[0]
        if tag == "c":
            cls = self.classes[data[1]]
            names = self.fields[data[1]]
            if len(data) - 2 != len(names):
                raise ValueError(f"{data[1]} has {len(names)} fields")
            # Positional: the fields are the class's init fields in order (no keyword-only ones,
            # checked in __init__), and a call without a keyword dict is quicker.
            return cls(*[self.from_plain(v) for v in data[2:]])
        if tag == "t":
            return tuple(self.from_plain(v) for v in data[1:])
        if tag == "m":
            items = data[1:]
            return {self.from_plain(items[i]): self.from_plain(items[i + 1]) for i in range(0, len(items), 2)}
        if tag == "e":
            return self.enums[data[1]](data[2])
        if tag == "d":
            return dt.date.fromisoformat(data[1])
        if tag == "l":
            return [self.from_plain(v) for v in data[1:]]
        raise ValueError(f"unknown tag {tag!r}")

    @classmethod
    def of_modules(cls, *modules: Any) -> Codec:
        """A codec for every dataclass and enum defined in `modules`: a class added there later is
        covered without a change here (and changes the codec's `shape`, so old cache files are
        not read)."""
        classes: list[type[Any]] = []
        enums: list[type[enum.Enum]] = []
        for module in modules:
            for value in vars(module).values():
                if not isinstance(value, type) or value.__module__ != module.__name__:
                    continue
                if issubclass(value, enum.Enum):
                    enums.append(value)
                elif dataclasses.is_dataclass(value):
                    classes.append(value)
        return cls(classes, enums)

    def encode(self, value: Any) -> bytes:
        return json.dumps(self.to_plain(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return self.from_plain(json.loads(data))
