from django.urls import path

from . import views

app_name = "badges"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("uitreiken/", views.issuer_home, name="issuer_home"),
    path("uitreiken/<int:pk>/nieuw/", views.achievement_create, name="achievement_create"),
    path("uitreiken/<int:pk>/sleutel/", views.key_rotate, name="key_rotate"),
    path("badge/<uuid:uuid>/", views.achievement_public, name="achievement"),
    path("badge/<uuid:uuid>/afbeelding/", views.achievement_image, name="achievement_image"),
    path("badge/<uuid:uuid>/beheer/", views.achievement_manage, name="achievement_manage"),
    path("badge/<uuid:uuid>/bewerken/", views.achievement_edit, name="achievement_edit"),
    path("badge/<uuid:uuid>/toekennen/", views.award_create, name="award_create"),
    path("badge/<uuid:uuid>/regels/", views.rule_create, name="rule_create"),
    path("regel/<int:pk>/uitzetten/", views.rule_delete, name="rule_delete"),
    path("toekenning/<uuid:uuid>/", views.award_detail, name="award"),
    path("toekenning/<uuid:uuid>/credential.json", views.award_json, name="award_json"),
    path("toekenning/<uuid:uuid>/badge/", views.award_image, name="award_image"),
    path("toekenning/<uuid:uuid>/intrekken/", views.award_revoke, name="award_revoke"),
    path("verifieer/", views.verify_page, name="verify"),
    path("verifieer/api/", views.verify_api, name="verify_api"),
    path("verifieer/<uuid:uuid>/", views.verify_award, name="verify_award"),
    path("uitgevers/<int:pk>/", views.issuer_profile, name="issuer_profile"),
    path("uitgevers/<int:pk>/jwks.json", views.issuer_jwks, name="issuer_jwks"),
    path("uitgevers/<int:pk>/statuslijst/", views.status_list, name="status_list"),
]
