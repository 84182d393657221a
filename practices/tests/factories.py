"""Factories of the practices tests: a small competency framework in French and English, the
four pages (people directory, practices library, framework, finder), members with
representatives, people and practices. Each test builds what it needs on the demo site."""

import itertools
import time

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from home.forms import FORM_TOKEN_SALT
from members.models import Commune, DirectoryPage, Member, PeopleDirectoryPage, Person, Representative, Sector
from members.services import unique_slug
from practices.models import Competency, CompetencyFrameworkPage, Domain, FinderPage, Practice, PracticeIndexPage

_numbers = itertools.count(1)
PASSWORD = "a-long-password-2026"


def form_token():
    return signing.dumps(time.time() - 10, salt=FORM_TOKEN_SALT)


def make_member(name="Angers", kind=Member.Kind.COMMUNE, status=Member.Status.APPROVED, seat=None, **fields):
    commune = seat or Commune.objects.filter(name=name).first()
    if kind == Member.Kind.COMMUNE:
        fields.setdefault("insee_code", commune.insee_code)
    return Member.objects.create(
        kind=kind,
        name=name,
        slug=unique_slug(name),
        status=status,
        seat_commune=commune,
        contact_email=f"contact@{unique_slug(name)}.example",
        **fields,
    )


def make_representative(member, username=None):
    username = username or f"rep-{member.slug}-{next(_numbers)}"
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD)
    Representative.objects.create(user=user, member=member)
    return user


def make_framework():
    """Two domains, three competencies, each with its English translation."""
    fr = Locale.objects.get(language_code="fr")
    en = Locale.objects.get(language_code="en")
    result = {}
    for d_slug, d_fr, d_en, items in [
        ("mobiliser", "Mobiliser", "Mobilising", [("porte-a-porte", "Porte-à-porte", "Door-to-door visits")]),
        (
            "animer",
            "Animer",
            "Facilitating",
            [
                ("animer-reunion", "Animer une réunion", "Running a meeting"),
                ("facile-a-lire", "Écrire en facile à lire", "Easy-to-read writing"),
            ],
        ),
    ]:
        domain = Domain.objects.create(locale=fr, slug=d_slug, name=d_fr)
        domain_en = domain.copy_for_translation(en)
        domain_en.name = d_en
        domain_en.save()
        for slug, name_fr, name_en in items:
            competency = Competency.objects.create(
                locale=fr, domain=domain, slug=slug, name=name_fr, description=f"Décrire {name_fr}"
            )
            english = competency.copy_for_translation(en)
            english.domain = domain_en
            english.name = name_en
            english.slug = slug + "-en"
            english.save()
            result[slug] = competency
    return result


def make_sector(slug="jeunesse", name="Jeunesse"):
    fr = Locale.objects.get(language_code="fr")
    return Sector.objects.create(locale=fr, slug=slug, name=name)


def make_pages(home):
    """The directory, the people directory, the library, the framework and the finder, in
    French and English."""
    from home.translations import translate

    en = Locale.objects.get(language_code="en")
    pages = {}
    for key, model, slug, slug_en, title in [
        ("directory", DirectoryPage, "annuaire", "directory", ("Annuaire", "Directory")),
        ("people", PeopleDirectoryPage, "personnes-ressources", "people", ("Personnes ressources", "People")),
        ("practices", PracticeIndexPage, "pratiques", "practices", ("Pratiques", "Practices")),
        ("framework", CompetencyFrameworkPage, "referentiel", "framework", ("Référentiel", "Framework")),
        ("finder", FinderPage, "qui-peut-m-aider", "who-can-help-me", ("Qui peut m'aider ?", "Who can help me?")),
    ]:
        page = model(title=title[0], slug=slug)
        home.add_child(instance=page)
        page.save_revision().publish()
        translate(page, en, strings={title[0]: title[1]}, slugs={slug: slug_en})
        pages[key] = page
    cache.clear()
    from home import layout

    layout.reset()
    return pages


def make_person(member, name=None, public=True, **fields):
    number = next(_numbers)
    name = name or f"Personne {number}"
    relations = {key: fields.pop(key) for key in ("competencies", "themes", "sectors", "pivot_themes") if key in fields}
    person = Person.objects.create(
        member=member,
        name=name,
        slug=f"{unique_slug(name)}-{number}",
        category=fields.pop("category", Person.Category.MOBILISATION_AGENT),
        email=fields.pop("email", f"person{number}@example.org"),
        consented_at=timezone.now() if public else None,
        **fields,
    )
    for key, values in relations.items():
        getattr(person, key).set(values)
    return person


def make_practice(member, title=None, status=Practice.Status.PUBLISHED, competencies=(), contacts=(), **fields):
    number = next(_numbers)
    title = title or f"Pratique {number}"
    practice = Practice(
        member=member,
        locale=Locale.objects.get(language_code="fr"),
        title=title,
        slug=f"pratique-{number}",
        summary=fields.pop("summary", "Un résumé"),
        context="Le contexte",
        what_was_done="Ce qui a été fait",
        status=status,
        published_at=timezone.now() if status == Practice.Status.PUBLISHED else None,
        **fields,
    )
    practice.save()
    practice.competencies.set(competencies)
    practice.contact_people.set(contacts)
    return practice
