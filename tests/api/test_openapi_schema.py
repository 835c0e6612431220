"""The OpenAPI document tells every answer an operation gives and the values a parameter takes."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from django.test import Client

from lakou.diagnostics.api import audits as api_audits
from lakou.diagnostics.services.needs import GROUPINGS
from lakou.training.api import enrolment as api_enrolment
from lakou.training.api import followup as api_followup
from lakou.training.models import EMPLOYED_SITUATIONS, Situation
from lakou.training.services.enrolment import ACTIONS
from lakou.training.services.followup import ListFilter

ERROR = {"$ref": "#/components/schemas/ErrorOut"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationErrorOut"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    document: dict[str, Any] = Client().get("/api/v1/openapi.json").json()
    return document


def operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def body_of(operation: dict[str, Any], status: str) -> Any:
    return operation["responses"][status]["content"]["application/json"]["schema"]


def parameter(operation: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p["schema"] for p in operation["parameters"] if p["name"] == name)


def test_every_operation_documents_its_error_answers_with_their_bodies(
    schema: dict[str, Any],
) -> None:
    for name, operation in operations(schema):
        responses = operation["responses"]
        assert body_of(operation, "500") == ERROR, name
        if operation.get("security") and {} not in operation["security"]:
            assert body_of(operation, "401") == ERROR, name
        if operation.get("parameters") or operation.get("requestBody"):
            assert body_of(operation, "422") == VALIDATION_ERROR, name
        if "{" in name:
            assert body_of(operation, "404") == ERROR, name
        if operation.get("requestBody"):
            assert "400" in responses, name


def test_the_answers_that_depend_on_the_rules_are_declared(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    decision = paths["/api/v1/formations/inscriptions/{pk}/decision"]["post"]
    assert {"403", "409"} <= set(decision["responses"])
    assert "403" in paths["/api/v1/formations/suivis"]["get"]["responses"]
    assert "409" in paths["/api/v1/formations/sessions/{pk}/inscriptions"]["post"]["responses"]


def test_the_campaign_push_400_says_it_carries_errors_per_question(schema: dict[str, Any]) -> None:
    push = schema["paths"]["/api/v1/diagnostic/campagnes/{campaign_id}/reponses"]["post"]
    branches = body_of(push, "400")["anyOf"]
    refused = schema["components"]["schemas"][branches[0]["$ref"].rsplit("/", 1)[1]]
    assert refused["required"] == ["detail", "errors"]
    assert branches[1] == ERROR


def test_enumerations_and_patterns_are_in_the_schema(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    needs = paths["/api/v1/diagnostic/besoins"]["get"]
    assert parameter(needs, "grouping")["enum"] == list(GROUPINGS)
    assert parameter(needs, "period")["pattern"] == r"^(20[0-9]{2}|2100)(-Q[1-4])?$"
    follow_ups = paths["/api/v1/formations/suivis"]["get"]
    assert parameter(follow_ups, "state")["anyOf"][0]["enum"] == list(ListFilter.ALL)
    indicator = paths["/api/v1/formations/indicateurs/{indicator_id}"]["get"]
    assert "pattern" in parameter(indicator, "period")
    assert parameter(indicator, "indicator_id")["enum"] == [
        "people-certified",
        "employment-6-months",
    ]
    decision = paths["/api/v1/formations/inscriptions/{pk}/decision"]["post"]
    branches = decision["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    actions = {branches[0]["properties"]["action"]["const"]}
    actions |= set(branches[1]["properties"]["action"]["enum"])
    assert actions == set(ACTIONS)


def test_the_optional_token_is_said_to_be_optional(schema: dict[str, Any]) -> None:
    indicator = schema["paths"]["/api/v1/formations/indicateurs/{indicator_id}"]["get"]
    assert indicator["security"] == [{"TokenAuth": []}, {}]
    assert "401" not in indicator["responses"]


def test_the_api_enumerations_agree_with_the_services() -> None:
    assert set(typing.get_args(api_audits.Grouping)) == set(GROUPINGS)
    assert {"refuse", *typing.get_args(api_enrolment.OtherAction)} == set(ACTIONS)
    assert typing.get_args(api_followup.ListState) == ListFilter.ALL
    employed = set(typing.get_args(api_followup.Employed))
    assert employed == set(EMPLOYED_SITUATIONS)
    assert employed | set(typing.get_args(api_followup.NotEmployed)) == set(Situation.values)
