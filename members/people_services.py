"""The rules of people profiles, the contact relay and alliances: the only place their state
changes. The member area, the personal links, the admin, the demo and the RGPD tools all call
these functions; a refusal is a `home.services.ServiceError`."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from home.emails import send_templated_email
from home.services import ServiceError, absolute_url

from .models import Member
from .people import Alliance, PeopleDirectoryPage, Person, RelayedMessage, new_token
from .people_queries import search_text

PERSONAL_LINK_SALT = "members.person"
RELAYED_MESSAGE_RETENTION_DAYS = 180


def unique_person_slug(name, exclude=None):
    base = slugify(name)[:150] or "personne"
    slug, number = base, 2
    others = Person.objects.all() if exclude is None else Person.objects.exclude(pk=exclude.pk)
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def representatives_emails(member):
    return list(
        get_user_model()
        .objects.filter(representative__member=member, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


# --- Profiles -----------------------------------------------------------------------------


def check_person_of(person, member):
    """A representative acts only on their own structure's people."""
    if person is None or member is None or person.member_id != member.pk:
        raise ServiceError(_("This profile belongs to another structure."), code="not_allowed")


PERSON_RELATIONS = ("sectors", "themes", "competencies", "pivot_themes", "pivot_sectors")


@transaction.atomic
def save_person(member, data, *, person=None, by=None, language=None, notify=True):
    """Create (person=None) or update a profile of `member`'s people from cleaned data
    (fields and relations of `Person`). A new profile, or a new e-mail address, waits for
    the person's agreement: they receive their personal link to publish it."""
    if not member.is_approved:
        raise ServiceError(_("Only an approved member can list people."), code="not_allowed")
    creating = person is None
    if creating:
        person = Person(member=member, created_by=by, language=language or translation.get_language() or "fr")
    else:
        check_person_of(person, member)
        # A fresh copy: a model form has already changed the instance it was given.
        person = Person.objects.select_for_update().get(pk=person.pk)
    relations = {name: data.pop(name) for name in PERSON_RELATIONS if name in data}
    email_changed = not creating and data.get("email", person.email).lower() != person.email.lower()
    for field, value in data.items():
        setattr(person, field, value)
    if creating or person.slug == "" or "name" in data:
        person.slug = unique_person_slug(person.name, exclude=None if creating else person)
    if email_changed:
        # The new address has not agreed: the profile waits for its owner again.
        person.consented_at = None
        person.token = new_token()
    person.search_text = search_text(person)
    person.save()
    for name, values in relations.items():
        getattr(person, name).set(values)
    log(instance=person, action="wagtail.create" if creating else "wagtail.edit", user=by)
    if notify and (creating or email_changed):
        send_templated_email(
            "members/emails/person_invitation",
            {"person": person, "member": member, "link": personal_link(person)},
            [person.email],
            language=person.language,
        )
    return person


SIGNATURE_LENGTH = 64


def _signature(raw):
    return salted_hmac(PERSONAL_LINK_SALT, raw, algorithm="sha256").hexdigest()


def personal_token(person):
    """The person's random token followed by its HMAC with the site's secret: unguessable,
    unforgeable, and made only of letters, digits, "-" and "_" (Wagtail's page URLs accept
    no other character)."""
    return person.token + _signature(person.token)


def person_for_token(signed_token):
    """The profile a personal link points to, or None (tampered, foreign or revoked link)."""
    signed_token = signed_token or ""
    raw, signature = signed_token[:-SIGNATURE_LENGTH], signed_token[-SIGNATURE_LENGTH:]
    if not raw or len(signed_token) > 200 or not constant_time_compare(signature, _signature(raw)):
        return None
    return Person.objects.select_related("member").filter(token=raw).first()


def personal_link(person):
    """The absolute URL of the person's page to publish, hide or delete their profile."""
    with translation.override(person.language or "fr"):
        url = PeopleDirectoryPage.url_for_active_locale()
        name = "personal_link_fr" if translation.get_language() == "fr" else "personal_link"
        path = PeopleDirectoryPage().reverse_subpage(name, kwargs={"token": personal_token(person)})
    return absolute_url(url + path) if url else ""


@transaction.atomic
def agree_to_publication(person):
    if person.consented_at is None:
        person.consented_at = timezone.now()
    person.hidden = False
    person.save(update_fields=["consented_at", "hidden", "updated_at"])
    log(instance=person, action="members.person.publish", user=None)
    return person


@transaction.atomic
def hide_profile(person):
    person.hidden = True
    person.save(update_fields=["hidden", "updated_at"])
    log(instance=person, action="members.person.hide", user=None)
    return person


@transaction.atomic
def delete_profile(person, by=None, member=None):
    """The person's own deletion (personal link) or a representative's (member area)."""
    if member is not None:
        check_person_of(person, member)
    log(instance=person, action="wagtail.delete", user=by)
    person.delete()


# --- The contact relay ----------------------------------------------------------------------


