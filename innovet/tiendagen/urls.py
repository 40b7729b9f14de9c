from django.urls import path

from . import views

app_name = "tiendagen"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mijn/", views.my_requests, name="my_requests"),
    path("rtc/", views.rtc_queue, name="rtc_queue"),
    path("centrum/<slug:slug>/", views.centre, name="centre"),
    path("centrum/<slug:slug>/kalender/", views.centre_calendar, name="calendar"),
    path("centrum/<slug:slug>/kalender.ics", views.centre_ics, name="calendar_ics"),
    path("centrum/<slug:slug>/beheer/", views.centre_manage, name="centre_manage"),
    path("centrum/<slug:slug>/opleiding/nieuw/", views.training_create, name="training_create"),
    path("opleiding/<int:pk>/", views.training_detail, name="training"),
    path("opleiding/<int:pk>/bewerken/", views.training_edit, name="training_edit"),
    path("opleiding/<int:pk>/aanvragen/", views.request_create, name="request_create"),
    path("wegwijs/<int:pk>/inschrijven/", views.wegwijs_register, name="wegwijs_register"),
    path("wegwijs/<int:pk>/aanwezigheden/", views.wegwijs_attendance, name="wegwijs_attendance"),
    path("aanvraag/<int:pk>/", views.request_detail, name="request_detail"),
    path("aanvraag/<int:pk>/doorsturen/", views.request_forward, name="request_forward"),
    path("aanvraag/<int:pk>/bevestigen/", views.request_confirm, name="request_confirm"),
    path("aanvraag/<int:pk>/weigeren/", views.request_decline, name="request_decline"),
    path("aanvraag/<int:pk>/intrekken/", views.request_withdraw, name="request_withdraw"),
]
