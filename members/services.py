"""The rules of the members app: applying, moderating, identity changes and
representatives; then people profiles, the contact relay and alliances.

Every path goes through here — the public application form, the member area, the personal
links, the Wagtail admin's confirm views, the demo loader and the RGPD tools — so that the
same rule holds everywhere. A refusal is a `home.services.ServiceError` (or one of its
subclasses below).
"""

import datetime
import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

from home.emails import send_templated_email, staff_recipients
from home.models import NetworkSettings
from home.personal_data import forget_log_labels
from home.services import ServiceError, absolute_url

from .membership import Commune, Member, Representative
from .people import Alliance, Person, RelayedMessage, new_token
from .validators import comparable_name

INVITATION_SALT = "members.invitation"
INVITATION_MAX_AGE = 7 * 24 * 60 * 60  # a week to accept an invitation
ACTIVE_STATUSES = (Member.Status.PENDING, Member.Status.APPROVED)


class ModerationError(ServiceError):
    """An action that the member's current status does not allow."""


# --- Duplicates -----------------------------------------------------------------------


def find_duplicate(*, kind, name, insee_code="", siren="", rna="", exclude=None):
    """An approved or pending member that is the same structure (same identifier, or same
    kind and name), or None."""
    candidates = Member.objects.filter(status__in=ACTIVE_STATUSES)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    for field, value in (("insee_code", insee_code), ("siren", siren), ("rna", rna)):
        if value:
            duplicate = candidates.filter(**{field: value}).first()
            if duplicate is not None:
                return duplicate
    wanted = comparable_name(name)
    for candidate in candidates.filter(kind=kind).only("pk", "name", "status"):
        if comparable_name(candidate.name) == wanted:
            return candidate
    return None


def check_not_duplicate(**identity):
    duplicate = find_duplicate(**identity)
    if duplicate is None:
        return
    if duplicate.status == Member.Status.APPROVED:
        raise ValidationError(
            _("%(name)s is already a member of the network. Its representatives can log in to the member area."),
            code="already_member",
            params={"name": duplicate.name},
        )
    raise ValidationError(
        _("An application for %(name)s is already waiting for moderation. The network's staff will answer it soon."),
        code="already_pending",
        params={"name": duplicate.name},
    )


def unique_slug(name, exclude=None):
    base = slugify(name)[:200] or "membre"
    slug, number = base, 2
    others = Member.objects.all() if exclude is None else Member.objects.exclude(pk=exclude.pk)
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


# --- Status changes ---------------------------------------------------------------------


def _log(member, action, by=None, **data):
    """Record a change in the member's history (Wagtail's log entries, shown in the admin's
    history of the member, with who did it). Actions are registered in wagtail_hooks.py."""
    log(instance=member, action=action, user=by, data={key: value for key, value in data.items() if value})


def _set_status(member, status, action, by=None, **data):
    previous = member.status
    member.status = status
    member.save()
    _log(member, action, by, from_status=previous, to_status=status, **data)


@transaction.atomic
def submit_application(data, *, themes=(), language=None, by=None):
    """Create a pending member from an application's cleaned data; e-mail the applicant
    and the staff. `data` holds Member field values (validated by the form)."""
    check_not_duplicate(
        kind=data["kind"],
        name=data["name"],
        insee_code=data.get("insee_code", ""),
        siren=data.get("siren", ""),
        rna=data.get("rna", ""),
    )
    member = Member(**data)
    member.slug = unique_slug(member.name)
    member.status = Member.Status.PENDING
    member.language = language or translation.get_language() or "fr"
    member.charter_accepted_at = timezone.now()
    member.save()
    member.themes.set(themes)
    _log(member, "members.apply", by, to_status=Member.Status.PENDING)
    context = {"member": member}
    send_templated_email(
        "members/emails/application_received", context, [member.contact_email], language=member.language
    )
    _notify_staff("members/emails/staff_new_application", context)
    return member


def _notify_staff(template, context):
    recipients = staff_recipients()
    if recipients:
        send_templated_email(
            template, {**context, "admin_url": _admin_url(context["member"])}, recipients, language="fr"
        )


def _admin_url(member):
    return absolute_url(reverse("members_member:edit", args=[member.pk]))


