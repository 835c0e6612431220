from __future__ import annotations

from lakou.core.reference import reference_loaders


def test_each_app_brings_its_reference_data_in_the_order_they_depend_on() -> None:
    # The questionnaires name DigComp competences and ROME codes; everything names communes.
    assert [loader.name for loader in reference_loaders()] == ["territory", "skills", "diagnostics"]
