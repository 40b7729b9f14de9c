from django.contrib import admin

from .models import Postcode, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "nis_code", "region", "in_scope", "rtc_province"]
    list_select_related = ["rtc_province"]
    list_filter = ["in_scope", "region"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["code", "place_name", "municipality", "province"]
    list_filter = ["province"]
    search_fields = ["code", "place_name", "municipality"]
