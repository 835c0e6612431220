from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path

from lakou.config.urls import urlpatterns as site_urlpatterns
from lakou.core import views as core_views


@login_not_required
def _boom(request: object) -> None:
    raise RuntimeError("boom")


urlpatterns = [*site_urlpatterns, path("boom", _boom), path("api/v1/boom", _boom)]
handler404 = core_views.page_not_found
handler500 = core_views.server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_french_page_with_a_way_back(client: Client) -> None:
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert 'href="/"' in page
    assert 'lang="fr"' in page


def test_a_missing_address_under_the_api_answers_french_json(client: Client) -> None:
    response = client.get("/api/v1/nulle-part")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Page introuvable"}


def test_a_forbidden_page_is_french() -> None:
    request = RequestFactory().get("/organisations/")
    request.user = AnonymousUser()
    response = core_views.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_an_expired_form_says_how_to_try_again() -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/preferences/taille-du-texte", {"size": "large"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Le formulaire a expiré" in page
    assert "Forbidden" not in page


@pytest.mark.urls(__name__)
def test_a_crash_is_a_french_page_without_details() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/boom")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur du serveur" in page
    assert "boom" not in page
    assert "Traceback" not in page


@pytest.mark.urls(__name__)
def test_a_crash_under_the_api_is_french_json() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "Erreur du serveur"}
