from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mijn-innovet/", views.dashboard, name="dashboard"),
    path("over/bronnen/", views.about_data, name="about_data"),
    path("over/toegankelijkheid/", views.accessibility, name="accessibility"),
    path("over/privacy/", views.privacy, name="privacy"),
    path("favicon.ico", views.favicon, name="favicon"),
]
