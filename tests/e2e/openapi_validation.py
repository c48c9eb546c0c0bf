"""Validate request bodies against Discord's official OpenAPI description.

The spec is vendored unmodified in ``tests/e2e/discord-api-spec/`` (MIT; upstream commit and hash
in the README there). Two adjustments, made in memory, make real discord.py bodies validate:
``oneOf`` is treated as ``anyOf`` (the spec's unions overlap) and snowflakes may be integers as
well as strings. The spec is loaded and rewritten once per process; a validator is compiled once
per operation. A missing or unreadable spec raises :class:`SpecUnavailableError`: validation never
passes silently because there was nothing to validate against.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_DIR = Path(__file__).resolve().parent / "discord-api-spec"
SPEC_PATH = SPEC_DIR / "openapi.json"
SPEC_URI = "urn:discord-openapi"
API_PREFIX = "/api/v10"
_METHODS = ("get", "put", "post", "patch", "delete")
# Fields the spec types as integer in requests although the docs and discord.py send strings.
_STRING_OR_INTEGER = {"default_member_permissions", "permissions"}


def _relax(node: Any, key: str | None = None) -> Any:
    """Return a copy with oneOf -> anyOf and integer snowflakes allowed."""
    if isinstance(node, list):
        return [_relax(item) for item in node]
    if not isinstance(node, dict):
        return node
    if key == "properties":  # a map of property name -> schema, not a schema itself
        return {name: _relax(schema, name) for name, schema in node.items()}
    out = {("anyOf" if k == "oneOf" else k): _relax(v, k) for k, v in node.items()}
    types = out.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if out.get("format") == "snowflake" and "integer" not in types:
        out["type"] = [*(types or ["string"]), "integer"]
    if key in _STRING_OR_INTEGER and "integer" in types and "string" not in types:
        out["type"] = [*types, "string"]
    return out


class SpecUnavailableError(RuntimeError):
    """The OpenAPI description is missing, unreadable or not an OpenAPI document."""


def read_spec(path: Path) -> dict[str, Any]:
    """Read and relax an OpenAPI document; raise SpecUnavailableError saying what is wrong."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SpecUnavailableError(f"cannot read Discord's OpenAPI spec {path}: {exc}") from exc
    if not isinstance(document, dict) or not document.get("paths"):
        raise SpecUnavailableError(f"{path} is not an OpenAPI document (it has no paths)")
    return _relax(document)


@functools.cache
def load_spec() -> dict[str, Any]:
    """The vendored OpenAPI document, relaxed; raises SpecUnavailableError when it is unusable."""
    return read_spec(SPEC_PATH)


@functools.cache
def _registry() -> Registry:
    spec = load_spec()
    return Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
    )


@functools.cache
def _path_table() -> list[tuple[re.Pattern[str], str]]:
    """Path templates as regexes, most literal first (so ``@original`` beats ``{message_id}``)."""
    spec = load_spec()
    templates = sorted(spec["paths"], key=lambda p: (p.count("{"), -len(p)))
    table = []
    for template in templates:
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        table.append((re.compile(f"^{pattern}$"), template))
    return table


def find_operation(method: str, path: str) -> tuple[str, str] | None:
    """Map a concrete request to ``(path template, method)`` of a documented operation."""
    spec = load_spec()
    path = path.split("?", 1)[0]
    if path.startswith(API_PREFIX):
        path = path[len(API_PREFIX) :]
    path = path.rstrip("/") or "/"
    method = method.lower()
    for pattern, template in _path_table():
        if pattern.match(path) and method in spec["paths"][template]:
            return template, method
    return None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


@functools.cache
def _validator(template: str, method: str) -> Draft202012Validator | None:
    spec = load_spec()
    content = spec["paths"][template][method].get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    pointer = "/".join(
        [
            "#",
            "paths",
            _escape(template),
            method,
            "requestBody",
            "content",
            "application~1json",
            "schema",
        ]
    )
    return Draft202012Validator({"$ref": f"{SPEC_URI}{pointer}"}, registry=_registry())


def validate_request(method: str, path: str, body: Any) -> list[str]:
    """Validate a JSON request body against the matching operation's requestBody schema.

    ``path`` may include the ``/api/v10`` prefix and a query string. Returns violations as
    strings: an empty list when the body is valid or there is no body. A body sent to an
    operation the spec does not document, or that takes no JSON body, is itself a violation.
    Raises SpecUnavailableError when the spec is missing or unreadable.
    """
    if body is None:
        return []
    operation = find_operation(method, path)
    if operation is None:
        return [f"{method.upper()} {path}: no such operation in Discord's OpenAPI spec"]
    validator = _validator(*operation)
    if validator is None:
        return [f"{method.upper()} {operation[0]}: the spec documents no JSON body here"]
    problems = []
    for error in validator.iter_errors(body):
        detail = best_match([error])
        where = "/".join(str(p) for p in detail.absolute_path) or "<body>"
        message = detail.message if len(detail.message) <= 300 else detail.message[:300] + "..."
        problems.append(f"{method.upper()} {operation[0]}: {where}: {message}")
    return problems
