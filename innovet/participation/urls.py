from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("school/<slug:slug>/", views.school, name="school"),
]
