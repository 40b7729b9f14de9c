from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("nieuw/", views.create, name="create"),
    path("mijn/", views.mine, name="mine"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/leden/", views.members, name="members"),
    path("<slug:slug>/leden/<int:pk>/wijzigen/", views.change_member, name="change_member"),
    path("<slug:slug>/leden/<int:pk>/verwijderen/", views.remove_member, name="remove_member"),
    path("<slug:slug>/uitnodigingen/<int:pk>/intrekken/", views.revoke_invitation, name="revoke_invitation"),
]
