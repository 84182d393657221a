"""Communes and associations that make up the network.

Contract with the other apps (roadmap, workshops): `Member`, `Member.objects.approved()`,
`Member.get_absolute_url()`, and `members.access` for the member area."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Commune(models.Model):
    """Reference data on a commune of the configured département (INSEE / IGN open data)."""

    insee_code = models.CharField(_("INSEE code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=255)
    postal_codes = models.JSONField(_("postal codes"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"


class MemberQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Member.Status.APPROVED)

    def pending(self):
        return self.filter(status=Member.Status.PENDING)


class Member(models.Model):
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

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


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
