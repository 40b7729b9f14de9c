from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("mijn/", views.my_events, name="my_events"),
    path("beheer/", views.organiser_list, name="organiser_list"),
    path("nieuw/", views.event_create, name="event_create"),
    path("goedkeuringen/", views.approvals, name="approvals"),
    path("goedkeuringen/<int:pk>/", views.approval_decide, name="approval_decide"),
    path("schoolregel/<slug:slug>/", views.school_policy, name="school_policy"),
    path("ticket/<str:code>/", views.ticket, name="ticket"),
    path("ticket/<str:code>/qr.svg", views.ticket_qr, name="ticket_qr"),
    path("ticket/<str:code>/annuleren/", views.ticket_cancel, name="ticket_cancel"),
    path("sessie/<int:pk>.ics", views.session_ics, name="session_ics"),
    path("agenda/organisatie/<slug:slug>.ics", views.organiser_feed, name="organiser_feed"),
    path("agenda/provincie/<slug:slug>.ics", views.province_feed, name="province_feed"),
    path("<int:pk>/", views.event_detail, name="detail_short"),
    path("<int:pk>/inschrijven/", views.register, name="register"),
    path("<int:pk>/team/", views.register_team, name="register_team"),
    path("<int:pk>/agenda.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/bewerken/", views.event_edit, name="event_edit"),
    path("<int:pk>/programma/", views.builder, name="builder"),
    path("<int:pk>/programma/actie/", views.builder_action, name="builder_action"),
    path("<int:pk>/publiceren/", views.event_publish, name="event_publish"),
    path("<int:pk>/deelnemers/", views.participants, name="participants"),
    path("<int:pk>/deelnemers.<str:fmt>", views.participants_export, name="participants_export"),
    path("<int:pk>/inchecken/", views.checkin, name="checkin"),
    path("<int:pk>/aanwezigheden/", views.attendance, name="attendance"),
    path("<int:pk>/<slug:slug>/", views.event_detail, name="detail"),  # last: action routes above win
]
