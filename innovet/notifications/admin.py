from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "category", "title", "read_at", "emailed_at"]
    list_filter = ["category"]
    search_fields = ["title", "recipient__email"]
