"""From proposal to decision: a proposal that reaches the support threshold goes on the
agenda of the governing body in charge (an `AgendaItem` on the minutes page of its next
meeting); staff record the body's decision on the item, once. The rules are in
`roadmap.services.agenda`."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class ParticipationSettingsForm(WagtailAdminModelForm):
    """After a change of threshold, the open proposals and published ideas that already
    have enough supports go on the agenda (nothing is lost when the threshold is lowered
    below them)."""

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            # A real cycle: services.agenda imports the models of this module.
            from .services import agenda

            self.placed_on_agenda = agenda.place_due_proposals()
        return instance


@register_setting(icon="group")
class ParticipationSettings(BaseSiteSetting):
    """What staff change about residents' participation without a developer."""

    agenda_threshold = models.PositiveIntegerField(
        _("supports that put a proposal or an idea on the agenda"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_(
            "An open proposal, or a published idea of a call, with this many confirmed supports goes on the agenda "
            "of the governing body's next meeting. Lowering it puts those that already have as many on the agenda "
            "at once."
        ),
    )
    deciding_body = models.ForeignKey(
        "home.GovernanceBody",
        verbose_name=_("governing body in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the steering committee (the body whose name says so), else the first body."),
    )

    base_form_class = ParticipationSettingsForm
    panels = [
        HelpPanel(
            content=_(
                "Proposals below the threshold keep the staff's accept/decline path, ideas the staff's selection. "
                "Decisions of the body are recorded in Roadmap → Agenda of the bodies."
            )
        ),
        FieldPanel("agenda_threshold"),
        FieldPanel("deciding_body"),
    ]

    class Meta:
        verbose_name = _("participation settings")


class AgendaItem(models.Model):
    """A proposal or an idea of a call on the agenda of a governing body, and the body's
    decision on it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for the decision")
        ACCEPTED = "accepted", _("Accepted: becomes an action")
        DECLINED = "declined", _("Declined")
        POSTPONED = "postponed", _("Postponed")

    proposal = models.ForeignKey(
        "roadmap.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    idea = models.ForeignKey(
        "roadmap.Idea",
        verbose_name=_("idea of a call"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    body = models.ForeignKey(
        "home.GovernanceBody", verbose_name=_("body"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    minutes = models.ForeignKey(
        "home.MinutesPage",
        verbose_name=_("meeting (minutes page)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        help_text=_("Empty until the minutes page of the body's next meeting exists."),
    )
    supports_when_added = models.PositiveIntegerField(_("supports when put on the agenda"), default=0)
    added_at = models.DateTimeField(_("put on the agenda at"), auto_now_add=True)
    outcome = models.CharField(
        _("decision"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True, help_text=_("Shown publicly with the proposal."))
    postponed_to = models.DateField(_("postponed to"), null=True, blank=True)
    action = models.ForeignKey(
        "roadmap.Action",
        verbose_name=_("resulting action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda of the bodies")
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(outcome="pending"), name="roadmap_one_pending_agenda_item"
            ),
            models.UniqueConstraint(
                fields=["idea"], condition=Q(outcome="pending"), name="roadmap_one_pending_agenda_item_per_idea"
            ),
            models.CheckConstraint(
                condition=Q(proposal__isnull=False, idea__isnull=True) | Q(proposal__isnull=True, idea__isnull=False),
                name="roadmap_agenda_item_one_subject",
            ),
        ]

    def __str__(self):
        return str(self.subject)

    @property
    def subject(self):
        """What the body decides on: the proposal or the idea."""
        return self.proposal if self.proposal_id else self.idea

    @property
    def is_pending(self):
        return self.outcome == self.Outcome.PENDING
