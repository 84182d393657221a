import io

import pytest

from members import demo as members_demo
from members.models import Commune, Member
from members.people import Alliance, Person
from practices import demo
from practices.models import Competency, Practice

pytestmark = pytest.mark.django_db


def test_demo_answers_the_finder_in_every_intercommunality_of_the_demo(client, demo_site):
    members_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    assert Competency.objects.filter(locale__language_code="fr").count() == 30
    assert Competency.objects.filter(locale__language_code="en").count() == 30
    assert Person.objects.public().count() >= 50
    assert Practice.objects.published().count() >= 10
    assert Alliance.objects.filter(status="accepted").count() >= 5
    demo.load(io.StringIO())  # idempotent
    assert Competency.objects.filter(locale__language_code="fr").count() == 30
    codes = set(
        Commune.objects.filter(members__status=Member.Status.APPROVED)
        .values_list("intercommunality_code", flat=True)
        .distinct()
    )
    assert len(codes) >= 8
    for code in codes:
        # A theme every member shares: something near first, with counts.
        response = client.get(f"/qui-peut-m-aider/?theme=democratie-locale&territory=epci-{code}")
        assert response.status_code == 200, code
        results = response.context["results"]
        assert results["people_counts"]["total"] > 0 and results["practice_counts"]["total"] > 0
        nearby = [person for person in results["people"] if person.nearness <= 1]
        assert nearby or results["people_counts"]["same_intercommunality"] == 0
    # Each intercommunality has people of its own for some competency.
    for code in codes:
        assert Person.objects.public().filter(member__seat_commune__intercommunality_code=code).exists(), code
    response = client.get("/en/who-can-help-me/?competency=running-a-participatory-budget&territory=49007")
    assert response.status_code == 200 and response.context["results"]["practice_counts"]["total"] >= 1
