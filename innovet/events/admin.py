from django.contrib import admin

from .models import Booking, Event, EventDay, Registration, SchoolPolicy, Session, TimeSlot


class DayInline(admin.TabularInline):
    model = EventDay
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "province", "status", "published_at"]
    list_select_related = ["organiser", "province"]
    list_filter = ["status", "kind", "province"]
    search_fields = ["title", "organiser__name", "venue_name"]
    raw_id_fields = ["organiser", "created_by"]
    filter_horizontal = ["themes", "transition_priorities", "studiedomeinen", "graden", "onderwijsvormen"]
    inlines = [DayInline]


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    raw_id_fields = ["partners"]


@admin.register(TimeSlot)
class TimeSlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day", "kind", "title"]
    list_select_related = ["day__event"]
    inlines = [SessionInline]


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    raw_id_fields = ["session"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "school", "approval", "checked_in_at", "cancelled_at"]
    list_select_related = ["person", "event", "school"]
    list_filter = ["approval", "needs_substitution"]
    search_fields = ["person__email", "person__last_name", "event__title", "ticket_code"]
    raw_id_fields = ["event", "person", "school", "registered_by", "approved_by", "checked_in_by"]
    inlines = [BookingInline]


@admin.register(SchoolPolicy)
class SchoolPolicyAdmin(admin.ModelAdmin):
    list_display = ["school", "approval_for_school_hours"]
    raw_id_fields = ["school"]
