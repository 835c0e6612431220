"""`lakou indicators`: JSON and table output, the list, and French errors with a non-zero exit."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lakou.core.management.commands.indicators import Command
from tests.diagnostics.factories_audits import AuditFactory, RegistryCompanyFactory


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def diagnosed(db: None) -> None:
    AuditFactory(company=RegistryCompanyFactory(), audited_on=dt.date(2026, 4, 2))
    RegistryCompanyFactory()


def test_it_prints_the_indicator_as_json(diagnosed: None) -> None:
    result = json.loads(
        run(
            "--indicator",
            "companies-diagnosed",
            "--period",
            "2026",
            "--territory",
            "97209",
            "--format",
            "json",
        )
    )
    assert result["numerator"] == 1
    assert result["denominator"] == 2
    assert result["rate"] == 0.5
    assert result["territory_label"] == "Fort-de-France"


def test_it_prints_a_table(diagnosed: None) -> None:
    output = run("--indicator", "companies-diagnosed", "--period", "2026-Q2")
    assert "percentage" in output
    assert "50.0" in output


def test_it_lists_the_indicators(db: None) -> None:
    assert "companies-diagnosed\tEntreprises diagnostiquées" in run("--list")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "nope", "--period", "2026"], "Indicateur inconnu"),
        (["--indicator", "companies-diagnosed", "--period", "2026-Q7"], "Période invalide"),
        (
            ["--indicator", "companies-diagnosed", "--period", "2026", "--territory", "97999"],
            "Aucune commune",
        ),
        (["--period", "2026"], "Donnez un indicateur"),
        (["--indicator", "companies-diagnosed"], "Donnez une période"),
    ],
)
def test_it_refuses_bad_input_in_french(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_bad_period_exits_with_a_non_zero_status(db: None) -> None:
    command = Command(stdout=StringIO(), stderr=StringIO())
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(
            ["lakou", "indicators", "--indicator", "companies-diagnosed", "--period", "x"]
        )
    assert exit_info.value.code != 0
    assert "Période invalide" in command.stderr._out.getvalue()  # type: ignore[attr-defined]
