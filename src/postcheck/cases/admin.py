"""Django admin: case metadata only.

A guidance administrator (often a superuser) administers settings, not cases: the
admin shows when a case was opened, its kind, channel and status, never the post,
the people, the notes or the attachments. Notes and attachments are not registered.
Case content is read in the cases pages, by the people with a need to know, and each
read is audited.
"""

from __future__ import annotations

from django.contrib import admin

from .models import Case


@admin.register(Case)
class CaseMetadataAdmin(admin.ModelAdmin):
    list_display = ("id", "organization", "kind", "channel", "status", "created_at", "updated_at")
    list_filter = ("organization", "kind", "channel", "status")
    fields = ("organization", "kind", "channel", "status", "created_at", "updated_at", "closed_at")
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # cases are deleted by retention (purge), which keeps an audit line
