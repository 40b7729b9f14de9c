from django.contrib import admin

from .models import Invitation, Membership, Organisation


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


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status", "expires_at"]
    list_filter = ["status"]
    search_fields = ["email", "organisation__name"]
