from django.contrib import admin

from .models import Invitation, Membership, Organisation
from .services import assign_rtc_province


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "province", "is_active"]
    list_filter = ["kind", "province", "is_active"]
    search_fields = ["name", "municipality", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["onderwijsvormen", "studiedomeinen", "graden", "sectors", "themes"]
    autocomplete_fields = ["paritaire_comites", "nace_codes"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # The province an RTC serves decides what its staff moderate: platform administrators only.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "served_province"]

    def save_model(self, request, obj, form, change):
        if change and "served_province" in form.changed_data:
            # Saved through the service so that the change is checked and audited with both values.
            new_province = obj.served_province
            obj.served_province_id = form.initial.get("served_province")
            super().save_model(request, obj, form, change)
            assign_rtc_province(request.user, obj, new_province)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status", "expires_at"]
    list_filter = ["status"]
    search_fields = ["email", "organisation__name"]
