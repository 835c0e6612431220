"""« de » before a name: « Audit d'Électricité Piton », never « Audit de Électricité Piton »."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from lakou.core.french import de_name


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Électricité Piton", "d'Électricité Piton"),
        ("Piton", "de Piton"),
        ("Habitat Caraïbes", "d'Habitat Caraïbes"),  # h taken as mute
        ("Anne Marie", "d'Anne Marie"),
        ("ÉCOLE DU NUMÉRIQUE", "d'ÉCOLE DU NUMÉRIQUE"),
        ("Œuvre sociale", "d'Œuvre sociale"),
        ("île aux fleurs", "d'île aux fleurs"),
        ("Yvelines Conseil", "d'Yvelines Conseil"),  # y before a consonant
        ("Yannick", "de Yannick"),  # y before a vowel
        ("3D Caraïbes", "de 3D Caraïbes"),
        ("« Kaz »", "de « Kaz »"),
        ("  Orange  ", "d'Orange"),
    ],
)
def test_de_is_elided_before_a_vowel_or_an_h(name: str, written: str) -> None:
    assert de_name(name) == written


def test_templates_write_de_with_the_de_name_filter() -> None:
    template = Template("{% load french %}Audit {{ name|de_name }}")
    assert (
        template.render(Context({"name": "Électricité Piton"})) == "Audit d&#x27;Électricité Piton"
    )
