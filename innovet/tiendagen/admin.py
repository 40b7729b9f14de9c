from django.contrib import admin

from .models import (
    Availability,
    BookedDay,
    Infrastructure,
    TiendagenRequest,
    Training,
    WegwijsRegistration,
    WegwijsSession,
)


@admin.register(Infrastructure)
class InfrastructureAdmin(admin.ModelAdmin):
    list_display = ["name", "centre", "capacity"]
    list_select_related = ["centre"]
    search_fields = ["name", "centre__name"]
    raw_id_fields = ["centre"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["title", "centre", "infrastructure", "is_active"]
    list_select_related = ["centre", "infrastructure__centre"]
    list_filter = ["is_active"]
    search_fields = ["title", "centre__name"]
    raw_id_fields = ["centre", "infrastructure"]
    filter_horizontal = ["studiedomeinen"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["infrastructure", "starts_on", "ends_on"]
    list_select_related = ["infrastructure__centre"]
    raw_id_fields = ["infrastructure"]


@admin.register(WegwijsSession)
class WegwijsSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day", "capacity"]
    list_select_related = ["centre"]
    raw_id_fields = ["centre"]


@admin.register(WegwijsRegistration)
class WegwijsRegistrationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school", "attended"]
    list_select_related = ["teacher", "school", "session__centre"]
    raw_id_fields = ["session", "teacher", "school"]


@admin.register(TiendagenRequest)
class TiendagenRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "teacher", "school", "province", "status", "created_at"]
    list_select_related = ["teacher", "school", "province", "centre"]
    list_filter = ["status", "province", "school_year"]
    search_fields = ["class_name", "school__name", "centre__name"]
    raw_id_fields = ["teacher", "school", "training", "centre", "studiedomein"]


@admin.register(BookedDay)
class BookedDayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "request", "confirmed"]
    list_select_related = ["infrastructure", "request__centre"]
    raw_id_fields = ["request", "infrastructure"]
