"""Builders for the roadmap's tests and demo: a roadmap page, axes and actions in French
with optional English translations, member structures and their representatives."""

import itertools
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone
from wagtail.models import Locale

from home import contributions
from home.forms import FORM_TOKEN_SALT
from home.models import HomePage, MinutesIndexPage, MinutesPage
from members.models import Member, Representative

from .mission_models import Mission
from .models import Action, Axis, RoadmapPage
from .services import calls

_counter = itertools.count(1)


def locales():
    return Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="en")


def make_roadmap_page(home, *, english_home=None, title="Feuille de route", slug="feuille-de-route"):
    page = RoadmapPage(title=title, slug=slug, intro="La feuille de route du réseau.")
    home.add_child(instance=page)
    page.save_revision().publish()
    if english_home is not None:
        _fr, en = locales()
        english = page.copy_for_translation(en)
        english.title = "Roadmap"
        english.slug = "roadmap"
        english.intro = "The network's roadmap."
        english.save_revision().publish()
    return page


def make_axis(title="Gouvernance", *, english=None, sort_order=None):
    fr, en = locales()
    axis = Axis.objects.create(
        locale=fr, title=title, sort_order=sort_order if sort_order is not None else next(_counter)
    )
    if english:
        translated = axis.copy_for_translation(en)
        translated.title = english
        translated.save()
    return axis


def make_action(axis, title=None, *, english=None, **fields):
    fr, en = locales()
    fields.setdefault("status", Action.Status.PLANNED)
    action = Action.objects.create(
        locale=fr, axis=axis, title=title or f"Action {next(_counter)}", description="Une description.", **fields
    )
    if english:
        translated = action.copy_for_translation(en)
        translated.title = english
        translated.description = "A description."
        translated.save()
    return action


def make_member(name=None, *, approved=True):
    number = next(_counter)
    name = name or f"Structure {number}"
    return Member.objects.create(
        kind=Member.Kind.ASSOCIATION,
        name=name,
        slug=f"structure-{number}",
        status=Member.Status.APPROVED if approved else Member.Status.PENDING,
    )


def make_representative(member, username=None):
    username = username or f"rep{next(_counter)}"
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password="pw-12345")  # noqa: S106 — test accounts
    Representative.objects.create(user=user, member=member)
    return user


def bot_fields():
    """The hidden fields of a public form, as a browser would send them."""
    return {"website": "", "form_started": signing.dumps(time.time() - 10, salt=FORM_TOKEN_SALT)}


def make_mission(*, action=None, event=None, title="Planter la haie", capacity=3, days=10, **fields):
    """A volunteer mission of an action or an event, `days` from now, two hours long."""
    start = timezone.now() + timedelta(days=days)
    fields.setdefault("place", "Jardin partagé")
    return Mission.objects.create(
        action=action,
        event=event,
        title=title,
        capacity=capacity,
        start=start,
        end=start + timedelta(hours=2),
        **fields,
    )


def make_minutes(body, *, days=14, title="Comité de pilotage"):
    """A minutes page of `body`'s meeting `days` from today, under a minutes index."""
    index = MinutesIndexPage.objects.filter(locale__language_code="fr").first()
    if index is None:
        home = HomePage.objects.filter(locale__language_code="fr").first()
        index = home.add_child(
            instance=MinutesIndexPage(title="Comptes rendus", slug=f"comptes-rendus-{next(_counter)}")
        )
    day = timezone.localdate() + timedelta(days=days)
    return index.add_child(
        instance=MinutesPage(title=f"{title} du {day:%d/%m/%Y}", slug=f"cr-{next(_counter)}", body=body, date=day)
    )


def published_idea(call, number=1, **fields):
    """An idea submitted to a call by a resident, confirmed and published."""
    idea = calls.submit_idea(
        call, title=f"Idée {number}", description="Texte.", name="Léa", email=f"lea{number}@example.org", **fields
    )
    calls.confirm_idea(calls.services.make_token(idea, calls.IDEA_SALT))
    return contributions.publish(idea)
