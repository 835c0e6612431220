"""URLs of the suggestions, candidates and contact pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.matching.views import suggestions as views

urlpatterns: list[URLPattern] = [
    path("propositions/", views.suggestions, name="suggestions"),
    path(
        "propositions/<slug:kind>/<int:pk>/interet/",
        views.suggestion_interest,
        name="suggestion_interest",
    ),
    path("entreprises/", views.companies_for_occupation, name="companies_for_occupation"),
    path("candidats/", views.opportunities_mine, name="opportunities_mine"),
    path("candidats/<slug:kind>/<int:pk>/", views.candidates, name="candidates"),
    path(
        "candidats/<slug:kind>/<int:pk>/contacter/<int:profile_pk>/",
        views.contact_create,
        name="contact_create",
    ),
    path("contacts/envoyes/", views.contacts_sent, name="contacts_sent"),
    path("contacts/<int:pk>/", views.contact_answer, name="contact_answer"),
]
