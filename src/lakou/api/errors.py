"""The API's error bodies, always JSON and in French, and the handlers that write them."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from ninja import NinjaAPI

logger = logging.getLogger("lakou.api")


class ErrorOut(Schema):
    detail: str = Field(description="Ce qui ne va pas, en français")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(
        description="Où : `query`, `path` ou `body`, puis le nom du champ (et sa position)"
    )
    msg: str = Field(description="Le problème, en français")
    type: str = Field(description="Code stable du problème (`missing`, `less_than_equal`…)")


class ValidationErrorOut(Schema):
    detail: str = Field(description="Résumé, en français")
    errors: list[FieldErrorOut]


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error answers an operation declares, each with its body schema."""
    return {code: ValidationErrorOut if code == 422 else ErrorOut for code in codes}


class BodyNotJson(ValueError):
    """The request body is not JSON (or not UTF-8)."""


class BodyNotObject(ValueError):
    """The request body is JSON but not an object: every body of the API is one."""


class NulCharacter(ValueError):
    """A text holds U+0000, which PostgreSQL cannot store: refused everywhere, on every database."""

    def __init__(self, loc: tuple[str | int, ...]) -> None:
        super().__init__("U+0000")
        self.loc = loc


def reject_nul(value: Any, loc: tuple[str | int, ...]) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise NulCharacter(loc)
    elif isinstance(value, dict):
        for key, item in value.items():
            reject_nul(key, (*loc, str(key)))
            reject_nul(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            reject_nul(item, (*loc, index))


class JsonParser(Parser):
    """Ninja's parser, with errors of our own so that their answers can be told apart."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body)
        except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
            raise BodyNotJson(str(error)) from error
        reject_nul(data, ("body",))
        if not isinstance(data, dict):
            # Every body of the API is an object; ninja's schemas would read a list's (missing)
            # attributes and take `[null, null]` for an empty body.
            raise BodyNotObject
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            reject_nul(key, ("query", key))
            for value in values:
                reject_nul(value, ("query", key))
        return super().parse_querydict(data, list_fields, request)


def reject_nul_in_path(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A view decorator: a path parameter holding U+0000 is refused like a query one."""

    @functools.wraps(run)
    def checked(request: HttpRequest, **path: Any) -> HttpResponseBase:
        for name, value in path.items():
            if isinstance(value, str) and "\x00" in value:
                return HttpResponse(
                    json.dumps(nul_body(("path", name)), ensure_ascii=False),
                    status=422,
                    content_type="application/json; charset=utf-8",
                )
        return run(request, **path)

    return checked


def nul_body(loc: tuple[str | int, ...]) -> dict[str, Any]:
    return validation_body([{"loc": loc, "type": "string_nul", "msg": ""}])


def body_not_json() -> str:
    return _("Le corps de la requête n'est pas du JSON valide (en UTF-8).")


# Pydantic's error types, in French; `{name}` takes the value of the error's context.
_MESSAGES = {
    "missing": N_("Champ obligatoire."),
    "int_parsing": N_("Nombre entier attendu."),
    "int_type": N_("Nombre entier attendu."),
    "int_from_float": N_("Nombre entier attendu."),
    "int_parsing_size": N_("Nombre trop grand."),
    "float_parsing": N_("Nombre attendu."),
    "float_type": N_("Nombre attendu."),
    "finite_number": N_("Nombre fini attendu."),
    "decimal_parsing": N_("Nombre décimal attendu."),
    "decimal_type": N_("Nombre décimal attendu."),
    "bool_parsing": N_("Booléen attendu (true ou false)."),
    "bool_type": N_("Booléen attendu (true ou false)."),
    "string_type": N_("Texte attendu."),
    "string_unicode": N_("Texte attendu (UTF-8)."),
    "string_too_short": N_("{min_length} caractère(s) au moins."),
    "string_too_long": N_("{max_length} caractères au plus."),
    "string_pattern_mismatch": N_("Format invalide (attendu : {pattern})."),
    "greater_than": N_("Doit être supérieur à {gt}."),
    "greater_than_equal": N_("Doit être supérieur ou égal à {ge}."),
    "less_than": N_("Doit être inférieur à {lt}."),
    "less_than_equal": N_("Doit être inférieur ou égal à {le}."),
    "literal_error": N_("Valeur inconnue ; valeurs possibles : {expected}."),
    "enum": N_("Valeur inconnue ; valeurs possibles : {expected}."),
    "union_tag_invalid": N_(
        "Valeur inconnue pour {discriminator} ; valeurs possibles : {expected_tags}."
    ),
    "union_tag_not_found": N_("Champ obligatoire : {discriminator}."),
    "date_parsing": N_("Date attendue (AAAA-MM-JJ)."),
    "date_type": N_("Date attendue (AAAA-MM-JJ)."),
    "date_from_datetime_parsing": N_("Date attendue (AAAA-MM-JJ)."),
    "date_from_datetime_inexact": N_("Date sans heure attendue (AAAA-MM-JJ)."),
    "datetime_parsing": N_("Date et heure attendues (ISO 8601)."),
    "datetime_type": N_("Date et heure attendues (ISO 8601)."),
    "datetime_from_date_parsing": N_("Date et heure attendues (ISO 8601)."),
    "uuid_parsing": N_("Identifiant UUID attendu."),
    "uuid_type": N_("Identifiant UUID attendu."),
    "uuid_version": N_("Identifiant UUID attendu."),
    "dict_type": N_("Objet JSON attendu."),
    "model_type": N_("Objet JSON attendu."),
    "model_attributes_type": N_("Objet JSON attendu."),
    "list_type": N_("Liste attendue."),
    "too_short": N_("{min_length} élément(s) au moins."),
    "too_long": N_("{max_length} éléments au plus."),
    "json_invalid": N_("JSON invalide."),
    "extra_forbidden": N_("Champ inconnu."),
    "string_nul": N_("Le caractère nul (U+0000) n'est accepté dans aucun texte."),
}


# What a pattern means, for people; others are shown as they are.
_PATTERNS: dict[str, StrOrPromise] = {}


def describe_pattern(pattern: str, meaning: StrOrPromise) -> str:
    """Registers the French sentence a mismatch of `pattern` answers; returns the pattern."""
    _PATTERNS[pattern] = meaning
    return pattern


def _french(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if kind == "string_pattern_mismatch" and context.get("pattern") in _PATTERNS:
        return str(_PATTERNS[context["pattern"]])
    for key in ("expected", "expected_tags"):
        if key in context:
            # Pydantic lists choices in English: "'a', 'b' or 'c'".
            head, _sep, last = context[key].rpartition(" or ")
            context[key] = f"{head} ou {last}" if head else last
    if kind == "value_error":
        # Our own validators write French; pydantic puts "Value error, " before it.
        return str(error.get("msg", "")).removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return _("Valeur invalide.")
    try:
        return _(template).format(**context)
    except (KeyError, IndexError):
        return _("Valeur invalide.")


def validation_body(raw_errors: list[dict[str, Any]]) -> dict[str, Any]:
    items = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            "msg": _french(error),
            "type": str(error.get("type", "")),
        }
        for error in raw_errors
    ]
    where = "; ".join(
        f"{'.'.join(str(part) for part in item['loc'][1:]) or item['loc'][0]} : {item['msg']}"
        for item in items[:5]
    )
    return {"detail": _("Requête invalide — %(where)s") % {"where": where}, "errors": items}


