"""The one pagination of the API: numbered pages with bounds, and the same envelope everywhere."""

from __future__ import annotations

import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase, paginate

from lakou.core import microcache

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100


def _same(row: Any) -> Any:
    return row


@dataclass(frozen=True)
class Rows:
    """What a list operation returns: its rows, how one row becomes its output, and the total.

    `counted` is the query to count when the rows carry costly annotations the count needs not.
    """

    rows: QuerySet[Any] | Sequence[Any]
    convert: Callable[[Any], Any] = _same
    counted: QuerySet[Any] | None = None

    def count(self) -> int:
        counted = self.counted if self.counted is not None else self.rows
        return counted.count() if isinstance(counted, QuerySet) else len(counted)

    def page(self, start: int, stop: int) -> list[Any]:
        return [self.convert(row) for row in self.rows[start:stop]]


@dataclass(frozen=True)
class RememberedRows(Rows):
    """Rows whose count and pages are kept a few seconds (core.microcache) under `key`, for a
    public list that everybody reads the same way; `family` is forgotten when its rows change."""

    family: str = ""
    key: str = ""

    def count(self) -> int:
        return microcache.remember(self.family, f"{self.key}:count", super().count)

    def page(self, start: int, stop: int) -> list[Any]:
        return microcache.remember(
            self.family, f"{self.key}:{start}:{stop}", lambda: Rows.page(self, start, stop)
        )


class Pagination(PaginationBase):
    """`page` from 1 to 1,000,000 and `page_size` up to 100; a page past the end is empty."""

    class Input(Schema):
        page: int = Field(
            1,
            ge=1,
            le=MAX_PAGE,
            description="Numéro de la page, de 1 à 1 000 000 ; après la dernière, la page est vide",
        )
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description="Lignes par page, 100 au plus (sans ce paramètre : la taille de la liste)",
        )

    class Output(Schema):
        count: int = Field(description="Nombre total de lignes, toutes pages comprises")
        page: int = Field(description="Numéro de cette page")
        pages: int = Field(description="Nombre de pages (au moins 1, même pour une liste vide)")
        page_size: int = Field(description="Lignes par page")
        results: list[Any]

    items_attribute = "results"

    def __init__(self, *, page_size: int = 50, **kwargs: Any) -> None:
        assert 1 <= page_size <= MAX_PAGE_SIZE
        self.page_size = page_size
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        rows = queryset if isinstance(queryset, Rows) else Rows(queryset)
        size = pagination.page_size or self.page_size
        count = rows.count()
        start = (pagination.page - 1) * size
        return {
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // size)),
            "page_size": size,
            "results": rows.page(start, start + size),
        }


F = TypeVar("F", bound=Callable[..., Any])


def paginated(*, page_size: int) -> Callable[[F], F]:
    """`@paginate(Pagination, page_size=…)`, for a view whose annotations are strings.

    Ninja's wrapper reads the annotations in its own module; they are resolved here first.
    """

    def decorate(view: F) -> F:
        view.__annotations__ = typing.get_type_hints(view, include_extras=True)
        wrapped: F = paginate(Pagination, page_size=page_size)(view)
        return wrapped

    return decorate
