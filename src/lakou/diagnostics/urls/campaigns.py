from __future__ import annotations

from django.urls import URLPattern, path

from lakou.diagnostics.views import campaigns as views

urlpatterns: list[URLPattern] = [
    path("campagnes/", views.campaign_list, name="campaign_list"),
    path("campagnes/nouvelle", views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campagnes/<int:pk>/modifier", views.campaign_edit, name="campaign_edit"),
    path("campagnes/<int:pk>/ouvrir", views.campaign_open, name="campaign_open"),
    path("campagnes/<int:pk>/clore", views.campaign_close, name="campaign_close"),
    path("campagnes/<int:pk>/inviter", views.campaign_invite, name="campaign_invite"),
    path("campagnes/<int:pk>/relancer", views.campaign_remind, name="campaign_remind"),
    path("campagnes/<int:pk>/affiche.pdf", views.campaign_poster, name="campaign_poster"),
    path("r/<str:short_code>", views.campaign_short, name="campaign_short"),
    path("r/<str:short_code>/commencer", views.respond_start, name="respond_start"),
    path("reprendre/<str:token>", views.respond_resume, name="respond_resume"),
    path("reponses/<int:pk>/etape/<int:step>", views.respond_step, name="respond_step"),
    path("reponses/<int:pk>/plus-tard", views.respond_later, name="respond_later"),
    path("reponses/<int:pk>/relecture", views.respond_review, name="respond_review"),
    path("reponses/<int:pk>/envoyer", views.respond_submit, name="respond_submit"),
    path("reponses/<int:pk>/merci", views.respond_thanks, name="respond_thanks"),
]
