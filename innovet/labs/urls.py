from django.urls import path

from . import views

app_name = "labs"

urlpatterns = [
    path("", views.lab_list, name="lab_list"),
    path("nieuw/", views.lab_create, name="lab_create"),
    path("overzicht/", views.overview, name="overview"),
    path("financiering/", views.funding_list, name="funding_list"),
    path("financiering/nieuw/", views.funding_create, name="funding_create"),
    path("van-introductie/<int:pk>/", views.start_from_introduction, name="start_from_introduction"),
    path("<slug:slug>/", views.lab_detail, name="detail"),
    path("<slug:slug>/bewerken/", views.lab_edit, name="edit"),
    path("<slug:slug>/stopzetten/", views.lab_stop, name="stop"),
    path("<slug:slug>/werkruimte/", views.workspace, name="workspace"),
    path("<slug:slug>/planning/", views.plan, name="plan"),
    path("<slug:slug>/mijlpalen/<int:pk>/", views.milestone_done, name="milestone_done"),
    path("<slug:slug>/taken/", views.task_add, name="task_add"),
    path("<slug:slug>/taken/<int:pk>/", views.task_done, name="task_done"),
    path("<slug:slug>/berichten/", views.message_post, name="message_post"),
    path("<slug:slug>/documenten/", views.document_add, name="document_add"),
    path("<slug:slug>/documenten/<int:pk>/", views.document_download, name="document_download"),
    path("<slug:slug>/documenten/<int:pk>/verwijderen/", views.document_delete, name="document_delete"),
    path("<slug:slug>/deelnemers/", views.members, name="members"),
    path("<slug:slug>/scholen/<int:pk>/vertrekken/", views.school_leave, name="school_leave"),
    path("<slug:slug>/partners/<int:pk>/vertrekken/", views.partner_leave, name="partner_leave"),
    path("<slug:slug>/partners/<int:pk>/engagement/", views.commitment_add, name="commitment_add"),
    path("<slug:slug>/engagementen/<int:pk>/", views.commitment_change, name="commitment_change"),
    path("<slug:slug>/materiaal/", views.material_link, name="material_link"),
    path("<slug:slug>/materiaal/<int:pk>/ontkoppelen/", views.material_unlink, name="material_unlink"),
    path("<slug:slug>/toonmoment/", views.showcase_add, name="showcase_add"),
    path("<slug:slug>/toonmoment/<int:pk>/gepresenteerd/", views.showcase_presented, name="showcase_presented"),
    path("<slug:slug>/natraject/", views.follow_up, name="follow_up"),
    path("<slug:slug>/natraject/openen/", views.follow_up_open, name="follow_up_open"),
    path("<slug:slug>/natraject/<int:pk>/", views.adoption_update, name="adoption_update"),
    path("<slug:slug>/aansluiten/", views.join, name="join"),
]
