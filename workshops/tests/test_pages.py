"""Page structure and the editor's path: creating an event with its activities in the
admin, then publishing a change that staff make (capacity)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import HomePage
from workshops.factories import agenda
from workshops.models import EventIndexPage, EventPage, EventReportPage


class EventPageStructureTests(WagtailPageTestCase):
    def test_structure(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, {EventReportPage})
        self.assertAllowedParentPageTypes(EventReportPage, {EventPage})

    def test_editor_creates_a_citizen_day_with_activities(self):
        user = get_user_model().objects.create_superuser("editor", "editor@example.org", "password-123456")
        self.client.force_login(user)
        index = agenda()
        start = timezone.localtime(timezone.now() + timedelta(days=20)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        fmt = "%Y-%m-%d %H:%M"
        data = nested_form_data(
            {
                "title": "Journée citoyenne de Montreuil-Bellay",
                "slug": "journee-montreuil-bellay",
                "kind": "citizen_day",
                "format": "in_person",
                "intro": "Chantiers et repas partagé.",
                "start": start.strftime(fmt),
                "end": (start + timedelta(hours=8)).strftime(fmt),
                "place_name": "Mairie",
                "address": "",
                "video_link": "",
                "programme": streamfield([]),
                "accessibility": "",
                "registration_opens": "",
                "registration_closes": "",
                "capacity": "",
                "has_waitlist": "on",
                "max_party_size": "4",
                "reminder_days": "2",
                "offer_window_hours": "48",
                "activities": inline_formset(
                    [
                        {
                            "title": "Chantier",
                            "description": "",
                            "start": start.strftime(fmt),
                            "end": (start + timedelta(hours=3)).strftime(fmt),
                            "team_leader": "",
                            "capacity": "12",
                        }
                    ]
                ),
                "action-publish": "publish",
            }
        )
        url = reverse("wagtailadmin_pages:add", args=["workshops", "eventpage", index.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        event = EventPage.objects.get(slug="journee-montreuil-bellay")
        self.assertTrue(event.live)
        self.assertEqual(event.activities.get().capacity, 12)
        self.assertPageIsRenderable(event)

    def test_admin_edit_views_render(self):
        from workshops import services
        from workshops.factories import make_event

        user = get_user_model().objects.create_superuser("editor", "editor@example.org", "password-123456")
        self.client.force_login(user)
        event = make_event(agenda(), activities=[("Chantier", 5)])
        registration = services.register_for_event(
            event, name="Alice", email="alice@example.org", activities=list(event.activities.all())
        )
        for url in (
            reverse("wagtailadmin_pages:edit", args=[event.pk]),
            reverse("wagtailadmin_explore", args=[event.get_parent().pk]),
            reverse("wagtailsnippets_workshops_registration:edit", args=[registration.pk]),
            reverse("wagtailsnippets_workshops_registration:inspect", args=[registration.pk]),
        ):
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.assertContains(
            self.client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])),
            reverse("wagtailsnippets_workshops_registration:event", args=[event.pk]),
        )
