from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("definities/", views.definitions, name="definitions"),
    path("vlaanderen/", views.department, name="department"),
    path("provincie/<slug:slug>/", views.province, name="province"),
    path("school/<slug:slug>/", views.school, name="school"),
    path("domein/<slug:code>/", views.domain, name="domain"),
]