def install_error_handlers(api: NinjaAPI) -> None:
    """Every answer ninja gives is JSON `{"detail": "…"}` in French, never an HTML page."""

    def answer(request: HttpRequest, status: int, detail: str) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    @api.exception_handler(ValidationError)
    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, validation_body(exc.errors), status=422)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, BodyNotJson):
            return answer(request, 400, body_not_json())
        if isinstance(exc.__cause__, NulCharacter):
            return api.create_response(request, nul_body(exc.__cause__.loc), status=422)
        if isinstance(exc.__cause__, BodyNotObject):
            errors = [{"loc": ("body",), "type": "dict_type", "msg": "Input should be an object"}]
            return api.create_response(request, validation_body(errors), status=422)
        if isinstance(exc, AuthenticationError):
            response = answer(
                request,
                401,
                _(
                    "Authentification requise : envoyez un jeton personnel valable dans "
                    "l'en-tête « Authorization: Bearer <jeton> »."
                ),
            )
            response["WWW-Authenticate"] = "Bearer"
            return response
        if isinstance(exc, Throttled):
            return answer(request, 429, _("Trop de requêtes ; réessayez dans un moment."))
        return answer(request, exc.status_code, exc.message)

    @api.exception_handler(NulCharacter)
    def on_nul_character(request: HttpRequest, exc: NulCharacter) -> HttpResponse:
        return api.create_response(request, nul_body(exc.loc), status=422)

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, _("Introuvable."))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403, str(exc) or _("Accès refusé."))

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Erreur interne de l'API : %s %s", request.method, request.path)
        return answer(
            request, 500, _("Erreur interne. L'incident est enregistré ; réessayez plus tard.")
        )
