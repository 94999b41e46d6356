"""A small JSON-schema-like validator over located YAML values (see yamlnodes), reporting the line.

A schema is a dict: {"type": "object"|"array"|"string"|"integer"|"boolean"|"number", ...} with
`properties`, `required`, `additional` (objects), `items`, `min_items` (arrays), `enum`, `pattern`,
`max_length`, `min_length` (strings), `minimum` (integers). Only what our formats need.
"""

from __future__ import annotations

import re
from typing import Any

from .yamlnodes import LDict, LList, LoadError

Schema = dict[str, Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "number": (int, float),
}


def _type_ok(value: Any, expected: str) -> bool:
    if expected in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[expected])


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def validate(value: Any, schema: Schema, *, source: str, path: str, line: int) -> None:
    """Raise LoadError for the first place where `value` does not match `schema`."""
    expected = schema["type"]
    if isinstance(expected, list):
        # A union of scalar types (CISO files write some numbers unquoted); check the matching one.
        matching = [t for t in expected if _type_ok(value, t)]
        if not matching:
            labels = " or ".join(expected_label(t) for t in expected)
            raise LoadError(f"{path} must be {labels}, not {_type_name(value)}", source=source, line=line)
        expected = matching[0]
    if not _type_ok(value, expected):
        raise LoadError(
            f"{path} must be {expected_label(expected)}, not {_type_name(value)}", source=source, line=line
        )
    if expected == "object":
        _validate_object(value, schema, source=source, path=path)
    elif expected == "array":
        _validate_array(value, schema, source=source, path=path)
    elif expected == "string":
        _validate_string(value, schema, source=source, path=path, line=line)
    elif expected == "integer" and "minimum" in schema and value < schema["minimum"]:
        raise LoadError(f"{path} must be at least {schema['minimum']}", source=source, line=line)


def expected_label(expected: str) -> str:
    return {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "integer": "a whole number",
        "boolean": "true or false",
        "number": "a number",
    }[expected]


def _validate_object(value: LDict, schema: Schema, *, source: str, path: str) -> None:
    props: dict[str, Schema] = schema.get("properties", {})
    for key in schema.get("required", ()):
        if key not in value or value[key] is None:
            raise LoadError(f"{path} is missing the required key '{key}'", source=source, line=value.line)
    if not schema.get("additional", False):
        for key in value:
            if key not in props:
                allowed = ", ".join(sorted(props))
                raise LoadError(
                    f"unknown key '{key}' in {path} (allowed: {allowed})",
                    source=source,
                    line=value.line_of(key),
                )
    for key, sub in props.items():
        if key in value and value[key] is not None:
            validate(value[key], sub, source=source, path=f"{path}.{key}", line=value.line_of(key))


def _validate_array(value: LList, schema: Schema, *, source: str, path: str) -> None:
    if len(value) < schema.get("min_items", 0):
        raise LoadError(
            f"{path} needs at least {schema['min_items']} item(s)", source=source, line=value.line
        )
    item_schema: Schema | None = schema.get("items")
    if item_schema is None:
        return
    for i, item in enumerate(value):
        validate(item, item_schema, source=source, path=f"{path}[{i + 1}]", line=value.item_lines[i])


def _validate_string(value: str, schema: Schema, *, source: str, path: str, line: int) -> None:
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(schema["enum"])
        raise LoadError(f"{path} is '{value}', expected one of: {allowed}", source=source, line=line)
    if len(value.strip()) < schema.get("min_length", 0):
        raise LoadError(f"{path} must not be empty", source=source, line=line)
    if "max_length" in schema and len(value) > schema["max_length"]:
        raise LoadError(f"{path} is longer than {schema['max_length']} characters", source=source, line=line)
    if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
        raise LoadError(f"{path} '{value}' is not well formed", source=source, line=line)


# --- the formats -------------------------------------------------------------------------------------------

URN_PATTERN = r"urn:[a-z0-9][a-z0-9-]*(:[A-Za-z0-9._~%!$&'()*+,;=@/-]+)+"
REF_PATTERN = r"[A-Za-z0-9][A-Za-z0-9.\-]*"


def text(max_length: int = 2000, *, min_length: int = 1) -> Schema:
    return {"type": "string", "max_length": max_length, "min_length": min_length}


def optional_text(max_length: int = 5000) -> Schema:
    return {"type": "string", "max_length": max_length}


_ITEM_ID: Schema = {
    "type": ["string", "integer"],
    "pattern": r"[A-Za-z0-9][A-Za-z0-9_.\-]*",
    "max_length": 40,
}

_REQUIREMENT: Schema = {
    "type": "object",
    "required": ["text"],
    "properties": {"id": _ITEM_ID, "text": text(), "text_zh": optional_text()},
}
_DOC_INFO: Schema = {
    "type": "object",
    "required": ["kind", "title"],
    "properties": {
        "id": _ITEM_ID,
        "kind": {"type": "string", "enum": ["D", "R", "DR"]},
        "title": text(500),
        "title_zh": optional_text(500),
        "description": optional_text(),
        "description_zh": optional_text(),
    },
}
_QUESTION: Schema = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "id": _ITEM_ID,
        "text": text(),
        "text_zh": optional_text(),
        "requirement": _ITEM_ID,
    },
}
_EVIDENCE: Schema = {
    "type": "object",
    "required": ["text"],
    "properties": {"id": _ITEM_ID, "text": text(), "text_zh": optional_text()},
}


