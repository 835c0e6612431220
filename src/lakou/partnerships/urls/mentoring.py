from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import mentoring as views

urlpatterns: list[URLPattern] = [
    path("mentorat/", views.mentoring_mine, name="mentoring_mine"),
    path("mentorat/profil-mentor/", views.mentor_profile_edit, name="mentoring_mentor_profile"),
    path("mentorat/demande/", views.mentee_request_edit, name="mentoring_request"),
    path(
        "mentorat/demande/retirer/",
        views.mentee_request_withdraw_view,
        name="mentoring_request_withdraw",
    ),
    path("mentorat/suggestions/", views.mentoring_suggestions_view, name="mentoring_suggestions"),
    path(
        "mentorat/suggestions/accepter/",
        views.mentoring_suggestions_accept,
        name="mentoring_suggestions_accept",
    ),
    path("mentorat/binomes/", views.mentoring_pairs, name="mentoring_pairs"),
    path(
        "mentorat/demandes/<int:pk>/binome/",
        views.mentoring_pair_create,
        name="mentoring_pair_create",
    ),
    path("mentorat/binomes/<int:pk>/", views.mentoring_pair, name="mentoring_pair"),
    path(
        "mentorat/binomes/<int:pk>/rencontres/",
        views.mentoring_meeting_log,
        name="mentoring_meeting_log",
    ),
    path(
        "mentorat/binomes/<int:pk>/terminer/", views.mentoring_pair_end, name="mentoring_pair_end"
    ),
]
