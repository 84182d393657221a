"""Moderation of proposals in the Wagtail admin: confirm views that call the service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from home.admin_views import HideContributionView, PublishContributionView

from . import services
from .forms import DeclineForm
from .models import Proposal

LIST_URL = "wagtailsnippets_roadmap_proposal:list"


def _proposal_for(request, pk):
    if not request.user.has_perm("roadmap.change_proposal"):
        raise PermissionDenied
    return get_object_or_404(Proposal.objects.select_related("axis", "member"), pk=pk)


def _context(proposal, title, **extra):
    return {
        "proposal": proposal,
        "page_title": title,
        "page_subtitle": proposal.title,
        "header_icon": "help",
        "list_url": reverse(LIST_URL),
        **extra,
    }


def accept_proposal(request, pk):
    proposal = _proposal_for(request, pk)
    error = None
    if request.method == "POST":
        try:
            action = services.accept_proposal(proposal, user=request.user)
        except services.RoadmapError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Proposal “%(title)s” accepted: the action was added to the roadmap.") % {"title": proposal.title},
            )
            return redirect(reverse("wagtailsnippets_roadmap_action:edit", args=[action.pk]))
    return render(
        request,
        "roadmap/admin/accept_proposal.html",
        _context(proposal, _("Accept this proposal"), error=error),
        status=400 if error else 200,
    )


def decline_proposal(request, pk):
    proposal = _proposal_for(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_proposal(proposal, form.cleaned_data["reason"], user=request.user)
        except services.RoadmapError as exc:
            form.add_error(None, exc.message)
        else:
            if services.proposer_addresses(proposal):
                text = _("Proposal “%(title)s” declined: the reason was sent to the proposer and is shown publicly.")
            else:
                text = _(
                    "Proposal “%(title)s” declined. The proposer left no e-mail address: the reason is shown "
                    "publicly with the proposal only."
                )
            messages.success(request, text % {"title": proposal.title})
            return redirect(reverse(LIST_URL))
    return render(
        request,
        "roadmap/admin/decline_proposal.html",
        _context(proposal, _("Decline this proposal"), form=form),
        status=400 if form.errors else 200,
    )


class PublishProposalView(PublishContributionView):
    """Publish a resident's proposal after reading it (home.contributions)."""

    model = Proposal
    permission = "roadmap.change_proposal"
    index_url_name = LIST_URL


class HideProposalView(HideContributionView):
    """Hide a published proposal, with a reason sent to its author."""

    model = Proposal
    permission = "roadmap.change_proposal"
    index_url_name = LIST_URL
