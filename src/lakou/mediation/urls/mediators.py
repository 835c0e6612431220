"""URLs of the mediators' pages: the public application, the federation's follow-up."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
