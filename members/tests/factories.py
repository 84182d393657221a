"""Builders for the members tests: themes, the two directory pages (French, with their
English translations), members, representatives, people and alliances. Each test builds what
it needs on the site's home page; `test_demo.py` alone loads the demo content."""

import itertools

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale, Site

from home.models import Theme
from members.models import Alliance, Commune, DirectoryPage, Member, PeopleDirectoryPage, Person, Representative
from members.services import unique_person_slug, unique_slug

_numbers = itertools.count(1)
PASSWORD = "a-long-password-2026"


def locales():
    return Locale.objects.get(language_code="fr"), Locale.objects.get(language_code="en")


def french_home():
    return Site.objects.get(is_default_site=True).root_page.specific


def make_theme(slug, name, english=None):
    """A theme in French, with its English translation when `english` is given."""
    fr, en = locales()
    theme = Theme.objects.create(locale=fr, slug=slug, name=name)
    if english:
        translated = theme.copy_for_translation(en)
        translated.name, translated.slug = english, f"{slug}-en"
        translated.save()
    return theme


def _page_with_translation(page, english_title, english_slug):
    fr, en = locales()
    french_home().add_child(instance=page)
    page.save_revision().publish()
    english = page.copy_for_translation(en)
    english.title, english.slug = english_title, english_slug
    english.save_revision().publish()
    cache.clear()
    return page


def make_directory():
    """The members' directory at /annuaire/ and /en/directory/."""
    page = DirectoryPage(title="Annuaire des membres", slug="annuaire", intro="Les membres du réseau.")
    return _page_with_translation(page, "Members' directory", "directory")


def make_people_directory():
    """The people directory at /personnes-ressources/ and /en/people/."""
    page = PeopleDirectoryPage(title="Personnes ressources", slug="personnes-ressources")
    return _page_with_translation(page, "People", "people")


def make_member(name="Cholet", kind=Member.Kind.COMMUNE, status=Member.Status.APPROVED, seat=None, **fields):
    """A member with a contact; a commune takes its INSEE code and seat from the reference
    data (load it first: the `communes` fixture)."""
    slug = unique_slug(name)
    commune = fields.pop("seat_commune", None) or seat or Commune.objects.filter(name=name).first()
    if kind == Member.Kind.COMMUNE and commune is not None:
        fields.setdefault("insee_code", commune.insee_code)
    fields.setdefault("contact_email", f"contact@{slug}.example")
    fields.setdefault("contact_name", "Contact Person")
    return Member.objects.create(kind=kind, name=name, slug=slug, status=status, seat_commune=commune, **fields)


def make_representative(member, username=None, password=PASSWORD):
    username = username or f"rep-{member.slug}"
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password=password)
    Representative.objects.create(user=user, member=member)
    return user


def make_person(member, name=None, public=True, **fields):
    name = name or f"Personne {next(_numbers)}"
    relations = {key: fields.pop(key) for key in ("themes", "sectors", "pivot_themes", "competencies") if key in fields}
    person = Person.objects.create(
        member=member,
        name=name,
        slug=unique_person_slug(name),
        category=fields.pop("category", Person.Category.MOBILISATION_AGENT),
        email=fields.pop("email", f"personne{next(_numbers)}@example.org"),
        consented_at=timezone.now() if public else None,
        **fields,
    )
    for key, values in relations.items():
        getattr(person, key).set(values)
    return person


def make_alliance(proposer, partner, status=Alliance.Status.ACCEPTED, purpose="Agir ensemble"):
    return Alliance.objects.create(
        proposer=proposer,
        partner=partner,
        status=status,
        purpose=purpose,
        answered_at=timezone.now() if status != Alliance.Status.PROPOSED else None,
    )
