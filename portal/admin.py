"""Staff accounts and groups in the admin, without self-promotion.

A member of the Admin group manages staff accounts, but is not a superuser: they may hand
out only permissions (directly or through a group) that they hold themselves, never the
superuser flag, and may not edit superuser accounts at all. So no admin can raise their
own privileges, nor another's above their own (docs/security.md).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest


def permissions_held(user: Any) -> QuerySet[Permission]:
    """The permissions ``user`` holds, as rows (all of them for a superuser)."""
    rows = Permission.objects.select_related("content_type")
    if user.is_superuser:
        return rows.all()
    held = Q(pk__in=[])
    for code in user.get_all_permissions():
        app_label, codename = code.split(".", 1)
        held |= Q(content_type__app_label=app_label, codename=codename)
    return rows.filter(held)


def groups_within(user: Any) -> QuerySet[Group]:
    """The groups whose every permission ``user`` holds (all of them for a superuser)."""
    if user.is_superuser:
        return Group.objects.all()
    beyond = Permission.objects.exclude(pk__in=permissions_held(user).values("pk"))
    return Group.objects.exclude(permissions__in=beyond).distinct()


class GuardedUserAdmin(UserAdmin):
    """Django's user admin; for non-superusers, no superuser flag and no grant beyond their own."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups":
            kwargs["queryset"] = groups_within(request.user)
        elif db_field.name == "user_permissions":
            kwargs["queryset"] = permissions_held(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GuardedGroupAdmin(GroupAdmin):
    """Django's group admin; a non-superuser may put in a group only permissions they hold."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "permissions":
            kwargs["queryset"] = permissions_held(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        above = obj is not None and not request.user.is_superuser
        if above and not groups_within(request.user).filter(pk=obj.pk).exists():
            return False  # a group above the editor: theirs to look at, not to change
        return super().has_change_permission(request, obj)


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.register(User, GuardedUserAdmin)
admin.site.register(Group, GuardedGroupAdmin)
