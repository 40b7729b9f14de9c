from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("", views.search, name="search"),
    path("mijn/", views.mine, name="mine"),
    path("nieuw/", views.create, name="create"),
    path("oai/", views.oai_pmh, name="oai"),
    path("bestand/<uuid:uuid>/", views.download, name="file"),
    path("auteur/<int:pk>/", views.author_profile, name="author"),
    path("uitnodiging/<str:token>/", views.coauthor_invitation, name="coauthor_invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:slug>/bestanden/", views.files, name="files"),
    path("<slug:slug>/werkvormen/<int:pk>/", views.edit_work_form, name="work_form"),
    path("<slug:slug>/publiceren/", views.publish, name="publish"),
    path("<slug:slug>/status/", views.change_status, name="status"),
    path("<slug:slug>/auteurs/", views.authors, name="authors"),
    path("<slug:slug>/verwijderen/", views.delete, name="delete"),
    path("<slug:slug>/kopie/", views.remix, name="remix"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/review/<int:pk>/reactie/", views.review_comment, name="review_comment"),
    path("<slug:slug>/gebruik/", views.report_use, name="report_use"),
    path("<slug:slug>/pakket.zip", views.package, name="package"),
    path("<slug:slug>/metadata.json", views.metadata_json, name="metadata"),
    path("<slug:slug>/versies/<int:number>/", views.version, name="version"),
    path("<slug:slug>/versies/<int:number>/pakket.zip", views.package, name="version_package"),
]
