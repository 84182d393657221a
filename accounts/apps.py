from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")


class StaffUsersAppConfig(WagtailUsersAppConfig):
    """Replaces "wagtail.users" in INSTALLED_APPS (Wagtail's documented way to customise
    its user views): the "Users" screen lists staff, not member representatives."""

    default = False
    user_viewset = "accounts.staff_users.StaffUserViewSet"
