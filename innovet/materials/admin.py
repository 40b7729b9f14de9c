from django.contrib import admin

from .models import (
    Alignment,
    Attachment,
    Author,
    CoauthorInvitation,
    Material,
    Review,
    UsageReport,
    Version,
    WorkForm,
)


class AuthorInline(admin.TabularInline):
    model = Author
    extra = 0
    raw_id_fields = ["user", "organisation"]


class AlignmentInline(admin.TabularInline):
    model = Alignment
    extra = 0


class WorkFormInline(admin.TabularInline):
    model = WorkForm
    extra = 0


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "licence", "published_at", "download_count"]
    # Nullable foreign keys are not joined by the changelist on its own.
    list_select_related = ["licence"]
    list_filter = ["status", "licence", "studiedomeinen"]
    search_fields = ["title", "summary"]
    readonly_fields = ["uuid", "download_count", "published_at", "original", "original_version"]
    filter_horizontal = ["themes", "studiedomeinen", "graden", "onderwijsvormen", "noodtypes", "organisations"]
    inlines = [AuthorInline, AlignmentInline, WorkFormInline]


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["material", "number", "created_at", "created_by"]
    list_select_related = ["material", "created_by"]
    readonly_fields = ["material", "number", "snapshot", "attachments", "created_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "material", "kind", "content_type", "size", "detached_at"]
    list_select_related = ["material"]
    list_filter = ["kind", "content_type"]
    readonly_fields = ["file", "content_type", "size", "uuid"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["version", "decision", "reviewer", "created_at"]
    list_select_related = ["version__material", "reviewer"]
    list_filter = ["decision"]


@admin.register(UsageReport)
class UsageReportAdmin(admin.ModelAdmin):
    list_display = ["material", "school", "graad", "rating", "used_on"]
    list_select_related = ["material", "school", "graad"]
    list_filter = ["rating", "graad"]


@admin.register(CoauthorInvitation)
class CoauthorInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "material", "status", "invited_by", "created_at", "expires_at"]
    list_select_related = ["material", "invited_by"]
    list_filter = ["status"]
    search_fields = ["email", "material__title"]
    # The token is the invitee's capability: not shown, not editable.
    fields = ["material", "email", "status", "invited_by", "expires_at", "responded_at"]
    readonly_fields = ["material", "email", "invited_by", "responded_at"]
