"""URLs of the contests and hackathons, under /partenariats/evenements/."""

from __future__ import annotations

from django.urls import URLPattern, path

from lakou.partnerships.views import events as views

urlpatterns: list[URLPattern] = [
    path("evenements/", views.event_list, name="event_list"),
    path("evenements/mes-hackathons/", views.my_events, name="event_mine"),
    path("evenements/organisation/", views.manage_list, name="event_manage_list"),
    path("actions/<int:pk>/evenement/", views.event_create, name="event_create"),
    path("evenements/<int:pk>/", views.event_detail, name="event_detail"),
    path("evenements/<int:pk>/inscription/", views.event_register, name="event_register"),
    path("evenements/<int:pk>/mon-equipe/", views.my_team, name="event_my_team"),
    path("evenements/<int:pk>/equipes/creer/", views.team_create, name="event_team_create"),
    path("evenements/<int:pk>/equipes/rejoindre/", views.team_join, name="event_team_join"),
    path("evenements/<int:pk>/equipes/modifier/", views.team_update, name="event_team_update"),
    path("evenements/<int:pk>/equipes/quitter/", views.team_leave, name="event_team_leave"),
    path("evenements/<int:pk>/projet/", views.submission_edit, name="event_submission"),
    path(
        "evenements/<int:pk>/projets/<int:submission_pk>/fichier/",
        views.submission_file,
        name="event_submission_file",
    ),
    path("evenements/<int:pk>/jury/", views.jury_home, name="event_jury"),
    path(
        "evenements/<int:pk>/jury/<int:submission_pk>/",
        views.jury_score,
        name="event_jury_score",
    ),
    path("evenements/<int:pk>/gestion/", views.event_manage, name="event_manage"),
    path("evenements/<int:pk>/gestion/criteres/", views.criterion_add, name="event_criterion_add"),
    path("evenements/<int:pk>/gestion/defis/", views.challenge_add, name="event_challenge_add"),
    path("evenements/<int:pk>/gestion/jures/", views.juror_add, name="event_juror_add"),
    path(
        "evenements/<int:pk>/gestion/jures/<int:juror_pk>/retirer/",
        views.juror_remove,
        name="event_juror_remove",
    ),
    path(
        "evenements/<int:pk>/gestion/resultats/",
        views.results_publish,
        name="event_results_publish",
    ),
]
