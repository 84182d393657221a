"""The network's members, as records: communes (reference data), members (communes,
associations…) and their representatives. A member's history (application, moderation,
identity changes) is in Wagtail's log entries (`services._log`).

Pages are not here but in `models.py`, which imports this module, `people.py`, and the
app's forms, queries and services: those import the records only, so the imports go one way
(records → forms/queries/services → pages) with no cycle. A record that links to a page
finds the page class through the app registry (`apps.get_model`), as a string ForeignKey
does."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.text_search import SearchText, refresh_search_text_reading

from .validators import validate_rna, validate_siren


class CommuneManager(models.Manager):
    """Communes without their contour (kilobytes of JSON each), which only the directory's
    map reads, with `.values()`; an instance still reads it when asked."""

    def get_queryset(self):
        return super().get_queryset().defer("contour")


class Commune(models.Model):
    """Reference data on a commune of the configured département (INSEE / IGN open data),
    loaded by `manage.py load_communes` from `members/data/communes-<département>.json`."""

    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=255)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    intercommunality = models.CharField(_("intercommunality"), max_length=255, blank=True, db_index=True)
    intercommunality_code = models.CharField(_("intercommunality SIREN"), max_length=9, blank=True)
    town_hall_longitude = models.FloatField(_("town hall longitude"), null=True, blank=True)
    town_hall_latitude = models.FloatField(_("town hall latitude"), null=True, blank=True)
    contour = models.JSONField(
        _("contour"), default=list, blank=True, help_text=_("Simplified outer rings, in longitude/latitude.")
    )

    objects = CommuneManager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Its members and events are found by its name and code.
        refresh_search_text_reading([self])


class MemberQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Member.Status.APPROVED)

    def pending(self):
        return self.filter(status=Member.Status.PENDING)

    def awaiting_moderation(self):
        """Pending applications, and approved members whose identity changes wait for staff."""
        return self.filter(
            models.Q(status=Member.Status.PENDING)
            | (models.Q(status=Member.Status.APPROVED) & ~models.Q(pending_changes={}))
        )


class Member(SearchText, models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        INTERCOMMUNALITY = "intercommunality", _("Intercommunality")
        ASSOCIATION = "association", _("Association")
        PUBLIC_BODY = "public_body", _("Other public body")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Fields whose change sends an approved member back to moderation.
    IDENTITY_FIELDS = ("kind", "name", "insee_code", "siren", "rna")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    insee_code = models.CharField(
        _("INSEE code"), max_length=5, blank=True, help_text=_("Required for a commune: its official code.")
    )
    siren = models.CharField(
        _("SIREN number"), max_length=9, blank=True, validators=[validate_siren], help_text=_("9 digits.")
    )
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("For an association: W followed by 9 digits."),
    )
    seat_commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune of the seat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    address = models.TextField(_("postal address"), max_length=500, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    themes = models.ManyToManyField("home.Theme", verbose_name=_("themes"), blank=True, related_name="members")
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    public_email = models.EmailField(_("public contact e-mail"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, blank=True
    )
    charter_accepted_at = models.DateTimeField(_("charter accepted at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    pending_changes = models.JSONField(
        _("identity changes awaiting moderation"),
        default=dict,
        blank=True,
        help_text=_(
            "Kind, name or identifiers submitted by a representative; the public profile keeps the approved values."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    # What the directory's and the site's search look in (`members.queries.member_search`,
    # home.text_search.SearchText): the seat commune by its name and INSEE code.
    search_text_fields = ("name", "description", "insee_code", "seat_commune")

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def identifier(self):
        """The structure's official identifier, whichever it has."""
        return self.insee_code or self.siren or self.rna

    def get_absolute_url(self, request=None):
        """The public profile, in the active language (empty without a live directory)."""
        directory = apps.get_model("members", "DirectoryPage")
        directory_url = directory.url_for_active_locale()
        if not directory_url:
            return ""
        return directory_url + directory().reverse_subpage("profile", kwargs={"slug": self.slug})


class Representative(models.Model):
    """A user who speaks for a member structure in the member area."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="representative"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="representatives"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self):
        return f"{self.user} — {self.member}"
