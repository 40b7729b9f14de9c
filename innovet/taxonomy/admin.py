from django.contrib import admin, messages
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Term, Vocabulary


@admin.register(Vocabulary)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "hierarchical", "source"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "vocabulary", "parent", "position", "active"]
    list_select_related = ["vocabulary", "parent"]
    list_filter = ["vocabulary", "active"]
    list_editable = ["position", "active"]
    search_fields = ["label", "code"]
    autocomplete_fields = ["parent"]
    actions = ["deactivate", "activate"]

    @admin.action(description=_("Geselecteerde items op niet-actief zetten"))
    def deactivate(self, request, queryset):
        n = queryset.update(active=False)
        self.message_user(request, ngettext("%d item gedeactiveerd.", "%d items gedeactiveerd.", n) % n)

    @admin.action(description=_("Geselecteerde items activeren"))
    def activate(self, request, queryset):
        n = queryset.update(active=True)
        self.message_user(request, ngettext("%d item geactiveerd.", "%d items geactiveerd.", n) % n)

    def has_delete_permission(self, request, obj=None):
        # Items in use stay (history and reports depend on them); deactivate them instead.
        if obj is not None and obj.usage_count():
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except ProtectedError as exc:
            self.message_user(request, exc.args[0], messages.ERROR)
