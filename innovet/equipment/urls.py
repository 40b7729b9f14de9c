from django.urls import path

from . import views

app_name = "equipment"

urlpatterns = [
    path("", views.set_list, name="set_list"),
    path("mijn/", views.mine, name="mine"),
    path("nieuw/", views.set_create, name="set_create"),
    path("<int:pk>/", views.set_detail, name="set_detail"),
    path("<int:pk>/bewerken/", views.set_edit, name="set_edit"),
    path("<int:pk>/aanvragen/", views.apply, name="apply"),
    path("<int:pk>/beheer/", views.manage, name="manage"),
    path("<int:pk>/rotatie/", views.build, name="build"),
    path("aanvraag/<int:pk>/voorwaarden/", views.conditions, name="conditions"),
    path("aanvraag/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("beurt/<int:pk>/", views.turn_detail, name="turn"),
    path("beurt/<int:pk>/stap/", views.step, name="step"),
    path("beurt/<int:pk>/afhaken/", views.drop_out, name="drop_out"),
]
