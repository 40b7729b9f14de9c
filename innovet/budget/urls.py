from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.index, name="index"),
    path("kost/<int:pk>/goedkeuren/", views.cost_approve, name="cost_approve"),
    path("kost/<int:pk>/besteed/", views.cost_spent, name="cost_spent"),
    path("kost/<int:pk>/annuleren/", views.cost_cancel, name="cost_cancel"),
    path("<slug:slug>/", views.school, name="school"),
    path("<slug:slug>/<str:year>/", views.year, name="year"),
    path("<slug:slug>/<str:year>/deelbudget/", views.allocation, name="allocation"),
    path("<slug:slug>/<str:year>/kost/nieuw/", views.cost_create, name="cost_create"),
    path("<slug:slug>/<str:year>/plan/", views.plan, name="plan"),
    path("<slug:slug>/<str:year>/plan/prioriteit/", views.priority_create, name="priority_create"),
    path("<slug:slug>/<str:year>/plan/prioriteit/<int:pk>/", views.priority_edit, name="priority_edit"),
    path("<slug:slug>/<str:year>/afsluiten/", views.close, name="close"),
]
