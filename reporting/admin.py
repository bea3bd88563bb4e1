"""Administration of users' roles: memberships edited on the user's page in the admin.

Kept in ``reporting`` (the app that wires users to the product) so the measures app's admin
stays free for the models' own registrations.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from measures.models import Membership

from .models import AccessibilityFeedback

User = get_user_model()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ["role", "organisation"]


class UserWithRolesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, MembershipInline]


admin.site.unregister(User)
admin.site.register(User, UserWithRolesAdmin)


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "page_url", "contact"]
    search_fields = ["description", "page_url", "contact"]
    readonly_fields = ["created"]
    date_hierarchy = "created"
