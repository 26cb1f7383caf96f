"""A docs page rendered on the server from the API's own OpenAPI document.

Ninja's Swagger and Redoc pages load their scripts from a CDN unless ninja is
an installed app, and even then they run scripts in the browser. The portal
runs in closed networks under a strict Content Security Policy, so this page
is plain HTML with the portal's own stylesheet: no script, no address outside
the portal.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

_METHODS = ("get", "post", "put", "patch", "delete")
# OpenAPI descriptions are CommonMark; ours use only code spans (`limit`).
_CODE_SPAN = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class SchemaField:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Component:
    name: str
    fields: list[SchemaField]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[tuple[str, str]]  # (status, what it carries)


class ServerRenderedDocs(DocsBase):
    template = "api/docs.html"

    def render_page(
        self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any
    ) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        context = {
            "title": schema["info"]["title"],
            "version": schema["info"]["version"],
            "description": markdown_text(schema["info"].get("description", "")),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "operations": operations_of(schema),
            "components": components_of(schema),
        }
        return render(request, self.template, context)


def operations_of(schema: dict[str, Any]) -> list[Operation]:
    """List the operations of an OpenAPI document in the order it gives them."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                found.append(_operation(method, path, item[method]))
    return found


def components_of(schema: dict[str, Any]) -> list[Component]:
    """List the object shapes that answers use, with their fields."""
    shapes = schema.get("components", {}).get("schemas", {})
    used = _referenced(schema.get("paths", {}), shapes)
    return [_component(name, shape) for name, shape in shapes.items() if name in used]


def _referenced(node: Any, shapes: dict[str, Any], found: set | None = None) -> set:
    """Return the names of the shapes NODE refers to, directly or through others."""
    found = set() if found is None else found
    if isinstance(node, list):
        for item in node:
            _referenced(item, shapes, found)
    elif isinstance(node, dict):
        name = node.get("$ref", "").rsplit("/", 1)[-1]
        if name in shapes and name not in found:
            found.add(name)
            _referenced(shapes[name], shapes, found)
        for value in node.values():
            _referenced(value, shapes, found)
    return found


def _component(name: str, shape: dict[str, Any]) -> Component:
    required = set(shape.get("required", []))
    fields = [
        SchemaField(
            name=field_name,
            type=type_label(spec),
            required=field_name in required,
            description=markdown_text(spec.get("description", "")),
        )
        for field_name, spec in shape.get("properties", {}).items()
    ]
    return Component(name=name, fields=fields)


def _operation(method: str, path: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Parameter(
            name=param["name"],
            location=param["in"],
            type=type_label(param.get("schema", {})),
            required=bool(param.get("required")),
            description=markdown_text(param.get("description", "")),
        )
        for param in spec.get("parameters", [])
    ]
    responses = [
        (status, type_label(_json_schema(answer)) or answer.get("description", ""))
        for status, answer in spec.get("responses", {}).items()
    ]
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=markdown_text(spec.get("description", "")),
        parameters=parameters,
        responses=responses,
    )


def markdown_text(text: str) -> SafeString:
    """Return TEXT as HTML: escaped, with its `code spans` as <code>.

    The page has no Markdown library; the descriptions use no other markup.
    """
    escaped = str(escape(text))
    return mark_safe(_CODE_SPAN.sub(r"<code>\1</code>", escaped))  # noqa: S308


def _json_schema(answer: dict[str, Any]) -> dict[str, Any]:
    return answer.get("content", {}).get("application/json", {}).get("schema", {})


def type_label(schema: dict[str, Any]) -> str:
    """Name the type of a JSON schema briefly: `integer`, `Vacancy`, `string | null`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(type_label(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {type_label(schema.get('items', {}))}"
    label = schema.get("format") or schema.get("type", "")
    if "enum" in schema:
        label = " | ".join(str(value) for value in schema["enum"])
    return str(label)
