"""Read rendered HTML in tests through Django's own parser (the one behind assertHTMLEqual)."""

from __future__ import annotations

from collections.abc import Iterator

from django.test.html import Element, parse_html


def parse(html: str) -> Element:
    return parse_html(html)


def elements(root: Element, name: str, **attributes: str) -> Iterator[Element]:
    """`root` and every element below it named `name` whose attributes include `attributes`
    (write `data_insee` for `data-insee`)."""
    if root.name == name and all(
        dict(root.attributes).get(key.replace("_", "-")) == value
        for key, value in attributes.items()
    ):
        yield root
    for child in root.children:
        if isinstance(child, Element):
            yield from elements(child, name, **attributes)


def attribute(element: Element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def text(element: Element) -> str:
    parts = [child if isinstance(child, str) else text(child) for child in element.children]
    return " ".join(part for part in parts if part).strip()
