from django.contrib import admin

from .models import Application, HybridTeacherProfile, PlacementPeriod, PlacementPlace


class PeriodInline(admin.TabularInline):
    model = PlacementPeriod
    extra = 0


@admin.register(PlacementPlace)
class PlacementPlaceAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "kind", "status", "province", "duration_days", "places"]
    list_filter = ["status", "kind", "province"]
    list_select_related = ["company", "province"]
    search_fields = ["title", "company__name", "active_role"]
    raw_id_fields = ["company", "created_by"]
    inlines = [PeriodInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["place", "teacher", "school", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    list_select_related = ["place", "teacher", "school"]
    raw_id_fields = ["place", "period", "teacher", "school", "released_by", "decided_by", "completed_by"]
    search_fields = ["place__title", "teacher__email", "school__name"]


@admin.register(HybridTeacherProfile)
class HybridTeacherProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "company_name", "is_visible"]
    list_select_related = ["user", "school"]
    raw_id_fields = ["user", "school", "company"]
