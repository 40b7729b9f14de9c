from django.contrib import admin

from .models import Adoption, Commitment, FundingOpportunity, Lab, LabPartner, LabSchool, Milestone


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class LabSchoolInline(admin.TabularInline):
    model = LabSchool
    extra = 0
    raw_id_fields = ["school"]


class LabPartnerInline(admin.TabularInline):
    model = LabPartner
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["title", "province", "coordinator_organisation", "phase", "starts_on", "follow_up_open"]
    list_filter = ["phase", "province", "follow_up_open"]
    list_select_related = ["province", "coordinator_organisation"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["coordinator_organisation", "coordinator", "adviser", "need", "introduction", "created_by"]
    filter_horizontal = ["themes", "graden", "provinces", "willingness"]
    readonly_fields = ["last_activity_at", "inactivity_signalled_at"]
    inlines = [LabSchoolInline, LabPartnerInline, MilestoneInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["partner", "category", "amount", "unit", "status"]
    list_filter = ["status", "unit"]
    list_select_related = ["partner__organisation", "partner__lab", "category"]
    raw_id_fields = ["partner", "created_by"]


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["lab", "school", "status", "intake_on", "created_at"]
    list_filter = ["status"]
    list_select_related = ["lab", "school"]
    raw_id_fields = ["lab", "school", "requested_by"]


@admin.register(FundingOpportunity)
class FundingAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "deadline", "notified"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["themes"]
