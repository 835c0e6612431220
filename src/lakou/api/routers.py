"""The router every app uses: each operation documents the error answers it can give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ninja
from ninja.constants import NOT_SET
from ninja.signature import ViewSignature

from lakou.api.errors import ErrorOut, ValidationErrorOut

_BODY_SOURCES = {"body", "form", "file"}


def _callbacks(auth: Any) -> list[Any]:
    if auth is None or auth is NOT_SET:
        return []
    return list(auth) if isinstance(auth, list | tuple) else [auth]


def common_responses(
    path: str, view_func: Callable[..., Any], *, auth: Any, openapi_extra: dict[str, Any] | None
) -> dict[int, Any]:
    """The answers that follow from the operation's shape rather than from its own rules.

    401 when a token is required; 400 when there is a body (not JSON); 422 when there are
    parameters (ninja checks them against the schema); 404 when the path names an object;
    500 always (an unexpected error, logged).
    """
    sources = {model.__ninja_param_source__ for model in ViewSignature(path, view_func).models}
    reads_body = bool(sources & _BODY_SOURCES) or "requestBody" in (openapi_extra or {})
    callbacks = _callbacks(auth)
    answers: dict[int, Any] = {}
    if reads_body:
        answers[400] = ErrorOut
    if callbacks and not any(getattr(callback, "optional", False) for callback in callbacks):
        answers[401] = ErrorOut
    if "path" in sources:
        answers[404] = ErrorOut
    if sources or reads_body:
        answers[422] = ValidationErrorOut
    answers[500] = ErrorOut
    return answers


class Router(ninja.Router):
    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any
    ) -> None:
        response = kwargs.get("response", NOT_SET)
        assert response is not NOT_SET, f"{path}: declare the response schema"
        declared = dict(response) if isinstance(response, dict) else {200: response}
        common = common_responses(
            path, view_func, auth=kwargs.get("auth"), openapi_extra=kwargs.get("openapi_extra")
        )
        kwargs["response"] = dict(sorted((common | declared).items()))
        if any(getattr(callback, "optional", False) for callback in _callbacks(kwargs.get("auth"))):
            # An empty requirement: the operation also answers without a token.
            extra = dict(kwargs.get("openapi_extra") or {})
            extra["security"] = [*extra.get("security", []), {}]
            kwargs["openapi_extra"] = extra
        super().add_api_operation(path, methods, view_func, **kwargs)
