"""Commitments from the member area: a representative acts for their own structure only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap import services
from roadmap.factories import make_action, make_member, make_representative
from roadmap.models import Action, Commitment
from roadmap.wagtail_hooks import member_roadmap_area, member_roadmap_profile

pytestmark = pytest.mark.django_db

ADD_URL = "/roadmap/member/commitments/add/"


@pytest.fixture
def two_structures():
    first, second = make_member("Commune de Cholet"), make_member("Association Mosaïque")
    return (first, make_representative(first)), (second, make_representative(second))


def test_representative_commits_their_structure(client, action, two_structures):
    (member, user), _other = two_structures
    client.force_login(user)
    assert client.get(f"{ADD_URL}?action={action.pk}").status_code == 200
    response = client.post(ADD_URL, {"action": action.pk, "kind": "room", "description": "La salle du Puy"})
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.member == member and commitment.action == action
    assert "La salle du Puy" in client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()


def test_a_representative_cannot_commit_another_structure(client, action, two_structures):
    (member, user), (other, _other_user) = two_structures
    client.force_login(user)
    client.post(ADD_URL, {"action": action.pk, "kind": "funding", "description": "500 €", "member": other.pk})
    assert Commitment.objects.get().member == member


def test_a_representative_cannot_withdraw_another_structures_commitment(client, action, two_structures):
    (member, user), (other, other_user) = two_structures
    theirs = services.commit(other, action, "volunteers", "Deux bénévoles")
    mine = services.commit(member, action, "room", "Une salle")
    client.force_login(user)
    assert client.get(f"/roadmap/member/commitments/{theirs.pk}/withdraw/").status_code == 404
    assert client.post(f"/roadmap/member/commitments/{theirs.pk}/withdraw/").status_code == 404
    assert Commitment.objects.filter(pk=theirs.pk).exists()
    assert client.get(f"/roadmap/member/commitments/{mine.pk}/withdraw/").status_code == 200
    assert client.post(f"/roadmap/member/commitments/{mine.pk}/withdraw/").status_code == 302
    assert not Commitment.objects.filter(pk=mine.pk).exists()
    with pytest.raises(Commitment.DoesNotExist):
        services.withdraw_commitment(member, theirs.pk)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "room", "description": ""},
        {"kind": "nope", "description": "x"},
        {"kind": "room", "description": "x", "action": "999999"},
    ],
)
def test_commitment_with_bad_input(client, action, two_structures, data):
    (_member, user), _ = two_structures
    client.force_login(user)
    response = client.post(ADD_URL, {"action": action.pk, **data})
    assert response.status_code == 422
    assert Commitment.objects.count() == 0


def test_closed_actions_take_no_commitment(axis, two_structures):
    (member, _user), _ = two_structures
    done = make_action(axis, status=Action.Status.DONE)
    with pytest.raises(services.RoadmapError):
        services.commit(member, done, "room", "x")


def test_member_area_needs_a_representative(client, django_user_model, action):
    assert client.get(ADD_URL).status_code == 302
    client.force_login(django_user_model.objects.create_user(username="visitor", password="x"))
    assert client.get(ADD_URL).status_code == 403
    assert client.get("/roadmap/member/propose/").status_code == 403


def test_hidden_commitment_is_not_public(client, action, two_structures):
    (member, _user), _ = two_structures
    commitment = services.commit(member, action, "expertise", "Notre juriste")
    services.hide_commitment(commitment)
    assert "Notre juriste" not in client.get(f"/feuille-de-route/actions/{action.pk}/").content.decode()
    assert member_roadmap_profile(None, member) == []


def test_member_sections_show_actions_and_commitments_in_constant_queries(rf, axis, two_structures):
    (member, _user), _ = two_structures

    def measure(n):
        for i in range(n):
            action = make_action(axis, f"A{i}", lead_member=member if i % 2 else None)
            action.contributing_members.add(member)
            services.commit(member, action, "room", f"Salle {i}")
        request = rf.get("/")
        member_roadmap_profile(request, member)  # warm the site-root cache
        with CaptureQueriesContext(connection) as profile_queries:
            profile = member_roadmap_profile(request, member)
        with CaptureQueriesContext(connection) as area_queries:
            area = member_roadmap_area(request, member)
        return len(profile_queries), len(area_queries), profile, area

    few = measure(3)
    many = measure(20)
    assert few[:2] == many[:2]
    template, context = many[2][0]
    assert len(context["actions"]) == 23 and len(context["commitments"]) == 23
    template, context = many[3][0]
    assert context["commitments"][0].withdraw_url.startswith("/roadmap/member/commitments/")
