from django.urls import path

from innovet.core.page_cache import public_page

from . import api, views

app_name = "catalogue"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.<str:fmt>", views.export, name="export"),
    path("nieuw/", views.offer_create, name="offer_create"),
    path("mijn/", views.my_offers, name="my_offers"),
    path("mijn/selectie/", views.offer_bulk, name="offer_bulk"),
    path("moderatie/", views.moderation, name="moderation"),
    path("zoekopdrachten/", views.saved_searches, name="saved_searches"),
    path("zoekopdrachten/bewaren/", views.saved_search_create, name="saved_search_create"),
    path("zoekopdrachten/<int:pk>/wijzigen/", views.saved_search_update, name="saved_search_update"),
    path("zoekopdrachten/<int:pk>/verwijderen/", views.saved_search_delete, name="saved_search_delete"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/sjabloon.<str:fmt>", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/uitvoeren/", views.import_commit, name="import_commit"),
    path("initiatieven/", views.initiative_list, name="initiative_list"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path("initiatieven/<int:pk>/", views.initiative_detail, name="initiative_detail_short"),
    path("initiatieven/<int:pk>/bewerken/", views.initiative_edit, name="initiative_edit"),
    path("initiatieven/<int:pk>/publiceren/", views.initiative_publish, name="initiative_publish"),
    path("initiatieven/<int:pk>/archiveren/", views.initiative_archive, name="initiative_archive"),
    path("initiatieven/<int:pk>/bevestigen/", views.initiative_confirm, name="initiative_confirm"),
    path("initiatieven/<int:pk>/depubliceren/", views.initiative_unpublish, name="initiative_unpublish"),
    # Last of the initiative routes: /<pk>/<slug>/ would otherwise catch /<pk>/bewerken/.
    path("initiatieven/<int:pk>/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path("api/aanbod/", public_page(api.OfferListAPI.as_view()), name="api_offer_list"),
    path("api/aanbod/<int:pk>/", public_page(api.OfferDetailAPI.as_view()), name="api_offer_detail"),
    path("api/initiatieven/", public_page(api.InitiativeListAPI.as_view()), name="api_initiative_list"),
    path("api/initiatieven/<int:pk>/", public_page(api.InitiativeDetailAPI.as_view()), name="api_initiative_detail"),
    path("<int:pk>/", views.offer_detail, name="offer_detail_short"),
    path("<int:pk>/agenda.ics", views.offer_ics, name="offer_ics"),
    path("<int:pk>/bewerken/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/publiceren/", views.offer_publish, name="offer_publish"),
    path("<int:pk>/archiveren/", views.offer_archive, name="offer_archive"),
    path("<int:pk>/bevestigen/", views.offer_confirm, name="offer_confirm"),
    path("<int:pk>/verwijderen/", views.offer_delete, name="offer_delete"),
    path("<int:pk>/depubliceren/", views.offer_unpublish, name="offer_unpublish"),
    path("<int:pk>/<slug:slug>/", views.offer_detail, name="offer_detail"),
]