@transaction.atomic
def approve(member, *, by=None, site_url=""):
    """Approve a pending application (or re-admit a withdrawn member); invite the contact
    person to the member area unless the structure already has a representative."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status not in (Member.Status.PENDING, Member.Status.WITHDRAWN, Member.Status.REJECTED):
        raise ModerationError(_("Only a pending, rejected or withdrawn member can be approved."))
    member.rejection_reason = ""
    _set_status(member, Member.Status.APPROVED, "members.approve", by=by)
    invitation_url = ""
    if member.contact_email and not member.representatives.exists():
        user = _representative_user(member, member.contact_email, member.contact_name)
        if user is not None:
            invitation_url = invitation_link(user, site_url, member.language)
    context = {"member": member, "invitation_url": invitation_url, "max_age_days": INVITATION_MAX_AGE // 86400}
    if member.contact_email:
        send_templated_email(
            "members/emails/application_approved", context, [member.contact_email], language=member.language
        )
    return member


@transaction.atomic
def reject(member, *, reason, by=None):
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.PENDING:
        raise ModerationError(_("Only a pending application can be rejected."))
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give the reason for the rejection: it is sent to the applicant."))
    member.rejection_reason = reason
    _set_status(member, Member.Status.REJECTED, "members.reject", by=by, reason=reason)
    context = {"member": member, "reason": reason}
    if member.contact_email:
        # The e-mail invites a reply: it goes to the staff, not to the no-reply sender.
        send_templated_email(
            "members/emails/application_rejected",
            context,
            [member.contact_email],
            language=member.language,
            reply_to=staff_reply_to(),
        )
    return member


def staff_reply_to():
    """Where replies to a moderation e-mail go: the staff address of the site settings,
    else the public contact address."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    network = NetworkSettings.for_site(site)
    address = network.staff_email or network.contact_email
    return [address] if address else []


@transaction.atomic
def withdraw(member, *, by=None, note="", action="members.withdraw"):
    """The structure leaves the network: its profile disappears from the directory and its
    representatives lose access to the member area (their accounts are kept)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.APPROVED:
        raise ModerationError(_("Only an approved member can be withdrawn."))
    _set_status(member, Member.Status.WITHDRAWN, action, by=by, reason=note)
    return member


@transaction.atomic
def leave_network(member, *, by, reason=""):
    """A representative withdraws their own structure from the member area: as `withdraw`,
    and the staff are told (with the reason, if given)."""
    member = withdraw(member, by=by, note=reason, action="members.leave")
    left_by = by.get_full_name() or by.get_username()
    _notify_staff("members/emails/staff_member_left", {"member": member, "left_by": left_by, "reason": reason})
    return member


# --- Identity changes from the member area ---------------------------------------------


@transaction.atomic
def request_identity_change(member, changes, *, by=None):
    """Keep changes to kind, name or identifiers aside for moderation: the public profile
    shows the approved values until staff apply them. Returns the changes kept."""
    changes = {
        field: value
        for field, value in changes.items()
        if field in Member.IDENTITY_FIELDS and value != getattr(member, field)
    }
    if not changes:
        return {}
    member.pending_changes = {**member.pending_changes, **changes}
    member.save(update_fields=["pending_changes", "updated_at"])
    _log(member, "members.identity_change.request", by, fields=sorted(changes))
    _notify_staff("members/emails/staff_identity_change", {"member": member})
    return changes


@transaction.atomic
def apply_identity_change(member, *, by=None):
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.pending_changes:
        raise ModerationError(_("This member has no change waiting for moderation."))
    changes = member.pending_changes
    for field, value in changes.items():
        if field in Member.IDENTITY_FIELDS:
            setattr(member, field, value)
    if member.kind == Member.Kind.COMMUNE and "insee_code" in changes:
        member.seat_commune = Commune.objects.filter(insee_code=member.insee_code).first() or member.seat_commune
    member.pending_changes = {}
    member.save()
    _log(member, "members.identity_change.apply", by, fields=sorted(changes))
    _email_representatives(member, "members/emails/identity_change_decided", {"applied": True})
    return member


@transaction.atomic
def discard_identity_change(member, *, by=None, reason=""):
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.pending_changes:
        raise ModerationError(_("This member has no change waiting for moderation."))
    fields = sorted(member.pending_changes)
    member.pending_changes = {}
    member.save(update_fields=["pending_changes", "updated_at"])
    _log(member, "members.identity_change.discard", by, fields=fields, reason=(reason or "").strip())
    _email_representatives(member, "members/emails/identity_change_decided", {"applied": False, "reason": reason})
    return member


def _email_representatives(member, template, extra):
    users = get_user_model().objects.filter(representative__member=member, is_active=True).exclude(email="")
    for user in users:
        context = {"member": member, "user": user, **extra}
        send_templated_email(template, context, [user.email], language=member.language)


# --- Representatives and their invitations ----------------------------------------------


def _representative_user(member, email, name=""):
    """Create the user and its Representative row for `member`; None if this e-mail
    already has an account (it may already speak for another structure)."""
    User = get_user_model()
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
        return None
    first_name, _sep, last_name = (name or "").strip().partition(" ")
    user = User(username=email, email=email, first_name=first_name[:150], last_name=last_name[:150])
    user.set_unusable_password()
    user.save()
    Representative.objects.create(user=user, member=member)
    return user


@transaction.atomic
def invite_representative(member, *, email, name="", invited_by=None, site_url="", language=None):
    """A representative invites a colleague to speak for the same structure."""
    if not member.is_approved:
        raise ModerationError(_("Only an approved member can invite representatives."))
    user = _representative_user(member, email, name)
    if user is None:
        raise ValidationError(
            _("This e-mail address already has an account. Ask the network's staff if it should change structure."),
            code="account_exists",
        )
    language = language or member.language
    context = {
        "member": member,
        "invited_by": invited_by,
        "invitation_url": invitation_link(user, site_url, language),
        "max_age_days": INVITATION_MAX_AGE // 86400,
    }
    send_templated_email("members/emails/colleague_invitation", context, [user.email], language=language)
    return user


def resend_invitations(member, *, site_url=""):
    """A fresh set-password link for each representative who has not set a password yet
    (their invitation may have expired). Returns how many were sent."""
    if not member.is_approved:
        raise ModerationError(_("Only an approved member's representatives can be invited."))
    users = [
        user
        for user in get_user_model().objects.filter(representative__member=member, is_active=True).exclude(email="")
        if not user.has_usable_password()
    ]
    for user in users:
        context = {
            "member": member,
            "invited_by": None,
            "invitation_url": invitation_link(user, site_url, member.language),
            "max_age_days": INVITATION_MAX_AGE // 86400,
        }
        send_templated_email("members/emails/colleague_invitation", context, [user.email], language=member.language)
    return len(users)


def _state(user):
    """Changes once the password is set (or the user logs in): the link is single-use."""
    login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None).isoformat()
    return salted_hmac(INVITATION_SALT, f"{user.pk}{user.password}{login}").hexdigest()[:20]


def make_invitation_token(user):
    return signing.dumps({"u": user.pk, "s": _state(user), "n": secrets.token_hex(4)}, salt=INVITATION_SALT)


def invitation_link(user, site_url="", language=None):
    with translation.override(language or "fr"):
        path = reverse("members:invitation", args=[make_invitation_token(user)])
    return absolute_url(path)


class InvitationError(ServiceError):
    MESSAGES = {
        "expired": _("This invitation has expired."),
        "invalid": _("This link is not valid. Check that you copied the whole address from the e-mail."),
        "used": _("This invitation has already been used: your password is set."),
    }

    def __init__(self, reason):
        super().__init__(self.MESSAGES[reason], code=reason)
        self.reason = reason  # "expired", "invalid" or "used"


def user_for_invitation(token):
    """The user an invitation token was made for, or InvitationError."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvitationError("expired") from None
    except signing.BadSignature:
        raise InvitationError("invalid") from None
    if not isinstance(payload, dict):
        raise InvitationError("invalid")
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None:
        raise InvitationError("invalid")
    if payload.get("s") != _state(user):
        raise InvitationError("used")
    return user


