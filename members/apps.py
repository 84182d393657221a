from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from .models import DirectoryPage, forget_directory_url

        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(forget_directory_url, sender=DirectoryPage, dispatch_uid=f"members-{id(signal)}")
        page_slug_changed.connect(forget_directory_url, dispatch_uid="members-slug")
        post_page_move.connect(forget_directory_url, dispatch_uid="members-move")
