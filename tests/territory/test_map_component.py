"""The `{% commune_map %}` component: 34 communes drawn, a legend, and a table with the same data."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template

from lakou.territory.models import Commune
from tests.territory.html import attribute, elements, parse, text

pytestmark = pytest.mark.usefixtures("reference_territory")


def render_map(values: dict[str, Any], **options: Any) -> str:
    arguments = " ".join(f"{name}={name}" for name in options)
    template = Template(
        "{% load territory_maps %}{% commune_map values title=title " + arguments + " %}"
    )
    return template.render(Context({"values": values, "title": "Population", **options}))


def populations() -> dict[str, int | None]:
    return dict(Commune.objects.values_list("insee_code", "population"))


def table_values(html: str) -> dict[str, str]:
    table = next(elements(parse(html), "table"))
    return {
        attribute(row, "data-insee") or "": text(list(elements(row, "td"))[-1])
        for row in elements(table, "tr")
        if attribute(row, "data-insee")
    }


def test_it_draws_the_34_communes_each_with_a_link_and_a_title() -> None:
    root = parse(render_map(populations(), unit="habitants"))

    svg = next(elements(root, "svg", role="group"))
    links = list(elements(svg, "a"))
    assert len(links) == 34
    assert all(len(list(elements(link, "path"))) == 1 for link in links)
    fort_de_france = next(elements(svg, "a", data_insee="97209"))
    assert attribute(fort_de_france, "href") == "/territoire/communes/97209/"
    assert (
        text(next(elements(fort_de_france, "title")))
        == "Fort-de-France : 75\u00a0506\u00a0habitants"
    )


def test_the_svg_is_labelled_by_its_title_and_described() -> None:
    root = parse(render_map(populations(), map_id="carte-test"))

    svg = next(elements(root, "svg", role="group"))
    assert attribute(svg, "aria-labelledby") == "carte-test-titre"
    assert text(next(elements(svg, "title", id="carte-test-titre"))) == "Population"
    description = text(next(elements(svg, "desc", id="carte-test-desc")))
    assert "5 classes" in description


def test_its_table_gives_the_same_values_as_the_map() -> None:
    values = populations()

    rows = table_values(render_map(values))

    assert len(rows) == 34
    assert rows["97209"] == "75\u00a0506"
    assert rows["97211"] == "487"
    assert {code: int(value.replace("\u00a0", "")) for code, value in rows.items()} == values


def test_unknown_values_are_hatched_said_unknown_and_in_the_legend() -> None:
    values: dict[str, int | None] = {**populations(), "97209": None}
    del values["97213"]  # a commune missing from the values is unknown too

    html = render_map(values, map_id="carte-test")
    root = parse(html)

    rows = table_values(html)
    assert rows["97209"] == "inconnu"
    assert rows["97213"] == "inconnu"
    path = next(elements(next(elements(root, "a", data_insee="97209")), "path"))
    assert attribute(path, "fill") == "url(#carte-test-inconnu)"
    assert next(elements(root, "pattern", id="carte-test-inconnu"))
    legend = [text(item) for item in elements(next(elements(root, "ul")), "li")]
    assert legend[-1] == "donnée inconnue (2 communes)"


def test_the_legend_lists_five_classes_from_the_smallest_to_the_biggest_value() -> None:
    root = parse(render_map(populations(), unit="habitants"))

    legend = [text(item) for item in elements(next(elements(root, "ul")), "li")]
    assert len(legend) == 5
    assert legend[0].startswith("de 487 à")
    assert legend[-1].startswith("de ")
    assert "75\u00a0506" in legend[-1]


def test_with_a_scope_the_other_communes_are_dimmed_and_left_out_of_the_table() -> None:
    cacem = ["97209", "97213", "97224", "97229"]

    html = render_map(populations(), scope=cacem, outside_label="autre EPCI")
    root = parse(html)

    assert len(list(elements(root, "a", href=None))) == 0
    assert len([a for a in elements(root, "a") if attribute(a, "data-insee")]) == 34
    assert sorted(table_values(html)) == sorted(cacem)
    outside = next(elements(next(elements(root, "a", data_insee="97201")), "path"))
    assert attribute(outside, "fill") == "#d9d9d9"
    legend = [text(item) for item in elements(next(elements(root, "ul")), "li")]
    assert legend[-1] == "autre EPCI"
    assert "(1 commune)" in legend[0]


def test_all_values_unknown_still_draws_every_commune() -> None:
    html = render_map({})

    assert set(table_values(html).values()) == {"inconnu"}
    assert len(list(elements(parse(html), "path"))) == 34


def test_decimals_are_written_the_french_way() -> None:
    values = {code: 12.5 for code in populations()}

    rows = table_values(render_map(values, unit="%"))

    assert rows["97209"] == "12,5"


def test_it_renders_in_one_query(django_assert_num_queries: Any) -> None:
    values = populations()

    with django_assert_num_queries(1):
        render_map(values)
