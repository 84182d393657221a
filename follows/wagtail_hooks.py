from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Delivery, Follow, NewsletterPage, Subscriber
from .personal_data import FollowsPersonalData
from .services import (
    notify_action_status_changed,
    notify_call_results,
    notify_event_changed,
    notify_idea_decided,
    notify_proposal_decided,
)

# --- What the other apps tell us: the immediate notices ----------------------------------
# roadmap.services and workshops.services call these hooks inside the transaction of
# the change, so the notices are stored (outbox) with it.


@hooks.register("after_action_status_change")
def action_status_changed(action, update):
    notify_action_status_changed(action, update)


@hooks.register("after_proposal_decision")
def proposal_decided(proposal, already_told=()):
    notify_proposal_decided(proposal, exclude=already_told)


@hooks.register("after_idea_decision")
def idea_decided(idea, already_told=()):
    notify_idea_decided(idea, exclude=already_told)


@hooks.register("after_call_results")
def call_results_published(call, already_told=()):
    notify_call_results(call, exclude=already_told)


@hooks.register("after_event_schedule_change")
def event_changed(event):
    notify_event_changed(event)


# --- "Suivre" on a member's profile ----------------------------------------------------


@hooks.register("register_member_profile_sections")
def follow_member(request, member):
    return [
        (
            "follows/includes/follow_section.html",
            {"follow_kind": "member", "follow_id": member.pk, "label": member.name},
        )
    ]


# --- Admin ------------------------------------------------------------------------------


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Subscribers")
    list_display = ["email", "language", "confirmed_at", "frequency", "newsletter", "newsletter_opt_out", "created_at"]
    list_filter = ["newsletter", "newsletter_opt_out", "frequency", "language"]
    search_fields = ["email"]
    list_export = ["email", "language", "confirmed_at", "frequency", "newsletter", "newsletter_source", "created_at"]
    export_filename = "subscribers"
    form_fields = ["frequency", "newsletter_opt_out"]


class FollowViewSet(SnippetViewSet):
    model = Follow
    icon = "view"
    menu_label = _("Follows")
    list_display = ["subscriber", "kind", "target_id", "commune", "intercommunality", "theme", "confirmed_at"]
    list_filter = ["kind"]
    search_fields = ["subscriber__email"]
    list_export = [
        "subscriber",
        "kind",
        "target_id",
        "commune",
        "intercommunality",
        "theme",
        "created_at",
        "confirmed_at",
    ]
    export_filename = "follows"
    form_fields = ["kind"]
    inspect_view_enabled = True


class DeliveryViewSet(SnippetViewSet):
    model = Delivery
    icon = "history"
    menu_label = _("E-mails sent")
    list_display = ["email", "kind", "subject", "sent_at"]
    list_filter = ["kind", "sent_at"]
    search_fields = ["email", "subject"]
    list_export = ["email", "kind", "subject", "newsletter", "sent_at"]
    export_filename = "follows-emails-sent"
    form_fields = ["kind"]
    inspect_view_enabled = True


class FollowsGroup(SnippetViewSetGroup):
    menu_label = _("Follows")
    menu_icon = "mail"
    menu_order = 240
    items = (SubscriberViewSet, FollowViewSet, DeliveryViewSet)


register_snippet(FollowsGroup)


@hooks.register("register_admin_urls")
def admin_urls():
    urls = [
        path("<int:pk>/send/", admin_views.SendNewsletterView.as_view(), name="send"),
        path("audience-count/", admin_views.audience_count, name="audience_count"),
    ]
    return [path("newsletter/", include((urls, "follows_admin"), namespace="follows_admin"))]


@hooks.register("register_page_header_buttons")
def newsletter_send_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, NewsletterPage) and page.permissions_for_user(user).can_publish():
        yield Button(_("Send…"), reverse("follows_admin:send", args=[page.pk]), icon_name="mail", priority=5)


@hooks.register("register_page_listing_buttons")
def newsletter_listing_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, NewsletterPage) and page.permissions_for_user(user).can_publish():
        yield Button(_("Send…"), reverse("follows_admin:send", args=[page.pk]), icon_name="mail", priority=5)


@hooks.register("register_log_actions")
def follows_log_actions(actions):
    actions.register_action("follows.newsletter_test", _("Send a test"), _("Test sent"))
    actions.register_action("follows.newsletter_scheduled", _("Schedule"), _("Newsletter scheduled"))
    actions.register_action("follows.newsletter_sending", _("Send"), _("Newsletter sending started"))
    actions.register_action("follows.newsletter_sent", _("Sent"), _("Newsletter sent to every recipient"))


@hooks.register("register_personal_data")
def follows_personal_data():
    return FollowsPersonalData()
