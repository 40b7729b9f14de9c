from django.contrib import admin

from .models import Achievement, Award, AwardRule, IssuerKey


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ["name", "issuer", "valid_for_days", "is_active", "created_at"]
    list_select_related = ["issuer"]
    list_filter = ["is_active"]
    search_fields = ["name", "issuer__name"]
    raw_id_fields = ["issuer", "created_by", "skills"]


@admin.register(AwardRule)
class AwardRuleAdmin(admin.ModelAdmin):
    list_display = ["achievement", "kind", "activity_kind", "event_kind", "active_role_required", "is_active"]
    list_select_related = ["achievement"]
    raw_id_fields = ["achievement", "created_by"]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    # Awards are issued and revoked through the issuer's pages (signed, audited): read-only here.
    list_display = ["achievement", "recipient_name", "issuer", "issued_at", "valid_until", "revoked_at"]
    list_select_related = ["achievement", "issuer"]
    list_filter = ["revoked_at"]
    search_fields = ["recipient_name", "achievement__name"]
    readonly_fields = [f.name for f in Award._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kid", "created_at", "retired_at"]
    list_select_related = ["organisation"]
    exclude = ["private_key_encrypted"]  # never shown, not even to administrators
    readonly_fields = ["organisation", "kid", "public_jwk", "created_at", "retired_at"]

    def has_add_permission(self, request):
        return False
