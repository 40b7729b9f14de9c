from django.contrib import admin

from .models import Application, ChecklistItem, EquipmentSet, HandoverStep, Turn


class ChecklistInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(EquipmentSet)
class EquipmentSetAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "rotation_months", "is_active"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__name"]
    raw_id_fields = ["owner"]
    inlines = [ChecklistInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "conditions_met", "created_at"]
    list_select_related = ["school", "equipment"]
    list_filter = ["status"]
    raw_id_fields = ["equipment", "school", "applied_by"]


@admin.register(Turn)
class TurnAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "distance_km"]
    list_select_related = ["equipment", "school"]
    list_filter = ["status"]
    raw_id_fields = ["equipment", "school", "application"]


@admin.register(HandoverStep)
class HandoverStepAdmin(admin.ModelAdmin):
    list_display = ["__str__", "step", "done_by", "done_at"]
    list_select_related = ["turn__equipment", "turn__school", "done_by"]
    raw_id_fields = ["turn", "item", "done_by"]