# --- Personal data (RGPD) ---------------------------------------------------------------


def members_with_contact(email):
    """Members whose private contact or public e-mail is this address."""
    email = email.strip()
    return Member.objects.filter(Q(contact_email__iexact=email) | Q(public_email__iexact=email))


def member_histories(members):
    """{member pk: its history (Wagtail's log entries `members.*`), oldest first}, in one
    query: what the personal-data export gives with each member."""
    histories = {member.pk: [] for member in members}
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Member),
        object_id__in=[str(pk) for pk in histories],
        action__startswith="members.",
    ).order_by("timestamp", "pk")
    for entry in entries:
        histories[int(entry.object_id)].append(entry)
    return histories


def accounts_of(email):
    email = email.strip()
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))


@transaction.atomic
def erase_contact(email):
    """The right to erasure for a member's contact person or representative: the member
    stays (it is a structure, not a person) with its contact fields emptied; accounts of
    the address are anonymised, deactivated and no longer speak for any structure. Staff
    accounts are left to the administrators. Returns the number of records changed."""
    email = email.strip()
    count = 0
    for member in members_with_contact(email):
        if member.contact_email.lower() == email.lower():
            member.contact_name = member.contact_role = member.contact_email = member.contact_phone = ""
        if member.public_email.lower() == email.lower():
            member.public_email = ""
        member.save(update_fields=["contact_name", "contact_role", "contact_email", "contact_phone", "public_email"])
        count += 1
    for user in accounts_of(email).filter(is_staff=False, is_superuser=False):
        Representative.objects.filter(user=user).delete()
        user.username = f"anonymised-{user.pk}"
        user.email = user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        count += 1
    return count


# --- People (practitioners), the contact relay and alliances ----------------------

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
        directory = apps.get_model("members", "PeopleDirectoryPage")  # a page: models.py imports this module
        url = directory.url_for_active_locale()
        name = "personal_link_fr" if translation.get_language() == "fr" else "personal_link"
        path = directory().reverse_subpage(name, kwargs={"token": personal_token(person)})
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
    # The history stays, without the person's name (the label of each entry).
    forget_log_labels(Person, [person.pk])
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
    forget_log_labels(Person, [person.pk for person in people])
    for person in people:
        person.delete()
    return count + len(people)
