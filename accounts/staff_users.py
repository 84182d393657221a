"""The admin's "Users" screen lists the staff: member representatives (accounts of the
member area, without admin access) are left out — they are managed from their member."""

from django.apps import apps
from django.db.models import Q
from wagtail.users.views import users


def staff_only(queryset):
    if not apps.is_installed("members"):
        return queryset
    return queryset.filter(Q(representative__isnull=True) | Q(is_superuser=True) | Q(groups__isnull=False)).distinct()


class StaffIndexView(users.IndexView):
    def get_base_queryset(self):
        return staff_only(super().get_base_queryset())


class StaffUserViewSet(users.UserViewSet):
    index_view_class = StaffIndexView