def _clause_schema() -> Schema:
    clause: Schema = {
        "type": "object",
        "required": ["ref", "title"],
        "properties": {
            "ref": {"type": "string", "pattern": REF_PATTERN, "max_length": 50},
            "title": text(500),
            "title_zh": optional_text(500),
            "summary": optional_text(),
            "summary_zh": optional_text(),
            "assessable": {"type": "boolean"},
            "requirements": {"type": "array", "items": _REQUIREMENT},
            "documented_info": {"type": "array", "items": _DOC_INFO},
            "questions": {"type": "array", "items": _QUESTION},
            "evidence": {"type": "array", "items": _EVIDENCE},
        },
    }
    # The tree is recursive: a clause's `clauses` hold clauses of the same shape.
    clause["properties"]["clauses"] = {"type": "array", "items": clause}
    return clause


LIBRARY_SCHEMA: Schema = {
    "type": "object",
    "required": ["format", "urn", "ref", "version", "name", "clauses"],
    "properties": {
        "format": {"type": "string", "enum": ["itsms-library"]},
        "format_version": {"type": "integer", "minimum": 1},
        "urn": {"type": "string", "pattern": URN_PATTERN, "max_length": 200},
        "ref": text(100),
        "version": {"type": "integer", "minimum": 1},
        "name": text(300),
        "name_zh": optional_text(300),
        "locale": {"type": "string", "pattern": r"[a-z]{2}(-[A-Za-z]+)?"},
        "provider": optional_text(200),
        "certifiable": {"type": "boolean"},
        "description": optional_text(),
        "description_zh": optional_text(),
        "clauses": {"type": "array", "min_items": 1, "items": _clause_schema()},
    },
}

MAPPING_SCHEMA: Schema = {
    "type": "object",
    "required": ["format", "urn", "version", "source", "target", "links"],
    "properties": {
        "format": {"type": "string", "enum": ["itsms-mapping"]},
        "format_version": {"type": "integer", "minimum": 1},
        "urn": {"type": "string", "pattern": URN_PATTERN, "max_length": 200},
        "version": {"type": "integer", "minimum": 1},
        "name": optional_text(300),
        "name_zh": optional_text(300),
        "description": optional_text(),
        "source": {"type": "string", "pattern": URN_PATTERN},
        "target": {"type": "string", "pattern": URN_PATTERN},
        "links": {
            "type": "array",
            "min_items": 1,
            "items": {
                "type": "object",
                "required": ["source", "target", "relationship"],
                "properties": {
                    "source": {"type": "string", "pattern": REF_PATTERN},
                    "target": {"type": "string", "pattern": REF_PATTERN},
                    "relationship": {
                        "type": "string",
                        "enum": ["equal", "subset", "superset", "intersect", "related"],
                    },
                    "note": optional_text(),
                },
            },
        },
    },
}

_TRANSLATIONS: Schema = {"type": "object", "additional": True}

CISO_SCHEMA: Schema = {
    "type": "object",
    "additional": True,
    "required": ["urn", "locale", "ref_id", "name", "version", "objects"],
    "properties": {
        "urn": {"type": "string", "min_length": 1, "max_length": 200},
        "locale": {"type": "string", "min_length": 2},
        "ref_id": {"type": ["string", "integer", "number"]},
        "name": text(300),
        "description": optional_text(20000),
        "version": {"type": "integer", "minimum": 1},
        "provider": optional_text(200),
        "translations": _TRANSLATIONS,
        "objects": {
            "type": "object",
            "additional": True,
            "required": ["framework"],
            "properties": {
                "framework": {
                    "type": "object",
                    "additional": True,
                    "required": ["urn", "ref_id", "name", "requirement_nodes"],
                    "properties": {
                        "urn": {"type": "string", "min_length": 1, "max_length": 200},
                        "ref_id": text(100),
                        "name": text(300),
                        "description": optional_text(20000),
                        "translations": _TRANSLATIONS,
                        "requirement_nodes": {
                            "type": "array",
                            "min_items": 1,
                            "items": {
                                "type": "object",
                                "additional": True,
                                "required": ["urn", "assessable", "depth"],
                                "properties": {
                                    "urn": {"type": "string", "min_length": 1, "max_length": 240},
                                    "parent_urn": {"type": "string"},
                                    "depth": {"type": "integer", "minimum": 1},
                                    "ref_id": {"type": ["string", "integer", "number"], "max_length": 50},
                                    "name": optional_text(500),
                                    "description": optional_text(20000),
                                    "assessable": {"type": "boolean"},
                                    "translations": _TRANSLATIONS,
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
