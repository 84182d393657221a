"""The roadmap's rules, shared by the public views, the member area, the admin, the API and
the demo: proposing and moderating actions, supporting them, following their updates and
committing a member structure to them (here); calls for ideas (`services.calls`), volunteer
missions (`services.missions`) and the governing bodies' agenda and decisions
(`services.agenda`) in the modules beside this one."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from home.emails import send_templated_email, staff_recipients
from home.models import Publication
from home.page_cache import clear_page_cache
from home.personal_links import PersonalLink
from home.services import ServiceError, absolute_url
from members.services import staff_reply_to

from ..mission_models import Volunteer
from ..models import Action, ActionUpdate, Commitment, Proposal, Support, localized_texts, roadmap_page_for_language

CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a week to open a confirmation link
PROPOSAL_SALT = "roadmap.proposal.confirm"
SUPPORT_SALT = "roadmap.support.confirm"
UNSUBSCRIBE_SALT = "roadmap.support.unsubscribe"


class RoadmapError(ServiceError):
    """A rule refused the request; `message` is safe to show to the person."""

    def __init__(self, message, code):
        super().__init__(message, code)


class InvalidToken(RoadmapError):
    def __init__(self, expired=False):
        if expired:
            super().__init__(_("This link has expired. Please send the form again."), "expired")
        else:
            super().__init__(_("This link is not valid. Check that you copied it in full."), "invalid")


# --- Tokens ---------------------------------------------------------------------------


def _address_digest(email):
    """A keyed digest of an address: a token proves which address it was sent to without
    carrying the address (a signed token's payload is only base64, readable by anyone)."""
    key = (settings.SECRET_KEY + "roadmap.address").encode()
    return hashlib.blake2b(email.lower().encode(), key=key[:64], digest_size=12).hexdigest()


def make_token(obj, salt):
    """A signed token naming one object and (as a digest) the e-mail address it was sent to."""
    return signing.dumps({"pk": obj.pk, "a": _address_digest(obj.email)}, salt=salt)


def _read_token(token, salt, max_age=None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise InvalidToken(expired=True) from None
    except signing.BadSignature:
        raise InvalidToken() from None
    if not isinstance(data, dict) or not isinstance(data.get("pk"), int):
        raise InvalidToken()
    if not isinstance(data.get("a"), str) and not isinstance(data.get("email"), str):
        raise InvalidToken()
    return data


def _object_for_token(model, token, salt, max_age=None):
    data = _read_token(token, salt, max_age)
    obj = model.objects.filter(pk=data["pk"]).first()
    if obj is None:
        raise InvalidToken()
    if "a" in data:
        valid = data["a"] == _address_digest(obj.email)
    else:  # links sent before addresses were digested, still valid until they expire
        valid = obj.email.lower() == data["email"]
    if not valid:
        raise InvalidToken()
    return obj


# --- Links ----------------------------------------------------------------------------


def _roadmap_page(language):
    return roadmap_page_for_language(language)


def _absolute(path):
    return absolute_url(path)


def _url(name, language, **kwargs):
    with translation.override(language):
        return _absolute(reverse(f"roadmap:{name}", kwargs=kwargs))


def action_url(action, language):
    page = _roadmap_page(language)
    if page is None:
        return ""
    return _absolute(page.url + page.reverse_subpage("action", args=[action.pk]))


def proposals_url(language):
    page = _roadmap_page(language)
    if page is None:
        return ""
    return _absolute(page.url + page.reverse_subpage("proposals"))


def _normalise_email(email):
    return (email or "").strip().lower()


# --- Proposals ------------------------------------------------------------------------


def propose(*, axis, title, description, name="", email="", member=None, language="fr"):
    """A resident's proposal waits for the e-mail confirmation; a member's goes
    straight to moderation."""
    if member is None and not (name.strip() and _normalise_email(email)):
        raise RoadmapError(_("A name and an e-mail address are needed."), "missing_identity")
    proposal = Proposal.objects.create(
        axis=axis,
        title=title.strip(),
        description=description.strip(),
        member=member,
        name=name.strip() if member is None else "",
        email=_normalise_email(email) if member is None else "",
        language=language,
        status=Proposal.Status.UNCONFIRMED if member is None else Proposal.Status.OPEN,
        # A resident's text waits for the staff's review before it is shown (home.contributions).
        publication=Publication.PENDING if member is None else Publication.PUBLISHED,
    )
    if member is None:
        send_templated_email(
            "roadmap/emails/proposal_confirm",
            {
                "proposal": proposal,
                "confirm_url": _url("confirm_proposal", language, token=make_token(proposal, PROPOSAL_SALT)),
            },
            [proposal.email],
            language=language,
        )
    else:
        proposal.confirmed_at = timezone.now()
        proposal.save(update_fields=["confirmed_at"])
        _notify_staff_of_proposal(proposal)
    return proposal


def confirm_proposal(token):
    """Open the confirmation link: the proposal reaches moderation (idempotent)."""
    proposal = _object_for_token(Proposal, token, PROPOSAL_SALT, CONFIRM_MAX_AGE)
    with transaction.atomic():
        updated = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.UNCONFIRMED).update(
            status=Proposal.Status.OPEN, confirmed_at=timezone.now()
        )
        clear_page_cache()  # a queryset update sends no signal
    proposal.refresh_from_db()
    if updated:
        _notify_staff_of_proposal(proposal)
    return proposal


def _notify_staff_of_proposal(proposal):
    recipients = staff_recipients()
    if recipients:
        send_templated_email(
            "roadmap/emails/proposal_to_moderate",
            {"proposal": proposal, "admin_url": _absolute(reverse("wagtailsnippets_roadmap_proposal:list"))},
            recipients,
            language="fr",
        )


def _staff_reply_to():
    return staff_reply_to()


def proposer_addresses(proposal):
    """Where the decision about a proposal is e-mailed ([] when nobody can be)."""
    return proposal.author_addresses()


ON_AGENDA = _("This proposal is on the agenda of the governing body: record the body's decision on its agenda item.")


def _on_agenda(proposal):
    return proposal.agenda_items.filter(outcome="pending").exists()


def accept_proposal(proposal, *, user=None, axis=None, by_body=False):
    """The proposal becomes an action of the roadmap (status 'proposed'), led by the
    proposing member if any; its supporters move to the action; the proposer is told.
    A proposal on a body's agenda is decided there (`by_body`, see roadmap.agenda),
    which tells the proposer itself."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.OPEN:
            raise RoadmapError(_("Only an open proposal can be accepted."), "not_open")
        if not by_body and _on_agenda(proposal):
            raise RoadmapError(ON_AGENDA, "on_agenda")
        axis = axis or proposal.axis
        action = Action.objects.create(
            axis=axis,
            locale_id=axis.locale_id,
            title=proposal.title,
            description=proposal.description,
            status=Action.Status.PROPOSED,
            lead_member=proposal.member,
        )
        proposal.status = Proposal.Status.ACCEPTED
        proposal.publication = Publication.PUBLISHED
        proposal.action = action
        proposal.decided_at = timezone.now()
        proposal.decided_by = user
        proposal.save()
        Support.objects.bulk_create(
            [
                Support(
                    action=action,
                    member=support.member,
                    email=support.email,
                    language=support.language,
                    notify_updates=support.notify_updates,
                    confirmed_at=support.confirmed_at,
                )
                for support in proposal.supports.all()
            ],
            ignore_conflicts=True,
        )
        if not by_body:
            recipients = proposal.author_addresses()
            if recipients:
                send_templated_email(
                    "roadmap/emails/proposal_accepted",
                    {"proposal": proposal, "action_url": action_url(action, proposal.language)},
                    recipients,
                    language=proposal.language,
                )
            announce_decision(proposal, already_told=recipients)
    return action


def announce_decision(proposal, *, already_told=()):
    """Tell the other apps that a proposal was decided (the follows app e-mails its
    followers), inside the decision's transaction. `already_told`: the addresses the
    decision was e-mailed to, which get no second e-mail about it."""
    told = {address.lower() for address in already_told}
    for hook in hooks.get_hooks("after_proposal_decision"):
        hook(proposal, already_told=told)


def decline_proposal(proposal, reason, *, user=None, by_body=False):
    reason = (reason or "").strip()
    if not reason:
        raise RoadmapError(_("Give the reason: it is shown publicly with the proposal."), "missing_reason")
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != Proposal.Status.OPEN:
            raise RoadmapError(_("Only an open proposal can be declined."), "not_open")
        if not by_body and _on_agenda(proposal):
            raise RoadmapError(ON_AGENDA, "on_agenda")
        proposal.status = Proposal.Status.DECLINED
        proposal.decline_reason = reason
        if proposal.publication == Publication.PENDING:
            # Declined with a public reason: shown with it (staff hide what must not be shown).
            proposal.publication = Publication.PUBLISHED
        proposal.decided_at = timezone.now()
        proposal.decided_by = user
        proposal.save()
        if not by_body:
            recipients = proposal.author_addresses()
            if recipients:
                send_templated_email(
                    "roadmap/emails/proposal_declined",
                    {"proposal": proposal, "proposals_url": proposals_url(proposal.language)},
                    recipients,
                    language=proposal.language,
                    reply_to=_staff_reply_to(),
                )
            announce_decision(proposal, already_told=recipients)
    return proposal


# --- Supports -------------------------------------------------------------------------


@dataclass
class SupportResult:
    support: Support
    needs_confirmation: bool


def _check_target(action, proposal):
    if (action is None) == (proposal is None):
        raise ValueError("Support exactly one action or one proposal.")
    if action is not None:
        if action.is_dropped:
            raise RoadmapError(_("This action was dropped: it can no longer be supported."), "dropped")
    elif not proposal.is_open or not proposal.is_published:
        raise RoadmapError(_("Only open proposals can be supported."), "proposal_closed")


ALREADY_SUPPORTED = _("You already support this. Each person can support it only once.")


def support(*, action=None, proposal=None, member=None, email="", notify=False, language="fr"):
    """Support an action (in the roadmap's language) or an open proposal, once per person.
    A member's support counts at once; a resident's once the e-mail link is opened."""
    if action is not None:
        action = action.canonical
    _check_target(action, proposal)
    email = _normalise_email(email)
    if member is None and not email:
        raise RoadmapError(_("An e-mail address is needed."), "missing_identity")
    target = {"action": action} if action is not None else {"proposal": proposal}
    if member is None:
        existing = Support.objects.filter(email=email, **target).first()
        if existing is not None:
            if existing.is_confirmed:
                raise RoadmapError(ALREADY_SUPPORTED, "already")
            _send_support_confirmation(existing)
            return SupportResult(existing, needs_confirmation=True)
    try:
        with transaction.atomic():
            created = Support.objects.create(
                member=member,
                email=email if member is None else "",
                language=language,
                notify_updates=notify,
                confirmed_at=timezone.now() if member is not None else None,
                **target,
            )
    except IntegrityError:
        raise RoadmapError(ALREADY_SUPPORTED, "already") from None
    if member is None:
        _send_support_confirmation(created)
    elif proposal is not None:
        _counted(created)
    return SupportResult(created, needs_confirmation=member is None)


def _counted(support_obj):
    """A support of a proposal now counts: the proposal may reach the agenda threshold."""
    if support_obj.proposal_id:
        agenda.supported(support_obj.proposal)


def _send_support_confirmation(support_obj):
    target_url = (
        action_url(support_obj.action, support_obj.language)
        if support_obj.action_id
        else proposals_url(support_obj.language)
    )
    target = support_obj.action or support_obj.proposal
    if support_obj.action_id:
        target_title = localized_texts([target], support_obj.language).get(target.translation_key, target).title
    else:
        target_title = target.title
    send_templated_email(
        "roadmap/emails/support_confirm",
        {
            "support": support_obj,
            "target": target,
            "target_title": target_title,
            "target_url": target_url,
            "confirm_url": _url("confirm_support", support_obj.language, token=make_token(support_obj, SUPPORT_SALT)),
        },
        [support_obj.email],
        language=support_obj.language,
    )


def confirm_support(token):
    """Open the confirmation link: the resident's support counts (idempotent). A support
    of a dropped action, or of a proposal decided meanwhile, is still recorded."""
    support_obj = _object_for_token(Support, token, SUPPORT_SALT, CONFIRM_MAX_AGE)
    if support_obj.confirmed_at is None:
        Support.objects.filter(pk=support_obj.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        clear_page_cache()  # the public count changed; a queryset update sends no signal
        support_obj.refresh_from_db()
        _counted(support_obj)
    return support_obj


def unsubscribe_token(support_obj):
    return make_token(support_obj, UNSUBSCRIBE_SALT)


def support_for_unsubscribe_token(token):
    return _object_for_token(Support, token, UNSUBSCRIBE_SALT)


def unsubscribe(token):
    """The link at the foot of every update e-mail (no expiry: it must always work)."""
    support_obj = _object_for_token(Support, token, UNSUBSCRIBE_SALT)
    if support_obj.notify_updates:
        support_obj.notify_updates = False
        support_obj.save(update_fields=["notify_updates"])
    return support_obj


# --- Updates --------------------------------------------------------------------------


def add_update(action, text, *, progress=None, status="", date=None, user=None, notify=True):
    """Log a dated progress note; it may change the action's progress and status. The
    confirmed supporters who opted in receive it by e-mail, in their language."""
    action = action.canonical
    text = (text or "").strip()
    if not text:
        raise RoadmapError(_("Write what happened."), "missing_text")
    if progress is not None and not 0 <= progress <= 100:
        raise RoadmapError(_("Progress is a percentage between 0 and 100."), "bad_progress")
    if status and status not in Action.Status.values:
        raise RoadmapError(_("Unknown status."), "bad_status")
    with transaction.atomic():
        update = ActionUpdate.objects.create(
            action=action,
            date=date or timezone.localdate(),
            text=text,
            progress=progress,
            status=status,
            previous_status=action.status,
            author=user,
        )
        fields = {}
        if progress is not None:
            fields["progress"] = progress
        if status:
            fields["status"] = status
        if fields:
            # The same values on every translation of the action (synchronised fields).
            Action.objects.filter(translation_key=action.translation_key).update(**fields, updated_at=timezone.now())
            clear_page_cache()  # a queryset update sends no signal
            for name, value in fields.items():
                setattr(action, name, value)
        if update.status_changed:
            for hook in hooks.get_hooks("after_action_status_change"):  # follows: notices
                hook(action, update)
    if notify:
        titles = {}
        for subscriber in Support.objects.filter(
            action=action, notify_updates=True, confirmed_at__isnull=False, member__isnull=True
        ):
            if subscriber.language not in titles:
                translated = localized_texts([action], subscriber.language).get(action.translation_key, action)
                titles[subscriber.language] = translated.title
            send_templated_email(
                "roadmap/emails/action_update",
                {
                    "action": action,
                    "action_title": titles[subscriber.language],
                    "update": update,
                    "action_url": action_url(action, subscriber.language),
                    "unsubscribe_url": _url("unsubscribe", subscriber.language, token=unsubscribe_token(subscriber)),
                },
                [subscriber.email],
                language=subscriber.language,
            )
    return update


# --- Commitments ----------------------------------------------------------------------


def commit(member, action, kind, description):
    """A member structure declares what it brings to an action."""
    action = action.canonical
    if action.is_dropped or action.status == Action.Status.DONE:
        raise RoadmapError(_("This action is closed: it no longer takes commitments."), "closed")
    if kind not in Commitment.Kind.values:
        raise RoadmapError(_("Choose what your structure brings."), "bad_kind")
    description = (description or "").strip()
    if not description:
        raise RoadmapError(_("Describe what your structure brings."), "missing_description")
    return Commitment.objects.create(action=action, member=member, kind=kind, description=description)


def withdraw_commitment(member, commitment_id):
    """Only the structure that made a commitment can withdraw it."""
    deleted, _count = Commitment.objects.filter(pk=commitment_id, member=member).delete()
    if not deleted:
        raise Commitment.DoesNotExist
    return deleted


def hide_commitment(commitment, hidden=True):
    commitment.hidden = hidden
    commitment.save(update_fields=["hidden"])
    return commitment


# --- Retention ------------------------------------------------------------------------

UNCONFIRMED_RETENTION_DAYS = 30


def purge_unconfirmed(days=UNCONFIRMED_RETENTION_DAYS):
    """Forget the proposals and supports whose e-mail was never confirmed: after `days`
    days their link has long expired and the address is kept for nothing."""
    limit = timezone.now() - datetime.timedelta(days=days)
    proposals, _detail = Proposal.objects.filter(status=Proposal.Status.UNCONFIRMED, created_at__lt=limit).delete()
    supports, _detail = Support.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    return proposals, supports


# --- Personal data (RGPD) ------------------------------------------------------------


def proposals_of(email):
    return Proposal.objects.filter(email__iexact=_normalise_email(email))


def supports_of(email):
    return Support.objects.filter(email__iexact=_normalise_email(email))


@transaction.atomic
def erase_resident(email):
    """The right to erasure for a resident: unconfirmed proposals and supports are
    deleted (they count for nothing); confirmed supports keep counting under a
    placeholder address and stop receiving updates; proposals keep their text and
    status, without the proposer's name and address. Returns the number of records."""
    count = 0
    proposals = proposals_of(email)
    unconfirmed, _detail = proposals.filter(status=Proposal.Status.UNCONFIRMED).delete()
    count += unconfirmed
    count += proposals_of(email).update(name="", email="")
    supports = supports_of(email)
    unconfirmed, _detail = supports.filter(confirmed_at__isnull=True).delete()
    count += unconfirmed
    for support_obj in supports_of(email).only("pk"):
        Support.objects.filter(pk=support_obj.pk).update(
            email=f"anonymised-{support_obj.pk}@invalid", notify_updates=False
        )
        count += 1
    return count


# --- "Resend my links" (home.personal_links) --------------------------------------------


def personal_links(email, language):
    """The roadmap links of a resident's address: a fresh confirmation link for what is
    still unconfirmed (an expired one works again), the "stop the e-mails" link of the
    supports that receive updates, and the page of the rest."""
    links = []
    with translation.override(language):
        section = str(_("Your proposals and supports on the roadmap"))
        proposals = Proposal.objects.filter(email__iexact=email, member__isnull=True).exclude(
            status=Proposal.Status.DECLINED
        )
        for proposal in proposals.order_by("created_at"):
            if proposal.status == Proposal.Status.UNCONFIRMED:
                url = _url("confirm_proposal", language, token=make_token(proposal, PROPOSAL_SALT))
                description = str(_("confirm your proposal"))
            else:
                url = proposals_url(language)
                description = str(_("see the proposals"))
            links.append(PersonalLink(section, proposal.title, url, description))
        supports = Support.objects.filter(email__iexact=email, member__isnull=True).select_related("action", "proposal")
        for support in supports.order_by("created_at"):
            target = support.action or support.proposal
            if support.confirmed_at is None:
                url = _url("confirm_support", language, token=make_token(support, SUPPORT_SALT))
                description = str(_("confirm your support"))
            elif support.notify_updates:
                url = _url("unsubscribe", language, token=unsubscribe_token(support))
                description = str(_("stop the e-mails about it"))
            else:
                url = action_url(support.action, language) if support.action else proposals_url(language)
                description = str(_("see it"))
            links.append(
                PersonalLink(section, str(_("Support: %(title)s") % {"title": target.title}), url, description)
            )
        volunteers = Volunteer.objects.filter(
            email__iexact=email, status=Volunteer.Status.CONFIRMED, anonymised_at__isnull=True
        ).select_related("mission")
        for volunteer in volunteers.order_by("pk"):
            links.append(
                PersonalLink(
                    str(_("Your volunteer missions")),
                    volunteer.mission.title,
                    missions.personal_url(volunteer),
                    str(_("view or cancel")),
                )
            )
    return links


# The rules of the bodies' agenda, calls and missions use the rules above: they come last.
from . import agenda, calls, missions  # noqa: E402, F401
