from django.contrib import admin

from .models import Participation


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "school", "date", "hours", "role", "kind"]
    list_select_related = ["person", "school"]
    list_filter = ["kind", "role", "province"]
    search_fields = ["title", "person__email", "person__last_name", "school__name"]
    date_hierarchy = "date"
    raw_id_fields = ["person", "school", "organiser", "recorded_by"]
    readonly_fields = ["activity_type", "activity_id", "recorded_at"]
