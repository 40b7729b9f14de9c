from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

admin.site.site_header = "InnoVET – platformbeheer"
admin.site.site_title = "InnoVET-beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", include("innovet.core.urls")),
    path("account/", include("innovet.accounts.urls")),
    path("organisaties/", include("innovet.organisations.urls")),
    path("organisaties/", include("innovet.portfolio.profile_urls")),
    path("meldingen/", include("innovet.notifications.urls")),
    path("aanbod/", include("innovet.catalogue.urls")),
    path("lesmateriaal/", include("innovet.materials.urls")),
    path("noden/", include("innovet.matching.urls")),
    path("bevragingen/", include("innovet.surveys.urls")),
    path("netwerkmomenten/", include("innovet.events.urls")),
    path("deelnames/", include("innovet.participation.urls")),
    path("innovatielabs/", include("innovet.labs.urls")),
    path("inzichten/", include("innovet.insights.urls")),
    path("portfolio/", include("innovet.portfolio.urls")),
    path("nascholingsbudget/", include("innovet.budget.urls")),
    path("10-dagenregeling/", include("innovet.tiendagen.urls")),
    path("bedrijfsstages/", include("innovet.placements.urls")),
    path("vervanging/", include("innovet.substitution.urls")),
    path("uitrusting/", include("innovet.equipment.urls")),
    path("badges/", include("innovet.badges.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("beheer/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_ROOT directly, not even in development: every download
# goes through its module's permission-checked view (drafts stay private).

handler400 = "innovet.core.errors.bad_request"
handler403 = "innovet.core.errors.permission_denied"
handler404 = "innovet.core.errors.page_not_found"
handler500 = "innovet.core.errors.server_error"
