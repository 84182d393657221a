"""The rules of membership: applying, moderating, identity changes and representatives.

Every path goes through here — the public application form, the member area, the Wagtail
admin's confirm views and the demo loader — so that the same rule holds everywhere."""

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from home.emails import send_templated_email, staff_recipients

from .models import Member, MemberStatusChange, Representative
from .validators import comparable_name

INVITATION_SALT = "members.invitation"
INVITATION_MAX_AGE = 7 * 24 * 60 * 60  # a week to accept an invitation
ACTIVE_STATUSES = (Member.Status.PENDING, Member.Status.APPROVED)


class ModerationError(Exception):
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


def _set_status(member, status, by=None, note=""):
    previous = member.status
    member.status = status
    member.save()
    MemberStatusChange.objects.create(member=member, from_status=previous, to_status=status, changed_by=by, note=note)


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
    MemberStatusChange.objects.create(
        member=member, from_status="", to_status=Member.Status.PENDING, changed_by=by, note="application"
    )
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
    from home.services import absolute_url

    return absolute_url(reverse("members_member:edit", args=[member.pk]))


@transaction.atomic
def approve(member, *, by=None, site_url=""):
    """Approve a pending application (or re-admit a withdrawn member); invite the contact
    person to the member area unless the structure already has a representative."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status not in (Member.Status.PENDING, Member.Status.WITHDRAWN, Member.Status.REJECTED):
        raise ModerationError(_("Only a pending, rejected or withdrawn member can be approved."))
    member.rejection_reason = ""
    _set_status(member, Member.Status.APPROVED, by=by)
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
    _set_status(member, Member.Status.REJECTED, by=by, note=reason)
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
    from wagtail.models import Site

    from home.models import NetworkSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    network = NetworkSettings.for_site(site)
    address = network.staff_email or network.contact_email
    return [address] if address else []


@transaction.atomic
def withdraw(member, *, by=None, note=""):
    """The structure leaves the network: its profile disappears from the directory and its
    representatives lose access to the member area (their accounts are kept)."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != Member.Status.APPROVED:
        raise ModerationError(_("Only an approved member can be withdrawn."))
    _set_status(member, Member.Status.WITHDRAWN, by=by, note=note)
    return member


@transaction.atomic
def leave_network(member, *, by, reason=""):
    """A representative withdraws their own structure from the member area: as `withdraw`,
    and the staff are told (with the reason, if given)."""
    member = withdraw(member, by=by, note=reason)
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
    MemberStatusChange.objects.create(
        member=member,
        from_status=member.status,
        to_status=member.status,
        changed_by=by,
        note="identity change requested: " + ", ".join(sorted(changes)),
    )
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
        from .models import Commune

        member.seat_commune = Commune.objects.filter(insee_code=member.insee_code).first() or member.seat_commune
    member.pending_changes = {}
    member.save()
    MemberStatusChange.objects.create(
        member=member, from_status=member.status, to_status=member.status, changed_by=by, note="identity change applied"
    )
    _email_representatives(member, "members/emails/identity_change_decided", {"applied": True})
    return member


@transaction.atomic
def discard_identity_change(member, *, by=None, reason=""):
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.pending_changes:
        raise ModerationError(_("This member has no change waiting for moderation."))
    member.pending_changes = {}
    member.save(update_fields=["pending_changes", "updated_at"])
    MemberStatusChange.objects.create(
        member=member,
        from_status=member.status,
        to_status=member.status,
        changed_by=by,
        note=f"identity change declined: {reason}".strip(),
    )
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
    from home.services import absolute_url

    return absolute_url(path)


class InvitationError(Exception):
    def __init__(self, reason):
        super().__init__(reason)
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
