"""Django admin for the guidance administrator: organizations, roles, feedback triage.

Consultation content is not shown here: it is need-to-know and read through the
recipients' inbox, where each read is audited. The audit log is read-only.

Nothing here goes around the separation of duties (``support.duties``,
docs/separation-of-duties.md): an administrator's own memberships are read-only to them,
a grant that breaks the rules is a form error, and accounts show no password, no staff
or superuser flag, no groups and no permissions to change. Groups are not registered.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpRequest

from .duties import check_membership
from .errors import SeparationOfDuties
from .models import AuditEntry, CheckTally, Feedback, Membership, Organization, OrganizationContact


class OrganizationContactInline(admin.TabularInline):
    model = OrganizationContact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_fr", "retention_days")
    inlines = (OrganizationContactInline,)


class MembershipForm(forms.ModelForm):
    """A membership, checked against the separation of duties as the admin's own change."""

    acting: Any = None  # the signed-in administrator, set by MembershipAdmin.get_form

    class Meta:
        model = Membership
        fields = ("user", "organization", "role", "manager")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            candidate = copy.copy(self.instance)
            for name in self._meta.fields or ():
                setattr(candidate, name, cleaned.get(name))
            try:
                check_membership(candidate, self.acting)
            except SeparationOfDuties as exc:
                raise forms.ValidationError(str(exc)) from None
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "manager")
    list_filter = ("organization", "role")
    search_fields = ("user__username",)
    form = MembershipForm
    readonly_fields = ("created_at",)

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.exclude(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _own(self, request: HttpRequest, obj: Membership | None) -> bool:
        return obj is not None and obj.user_id == request.user.pk

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not self._own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not self._own(request, obj) and super().has_delete_permission(request, obj)


admin.site.unregister(Group)
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(admin.ModelAdmin):
    """People's accounts: names, address, active or not. Roles are memberships.

    No password of someone else, no staff or superuser flag, no groups, no permissions:
    accounts come from the organization's sign-in or the server's operator
    (docs/separation-of-duties.md).
    """

    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("username", "first_name", "last_name", "email")
    fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "is_superuser",
        "last_login",
        "date_joined",
    )
    readonly_fields = ("username", "is_staff", "is_superuser", "last_login", "date_joined")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


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
