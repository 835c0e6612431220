"""Reading a JSON body by hand, after the access check, with the same answers as ninja's own."""

from __future__ import annotations

import json
from typing import Any

import pydantic
from django.http import HttpRequest
from ninja.errors import HttpError, ValidationError
from pydantic import TypeAdapter

from lakou.api.errors import body_not_json, reject_nul


def parse_body(request: HttpRequest, *, empty: Any = None) -> Any:
    """The body as JSON (`empty` when there is none); not JSON is a 400."""
    if not request.body:
        return {} if empty is None else empty
    try:
        data = json.loads(request.body)
    except ValueError as error:
        raise HttpError(400, body_not_json()) from error
    reject_nul(data, ("body",))
    return data


def validate_body[T](adapter: TypeAdapter[T], data: Any, *, form: bool = False) -> T:
    """Checks `data` against the schema; a mismatch is ninja's 422, field by field. A `form`
    has only texts, so a number may be written as one (see `lakou.api.params.DecimalNumber`)."""
    try:
        return adapter.validate_python(data, context={"form": form})
    except pydantic.ValidationError as error:
        raise ValidationError(
            [
                {"loc": ("body", *item["loc"]), "type": item["type"], "msg": item["msg"]}
                | ({"ctx": item["ctx"]} if "ctx" in item else {})
                for item in error.errors(include_url=False)
            ]
        ) from error


def read_body[T](request: HttpRequest, adapter: TypeAdapter[T]) -> T:
    return validate_body(adapter, parse_body(request))


def body_schema(adapter: TypeAdapter[Any]) -> dict[str, Any]:
    """The JSON schema of a body read by hand, self-contained for `openapi_extra`."""
    schema = adapter.json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return inline(definitions[ref.removeprefix("#/$defs/")])
            # The mapping names the inlined definitions; each branch still says its `const`.
            return {key: inline(value) for key, value in node.items() if key != "discriminator"}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    inlined: dict[str, Any] = inline(schema)
    return inlined
