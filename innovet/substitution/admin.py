from django.contrib import admin

from .models import CurriculumFit, SubstitutionOffer, SubstitutionRequest


class FitInline(admin.TabularInline):
    model = CurriculumFit
    extra = 0
    raw_id_fields = ["pbd", "adviser"]


@admin.register(SubstitutionOffer)
class SubstitutionOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "kind", "status", "free"]
    list_filter = ["status", "kind", "free"]
    list_select_related = ["provider"]
    search_fields = ["title", "provider__name"]
    raw_id_fields = ["provider", "created_by"]
    inlines = [FitInline]


@admin.register(SubstitutionRequest)
class SubstitutionRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "school", "starts_on", "status", "offer"]
    list_filter = ["status", "source_kind"]
    list_select_related = ["school", "offer"]
    search_fields = ["title", "school__name"]
    raw_id_fields = ["school", "requested_by", "teacher", "offer", "answered_by", "confirmed_by"]
