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


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _build(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, source: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        result = LDict()
        result.line = _line(node)
        result.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError("merge keys (<<) are not supported", source=source, line=_line(key_node))
            key = _build(key_node, constructor, source)
            if not isinstance(key, str | int):
                raise LoadError("a key must be text", source=source, line=_line(key_node))
            key = str(key)
            if key in result:
                raise LoadError(f"duplicate key '{key}'", source=source, line=_line(key_node))
            result[key] = _build(value_node, constructor, source)
            result.key_lines[key] = _line(key_node)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LList(_build(n, constructor, source) for n in node.value)
        items.line = _line(node)
        items.item_lines = [_line(n) for n in node.value]
        return items
    return constructor.construct_object(node, deep=True)


def read_yaml(text: str, source: str) -> Any:
    """Parse one YAML document into LDict/LList/scalars; malformed YAML raises LoadError with its line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise LoadError("the file is empty", source=source, line=1)
        return _build(node, loader, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        reason = f"malformed YAML: {exc.problem or exc.context or 'syntax error'}"
        raise LoadError(reason, source=source, line=line) from exc
    except yaml.YAMLError as exc:
        raise LoadError(f"malformed YAML: {exc}", source=source) from exc
    finally:
        loader.dispose()
