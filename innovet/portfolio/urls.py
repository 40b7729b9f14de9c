from django.urls import path

from . import views

app_name = "portfolio"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("pdf/", views.pdf_mine, name="pdf"),
    path("delen/", views.share, name="share"),
    path("delen/intrekken/", views.revoke, name="revoke"),
    path("schoolprofiel/", views.school_profile_name, name="school_profile_name"),
    path("gedeeld/<str:token>/", views.shared, name="shared"),
    path("gedeeld/<str:token>/pdf/", views.shared_pdf, name="shared_pdf"),
]
