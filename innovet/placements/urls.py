from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("nieuw/", views.place_create, name="place_create"),
    path("mijn-aanvragen/", views.my_applications, name="my_applications"),
    path("mijn-stageplaatsen/", views.company_places, name="company_places"),
    path("vrijgaven/", views.releases, name="releases"),
    path("hybride-leerkrachten/", views.hybrid_list, name="hybrid_list"),
    path("hybride-leerkrachten/mijn-profiel/", views.hybrid_edit, name="hybrid_edit"),
    path("hybride-leerkrachten/<int:pk>/", views.hybrid_detail, name="hybrid_detail"),
    path("aanvraag/<int:pk>/", views.application_detail, name="application_detail"),
    path("aanvraag/<int:pk>/vrijgave/", views.release, name="release"),
    path("aanvraag/<int:pk>/beslissing/", views.decide, name="decide"),
    path("aanvraag/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("aanvraag/<int:pk>/reflectie/", views.reflect, name="reflect"),
    path("aanvraag/<int:pk>/afronden/", views.complete, name="complete"),
    path("aanvraag/<int:pk>/overeenkomst.pdf", views.agreement, name="agreement"),
    path("<int:pk>/", views.place_detail, name="place_detail"),
    path("<int:pk>/bewerken/", views.place_edit, name="place_edit"),
    path("<int:pk>/status/", views.place_status, name="place_status"),
    path("<int:pk>/aanmelden/", views.apply, name="apply"),
    path("<int:pk>/kandidaten/", views.applicants, name="applicants"),
]
