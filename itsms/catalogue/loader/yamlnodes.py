"""YAML read into plain values that remember their line, so every later check can name the line."""

from __future__ import annotations

from typing import Any

import yaml

# The C loader is much faster on large libraries; the pure-Python one gives the same nodes and marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LoadError(Exception):
    """A library that cannot be loaded: the file, the line (when known) and the reason."""

    def __init__(self, reason: str, *, source: str = "", line: int | None = None) -> None:
        self.reason = reason
        self.source = source
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.source or "<library>"
        if self.line is not None:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.reason}"


class LDict(dict[str, Any]):
    """A YAML mapping with the line of the mapping and of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list[Any]):
    """A YAML sequence with its line and the line of each item."""

    line: int
    item_lines: list[int]


# Limits on what one file may make us build. The composer PyYAML ships expands aliases and builds a node
# per value before anything is checked, so a few hundred bytes of nested aliases ("billion laughs") once
# took seconds and hundreds of MB; here values are built straight from the parser's events, and aliases
# and anchors are refused where they appear (a library or template never needs them).
MAX_CHARS = 20 * 1024 * 1024
MAX_VALUES = 1_000_000
MAX_DEPTH = 64


def _event_line(event: yaml.Event) -> int:
    # The parser marks every event; the stubs allow None.
    return int(event.start_mark.line) + 1 if event.start_mark is not None else 1


class _Builder:
    """LDict/LList/scalars from the parser's event stream, counting values and nesting as it goes."""

    def __init__(self, loader: Any, source: str, max_values: int) -> None:
        self.loader = loader
        self.source = source
        self.max_values = max_values
        self.count = 0

    def error(self, reason: str, event: yaml.Event) -> LoadError:
        return LoadError(reason, source=self.source, line=_event_line(event))

    def document(self) -> Any:
        self.loader.get_event()  # StreamStartEvent
        if self.loader.check_event(yaml.StreamEndEvent):
            raise LoadError("the file is empty", source=self.source, line=1)
        self.loader.get_event()  # DocumentStartEvent
        value, _tag = self.value(0)
        self.loader.get_event()  # DocumentEndEvent
        if not self.loader.check_event(yaml.StreamEndEvent):
            raise self.error("the file holds more than one YAML document", self.loader.get_event())
        return value

    def value(self, depth: int) -> tuple[Any, str]:
        event = self.loader.get_event()
        self.count += 1
        if self.count > self.max_values:
            raise self.error(f"the file holds more than {self.max_values:,} values", event)
        if isinstance(event, yaml.AliasEvent):
            raise self.error(f"aliases (*{event.anchor}) are not supported: write the value out", event)
        if event.anchor is not None:
            raise self.error(f"anchors (&{event.anchor}) are not supported: write the value out", event)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event)
        if depth >= MAX_DEPTH:
            raise self.error(f"values are nested more than {MAX_DEPTH} levels deep", event)
        if isinstance(event, yaml.SequenceStartEvent):
            items = LList()
            items.line = _event_line(event)
            items.item_lines = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                items.item_lines.append(_event_line(self.loader.peek_event()))
                items.append(self.value(depth + 1)[0])
            self.loader.get_event()
            return items, ""
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(event, depth), ""
        raise self.error("unexpected YAML content", event)  # the parser emits nothing else here

    def scalar(self, event: yaml.ScalarEvent) -> tuple[Any, str]:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:merge":  # SafeConstructor has no scalar constructor for it
            return event.value, tag
        # libyaml's marks have the same fields as PyYAML's; the stubs name only the latter.
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)  # type: ignore[arg-type]
        try:
            return self.loader.construct_object(node, deep=True), tag
        finally:
            # The constructor remembers every node it built; we never look one up again.
            self.loader.constructed_objects.pop(node, None)

    def mapping(self, event: yaml.Event, depth: int) -> LDict:
        result = LDict()
        result.line = _event_line(event)
        result.key_lines = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            key_event = self.loader.peek_event()
            key_line = _event_line(key_event)
            key, tag = self.value(depth + 1)
            if tag == "tag:yaml.org,2002:merge":
                raise LoadError("merge keys (<<) are not supported", source=self.source, line=key_line)
            if not isinstance(key, str | int):
                raise LoadError("a key must be text", source=self.source, line=key_line)
            key = str(key)
            if key in result:
                raise LoadError(f"duplicate key '{key}'", source=self.source, line=key_line)
            result[key] = self.value(depth + 1)[0]
            result.key_lines[key] = key_line
        self.loader.get_event()
        return result


def read_yaml(text: str, source: str, *, max_values: int = MAX_VALUES, max_chars: int = MAX_CHARS) -> Any:
    """Parse one YAML document into LDict/LList/scalars; malformed YAML raises LoadError with its line.

    At most `max_chars` characters and `max_values` values (scalars, mappings and sequences), nested at most
    MAX_DEPTH levels, and no anchors or aliases: each refusal names the line where it happens.
    """
    if len(text) > max_chars:
        raise LoadError(f"the file is longer than {max_chars:,} characters", source=source)
    loader = _Loader(text)
    try:
        return _Builder(loader, source, max_values).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        reason = f"malformed YAML: {exc.problem or exc.context or 'syntax error'}"
        raise LoadError(reason, source=source, line=line) from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"malformed YAML: {exc}", source=source) from exc
    finally:
        loader.dispose()
