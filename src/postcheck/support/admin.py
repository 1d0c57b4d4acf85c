"""Django admin for the guidance administrator: organizations, roles, feedback triage.

Consultation content is not shown here: it is need-to-know and read through the
recipients' inbox, where each read is audited. The audit log is read-only.
"""

from __future__ import annotations

from django.contrib import admin

from .models import AuditEntry, CheckTally, Feedback, Membership, Organization, OrganizationContact


class OrganizationContactInline(admin.TabularInline):
    model = OrganizationContact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_fr", "retention_days")
    inlines = (OrganizationContactInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "manager")
    list_filter = ("organization", "role")
    search_fields = ("user__username",)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "lang", "guidance_version", "status")
    list_filter = ("status", "lang", "topic", "guidance_version")
    list_editable = ("status",)
    readonly_fields = ("created_at", "guidance_version", "lang", "topic", "message", "email")
    fields = (
        "created_at",
        "guidance_version",
        "lang",
        "topic",
        "message",
        "email",
        "status",
        "note",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(CheckTally)
class CheckTallyAdmin(admin.ModelAdmin):
    list_display = ("week", "kind", "key", "count")
    list_filter = ("kind", "week")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "organization", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    readonly_fields = (
        "at",
        "actor",
        "organization",
        "action",
        "object_type",
        "object_id",
        "detail",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
