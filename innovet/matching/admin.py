from django.contrib import admin

from .models import Introduction, Need, OutboxEvent, Suggestion, Willingness


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "province", "status", "created_at"]
    list_select_related = ["school", "province"]
    list_filter = ["status", "province"]
    search_fields = ["title", "school__name"]
    raw_id_fields = ["school", "created_by"]
    filter_horizontal = ["themes", "graden", "support_forms"]


@admin.register(Willingness)
class WillingnessAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "region", "capacity_per_year", "is_active"]
    list_select_related = ["organisation"]
    list_filter = ["region", "is_active"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "contact"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["need", "partner", "status", "expires_at"]
    # str() of each row (the checkbox's label) names the need's school.
    list_select_related = ["need__school", "partner"]
    list_filter = ["status"]
    raw_id_fields = ["need", "partner", "suggestion", "willingness", "peer_need", "introduced_by"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["need", "kind", "rank", "score", "source"]
    # str() of each row (the checkbox's label) names the partner or the other school.
    list_select_related = ["need", "willingness__organisation", "peer_need__school"]
    list_filter = ["kind", "source"]
    raw_id_fields = ["need", "willingness", "peer_need", "confirmed_by"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "created_at", "processed_at"]
