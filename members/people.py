"""People of the network (practitioners) and alliances between members — the records.

- `Sector`: a translatable snippet (social action, youth, education…).
- `Person`: an opt-in public profile of a practitioner attached to a member: managed by the
  member's representatives in the member area; the person publishes, hides or deletes it
  with a personal link (`services.personal_link`). The e-mail address is never shown:
  visitors write through the contact relay (`RelayedMessage`).
- `Alliance`: a partnership proposed by a member to another, accepted by the other.

The public directory of people (`PeopleDirectoryPage`) is in `models.py`, with the other
pages. Rules live in `members/services.py`, reads in `members/queries.py`."""

import secrets

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from home.text_search import SearchText

from .membership import Commune, Member


def new_token():
    return secrets.token_urlsafe(32)


class Sector(TranslatableMixin, models.Model):
    """A sector of activity of practitioners (social action, youth, education, culture…)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class PersonQuerySet(models.QuerySet):
    def public(self):
        """Profiles the public may see: consent given, not hidden, of an approved member."""
        return self.filter(consented_at__isnull=False, hidden=False, member__status=Member.Status.APPROVED)


class Person(SearchText, models.Model):
    """A practitioner's profile. Public only once the person has agreed (`consented_at`),
    and never while hidden."""

    class Category(models.TextChoices):
        MOBILISATION_AGENT = "mobilisation_agent", _("Mobilisation agent")
        ELECTED_OFFICIAL = "elected_official", _("Elected official")
        MUNICIPAL_AGENT = "municipal_agent", _("Municipal or departmental agent")
        ASSOCIATION_STAFF = "association_staff", _("Association staff")
        VOLUNTEER = "volunteer", _("Volunteer")

    member = models.ForeignKey(Member, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    role = models.CharField(_("role"), max_length=150, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    email = models.EmailField(
        _("e-mail address"), help_text=_("Never shown: messages reach the person through the site's relay.")
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("territory (commune)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("Where the person works; the structure's commune when empty."),
    )
    presentation = models.TextField(_("presentation"), max_length=1500, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="people")
    themes = models.ManyToManyField("home.Theme", verbose_name=_("themes"), blank=True, related_name="people")
    competencies = models.ManyToManyField(
        "practices.Competency", verbose_name=_("competencies"), blank=True, related_name="people"
    )
    pivot_themes = models.ManyToManyField(
        "home.Theme",
        verbose_name=_("resource person for the themes"),
        blank=True,
        related_name="pivot_people",
        help_text=_('A "personne ressource": the one to ask about these themes.'),
    )
    pivot_sectors = models.ManyToManyField(
        Sector, verbose_name=_("resource person for the sectors"), blank=True, related_name="pivot_people"
    )
    consented_at = models.DateTimeField(
        _("publication agreed at"), null=True, blank=True, help_text=_("Set when the person agrees to be listed.")
    )
    hidden = models.BooleanField(_("hidden by the person"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    # What the people directory's search looks in (home.text_search.SearchText).
    search_text_fields = ("name", "role", "presentation", "member")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_public(self):
        return self.consented_at is not None and not self.hidden and self.member.is_approved

    @property
    def territory(self):
        return self.commune or self.member.seat_commune

    def get_absolute_url(self):
        directory = apps.get_model("members", "PeopleDirectoryPage")  # a page: models.py, which imports this
        url = directory.url_for_active_locale()
        return url + directory().reverse_subpage("person", kwargs={"slug": self.slug}) if url else ""


class RelayedMessage(models.Model):
    """A message a visitor sent to a person through the relay. Kept for the record (abuse,
    RGPD requests) and purged after `RELAYED_MESSAGE_RETENTION_DAYS`."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="relayed_messages"
    )
    sender_name = models.CharField(_("sender's name"), max_length=150)
    sender_email = models.EmailField(_("sender's e-mail address"))
    message = models.TextField(_("message"), max_length=3000)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("relayed message")
        verbose_name_plural = _("relayed messages")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.sender_name} → {self.person}"


class Alliance(models.Model):
    """A partnership between two members: proposed by one, accepted by the other."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    proposer = models.ForeignKey(
        Member, verbose_name=_("proposed by"), on_delete=models.CASCADE, related_name="alliances_proposed"
    )
    partner = models.ForeignKey(
        Member, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="alliances_received"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    purpose = models.TextField(_("purpose of the alliance"), max_length=1500)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by (user)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["-answered_at", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(proposer=models.F("partner")), name="alliance_two_members")
        ]

    def __str__(self):
        return f"{self.proposer} – {self.partner}"

    def other(self, member):
        return self.partner if member.pk == self.proposer_id else self.proposer
