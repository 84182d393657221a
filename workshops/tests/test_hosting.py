"""The representatives of a host member see and export the registrations of the events
their structure hosts (per activity: names, party sizes, needs; an RGPD notice);
another structure's events are not found."""

import pytest

from home.translations import translate
from roadmap.factories import make_member, make_representative
from workshops import services
from workshops.factories import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(citizen_day):
    member = make_member("Mairie de Chemillé")
    citizen_day.host_members.add(member)
    citizen_day.save_revision().publish()
    nature, velo = citizen_day.activities.order_by("sort_order")
    services.register_for_event(
        citizen_day, name="Alice", email="a@example.org", party_size=2, activities=[nature], needs="Fauteuil roulant",
        notify=False,
    )  # fmt: skip
    services.register_for_event(citizen_day, name="=Bob", email="b@example.org", activities=[velo], notify=False)
    return member


def url(event):
    return f"/member-area/events/{event.pk}/registrations/"


def test_host_representative_sees_registrations_per_activity(client, citizen_day, host):
    client.force_login(make_representative(host))
    response = client.get(url(citizen_day))
    assert response.status_code == 200
    groups = {group["activity"].title: group for group in response.context["groups"]}
    assert [r.name for r in groups["Chantier nature"]["registrations"]] == ["Alice"]
    assert groups["Chantier nature"]["seats"] == 2
    html = response.content.decode()
    assert "Fauteuil roulant" in html and "RGPD" in html
    # Linked from the member area.
    assert url(citizen_day) in client.get("/member-area/").content.decode()


def test_export_is_a_csv_without_formulas(client, citizen_day, host):
    client.force_login(make_representative(host))
    response = client.get(f"/member-area/events/{citizen_day.pk}/registrations.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Alice;2;" in text and "Fauteuil roulant" in text
    assert "'=Bob" in text


def test_another_structures_event_is_not_found(client, citizen_day, host):
    other = make_member("Autre structure")
    client.force_login(make_representative(other))
    assert client.get(url(citizen_day)).status_code == 404
    assert client.get(f"/member-area/events/{citizen_day.pk}/registrations.csv").status_code == 404
    assert client.get("/member-area/events/999999/registrations/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, citizen_day, host):
    response = client.get(url(citizen_day))
    assert response.status_code == 302 and "login" in response["Location"]


def test_english_page_of_the_hosted_event(client, index, citizen_day, host):
    translate(index, english())
    en_event = translate(citizen_day, english())
    client.force_login(make_representative(host))
    response = client.get(f"/en/member-area/events/{en_event.pk}/registrations/")
    assert response.status_code == 200
    assert response.context["source"].pk == citizen_day.pk
