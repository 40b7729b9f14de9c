from django.urls import path

from . import views

app_name = "substitution"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("aanbod/nieuw/", views.offer_create, name="offer_create"),
    path("aanbod/mijn/", views.my_offers, name="my_offers"),
    path("aanbod/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("aanbod/<int:pk>/bewerken/", views.offer_edit, name="offer_edit"),
    path("aanbod/<int:pk>/status/", views.offer_status, name="offer_status"),
    path("aanbod/<int:pk>/leerplan/", views.offer_fit, name="offer_fit"),
    path("aanvragen/", views.request_list, name="request_list"),
    path("aanvragen/nieuw/<slug:source>/<int:pk>/", views.request_create, name="request_create"),
    path("aanvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("aanvragen/<int:pk>/vragen/", views.request_propose, name="request_propose"),
    path("aanvragen/<int:pk>/antwoord/", views.request_answer, name="request_answer"),
    path("aanvragen/<int:pk>/bevestigen/", views.request_confirm, name="request_confirm"),
    path("aanvragen/<int:pk>/annuleren/", views.request_cancel, name="request_cancel"),
]