@transaction.atomic
def relay_message(person, *, sender_name, sender_email, message, language=None):
    """Send a visitor's message to a person whose profile is public. The person's address is
    never shown to the sender; the sender's address is in the relayed e-mail's Reply-To."""
    if person is None or not person.is_public:
        raise ServiceError(_("This person cannot be contacted through the site."), code="not_public")
    relayed = RelayedMessage.objects.create(
        person=person,
        sender_name=sender_name,
        sender_email=sender_email,
        message=message,
        language=language or translation.get_language() or "fr",
    )
    send_templated_email(
        "members/emails/relayed_message",
        {"person": person, "relayed": relayed, "link": personal_link(person)},
        [person.email],
        language=person.language,
        reply_to=[sender_email],
    )
    return relayed


def purge_relayed_messages(days=RELAYED_MESSAGE_RETENTION_DAYS, now=None):
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    count, _detail = RelayedMessage.objects.filter(sent_at__lt=cutoff).delete()
    return count


# --- Alliances ---------------------------------------------------------------------------------


def active_alliance_between(first, second):
    return Alliance.objects.filter(
        Q(proposer=first, partner=second) | Q(proposer=second, partner=first),
        status__in=(Alliance.Status.PROPOSED, Alliance.Status.ACCEPTED),
    ).first()


@transaction.atomic
def propose_alliance(member, partner, *, purpose, by=None, site_url=""):
    if partner is None or not partner.is_approved:
        raise ServiceError(_("Choose a member of the network."), code="unknown_partner", field="partner")
    if partner.pk == member.pk:
        raise ServiceError(_("A structure cannot ally with itself."), code="self", field="partner")
    # Lock both members so that two crossed proposals cannot both pass the check.
    list(Member.objects.select_for_update().filter(pk__in=[member.pk, partner.pk]).order_by("pk"))
    existing = active_alliance_between(member, partner)
    if existing is not None:
        if existing.status == Alliance.Status.ACCEPTED:
            raise ServiceError(_("Your structures are already allied."), code="already_allied", field="partner")
        raise ServiceError(
            _("An alliance between your structures is already waiting for an answer."),
            code="already_proposed",
            field="partner",
        )
    alliance = Alliance.objects.create(proposer=member, partner=partner, purpose=purpose, proposed_by=by)
    log(instance=alliance, action="members.alliance.propose", user=by)
    recipients = representatives_emails(partner)
    if recipients:
        send_templated_email(
            "members/emails/alliance_proposed",
            {"alliance": alliance, "area_url": absolute_url(_member_area_path(partner.language))},
            recipients,
            language=partner.language,
        )
    return alliance


def _member_area_path(language):
    from django.urls import reverse

    with translation.override(language or "fr"):
        return reverse("members:dashboard")


@transaction.atomic
def answer_alliance(alliance, member, *, accept, by=None):
    """The partner accepts or declines a proposed alliance."""
    alliance = Alliance.objects.select_for_update().select_related("proposer", "partner").get(pk=alliance.pk)
    if alliance.partner_id != member.pk:
        raise ServiceError(_("Only the invited structure can answer this proposal."), code="not_allowed")
    if alliance.status != Alliance.Status.PROPOSED:
        raise ServiceError(_("This proposal has already been answered."), code="answered")
    alliance.status = Alliance.Status.ACCEPTED if accept else Alliance.Status.DECLINED
    alliance.answered_at = timezone.now()
    alliance.save(update_fields=["status", "answered_at"])
    log(instance=alliance, action="members.alliance.accept" if accept else "members.alliance.decline", user=by)
    recipients = representatives_emails(alliance.proposer)
    if recipients:
        send_templated_email(
            "members/emails/alliance_answered",
            {"alliance": alliance, "accepted": accept},
            recipients,
            language=alliance.proposer.language,
        )
    return alliance


@transaction.atomic
def end_alliance(alliance, member, *, by=None):
    """Either party ends an accepted alliance (or withdraws its own proposal)."""
    alliance = Alliance.objects.select_for_update().get(pk=alliance.pk)
    if member.pk not in (alliance.proposer_id, alliance.partner_id):
        raise ServiceError(_("This alliance belongs to other structures."), code="not_allowed")
    if alliance.status not in (Alliance.Status.ACCEPTED, Alliance.Status.PROPOSED):
        raise ServiceError(_("This alliance has already ended."), code="answered")
    alliance.status = Alliance.Status.ENDED
    alliance.answered_at = timezone.now()
    alliance.save(update_fields=["status", "answered_at"])
    log(instance=alliance, action="members.alliance.end", user=by)
    return alliance


# --- Personal data (RGPD) -------------------------------------------------------------------


def people_of(email):
    return Person.objects.filter(email__iexact=email.strip()).select_related("member")


def messages_of(email):
    """Messages sent by this address, or to a profile of this address."""
    email = email.strip()
    return RelayedMessage.objects.filter(Q(sender_email__iexact=email) | Q(person__email__iexact=email)).select_related(
        "person"
    )


@transaction.atomic
def erase_people_data(email):
    """Erase the profiles of this address (with the messages sent to them) and the messages
    this address sent. Returns the number of records erased."""
    count, _detail = messages_of(email).delete()
    people = list(people_of(email))
    for person in people:
        person.delete()
    return count + len(people)
