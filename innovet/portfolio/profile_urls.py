"""Profiles live under the organisation pages: /organisaties/<slug>/profiel/."""

from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("<slug:slug>/profiel/", views.organisation_profile, name="organisation"),
]
