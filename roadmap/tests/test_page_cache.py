"""The roadmap's pages with a public form (an action's or a proposal's support, a call's
idea form, an idea's support, a mission's sign-up) write the form's tokens as placeholders
(`{% form_tokens %}`, home/form_tokens.py): the page cache keeps them for anonymous visitors,
and each visitor, served the cached page, sends the form with tokens of their own — in
French and in English."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from roadmap import services
from roadmap.factories import make_member, make_mission, published_idea
from roadmap.models import IdeaSupport, Proposal, Support, Volunteer

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|form_started)" value="([^"]*)"')
RESIDENT = {"email": "lea@example.org", "consent": "on", "website": ""}


def action_page(action, call):
    url = f"actions/{action.pk}/"
    return url, f"{url}support/", RESIDENT, lambda: Support.objects.filter(email="lea@example.org").exists()


def proposal_page(action, call):
    proposal = services.propose(
        axis=action.axis, title="Un forum annuel", description="x", member=make_member("Mairie de Saumur")
    )
    url = f"proposals/{proposal.pk}/"
    return url, url, RESIDENT, lambda: Proposal.objects.get().supports.filter(email="lea@example.org").exists()


def call_page(action, call):
    url = f"appels/{call.pk}/"
    idea = {"title": "Un atelier vélo", "description": "Réparer ensemble.", "name": "Léa", **RESIDENT}
    return url, url, idea, lambda: call.ideas.filter(email="lea@example.org").exists()


def idea_page(action, call):
    idea = published_idea(call)
    url = f"appels/{call.pk}/idees/{idea.pk}/"
    return url, url, RESIDENT, lambda: IdeaSupport.objects.filter(email="lea@example.org").exists()


def mission_page(action, call):
    mission = make_mission(action=action, capacity=3)
    url = f"missions/{mission.pk}/"
    return url, url, {"name": "Léa", **RESIDENT}, lambda: Volunteer.objects.filter(email="lea@example.org").exists()


ROADMAP = {"fr": "/feuille-de-route/", "en": "/en/roadmap/"}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("page", [action_page, proposal_page, call_page, idea_page, mission_page])
def test_a_roadmap_page_with_a_public_form_is_cached_and_takes_the_form(settings, action, call, page, language):
    settings.PAGE_CACHE_ENABLED = True
    url, post_url, data, saved = page(action, call)
    url, post_url = ROADMAP[language] + url, ROADMAP[language] + post_url
    cache.clear()
    assert Client(enforce_csrf_checks=True).get(url).get("X-Page-Cache") != "hit"
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(url)
    assert response.status_code == 200 and response.get("X-Page-Cache") == "hit"
    assert f'lang="{language}"' in response.content.decode()
    tokens = dict(TOKENS.findall(response.content.decode()))
    assert set(tokens) == {"csrfmiddlewaretoken", "form_started"} and "@@" not in "".join(tokens.values())
    # Without the page's tokens, Django's CSRF check refuses the form.
    assert Client(enforce_csrf_checks=True).post(post_url, data).status_code == 403
    assert not saved()
    assert visitor.post(post_url, {**data, **tokens}).status_code == 302
    assert saved()
