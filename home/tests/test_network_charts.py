"""Charts of the network, drawn on the server as accessible SVG with their data tables:
on the staff dashboard (with the e-mails slot) and on the public page "Le réseau en
chiffres" (no third-party script, no personal data)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home.models import NetworkFiguresPage
from home.tests.factories import make_figures_page
from members.models import Commune, Member
from roadmap.factories import make_action, make_axis
from workshops.factories import agenda, make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(home_page):
    commune = Commune.objects.get_or_create(
        insee_code="49007", defaults={"name": "Angers", "intercommunality": "Angers Loire Métropole"}
    )[0]
    Member.objects.create(
        kind=Member.Kind.COMMUNE,
        name="Angers",
        slug="angers",
        status=Member.Status.APPROVED,
        seat_commune=commune,
        contact_email="secret-angers@example.org",
    )
    event = make_event(agenda(home_page), title="Journée de Cholet", kind="citizen_day", activities=[("Chantier", 4)])
    registration = Registration.objects.create(
        event=event, name="Zoé Secrète", email="zoe-secrete@example.org", party_size=2, status="confirmed"
    )
    registration.activities.set(event.activities.all())
    axis = make_axis("Gouverner ensemble")
    make_action(axis, "Écrire la charte", progress=60)
    make_action(axis, "Réunir le comité", progress=20)
    return event


@pytest.fixture
def figures_page(figures):
    """ "Le réseau en chiffres", in French and English, over the `figures`."""
    return make_figures_page()


def charts_in(html):
    return re.findall(r'<figure class="network-chart" id="([^"]+)"', html)


def test_staff_dashboard_shows_every_chart_with_its_table(client, figures):
    client.force_login(get_user_model().objects.create_superuser("tableau", "t@example.org", "pw"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert set(charts_in(html)) >= {
        "chart-registrations-over-time",
        "chart-fill-rate",
        "chart-members-by-kind",
        "chart-members-by-intercommunality",
        "chart-roadmap-progress",
        "chart-emails",
    }
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "Journée de Cholet" in html and "50 %" in html  # 2 seats of 4
    assert "Angers Loire Métropole" in html
    assert "40 %" in html  # (60 + 20) / 2
    figures_html = re.findall(r'<figure class="network-chart".*?</figure>', html, re.S)
    assert figures_html and not any("<script" in figure for figure in figures_html)


def test_public_page_shows_the_same_figures_without_private_data(client, figures_page):
    page = NetworkFiguresPage.objects.live().filter(locale__language_code="fr").first()
    assert page is not None
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert {
        "chart-registrations-over-time",
        "chart-fill-rate",
        "chart-members-by-kind",
        "chart-roadmap-progress",
    } <= set(charts_in(html))
    assert "chart-emails" not in html  # staff only
    assert "<table" in html and "<caption>" in html
    for private in ("zoe-secrete@example.org", "Zoé Secrète", "secret-angers@example.org"):
        assert private not in html


def test_public_page_in_english(client, figures_page):
    page = NetworkFiguresPage.objects.live().filter(locale__language_code="en").first()
    assert page is not None
    html = client.get(page.url).content.decode()
    assert "Members by kind" in html and "Roadmap progress by axis" in html


def test_charts_take_constant_queries(client, figures_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = NetworkFiguresPage.objects.live().filter(locale__language_code="fr").first()
    client.get(page.url)
    with CaptureQueriesContext(connection) as few:
        client.get(page.url)
    index = agenda()
    for number in range(8):
        make_event(index, title=f"Atelier {number}", kind="citizen_day", activities=[("A", 5)])
    client.get(page.url)  # the shared layout (menus) is rebuilt once after content changes
    with CaptureQueriesContext(connection) as many:
        client.get(page.url)
    assert len(many.captured_queries) == len(few.captured_queries)
