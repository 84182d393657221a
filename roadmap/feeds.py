from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from home.services import absolute_url

from .models import ActionUpdate, apply_translations


class UpdatesFeed(Feed):
    """RSS 2.0 of the latest progress notes of the roadmap's actions."""

    feed_type = Rss201rev2Feed

    def __init__(self, roadmap_page):
        super().__init__()
        self.roadmap_page = roadmap_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def feed_url(self):
        """The feed's own address from the site's one public address, not the request's Host."""
        return absolute_url(self.request.path)

    def title(self):
        return _("%(title)s: latest updates") % {"title": self.roadmap_page.title}

    def link(self):
        return self.roadmap_page.get_full_url(self.request)

    def description(self):
        return self.roadmap_page.intro

    def items(self):
        updates = list(ActionUpdate.objects.select_related("action").order_by("-date", "-pk")[:30])
        apply_translations([update.action for update in updates], get_language())
        return updates

    def item_title(self, item):
        return getattr(item.action, "display_title", item.action.title)

    def item_description(self, item):
        return item.text

    def item_link(self, item):
        page = self.roadmap_page
        return (
            page.get_full_url(self.request)
            + page.reverse_subpage("action", args=[item.action_id])
            + f"#update-{item.pk}"
        )

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9)))
