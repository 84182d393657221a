from django.apps import AppConfig
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self):
        from home import contributions

        from .models import Idea, Proposal

        contributions.register(
            contributions.ContributionKind(
                name="proposal",
                model=Proposal,
                label=_("roadmap proposal"),
                public_url=_proposal_url,
                author_emails=lambda proposal: proposal.author_addresses(),
                language=lambda proposal: proposal.language,
                can_publish=lambda proposal: proposal.status != Proposal.Status.UNCONFIRMED,
            )
        )
        contributions.register(
            contributions.ContributionKind(
                name="idea",
                model=Idea,
                label=_("idea for a call"),
                public_url=_idea_url,
                author_emails=lambda idea: idea.author_addresses(),
                language=lambda idea: idea.language,
                can_publish=lambda idea: idea.is_confirmed,
                after_publish=_idea_published,
                tell_refusal=True,
            )
        )


# The helpers below import this app's models and services when called: apps.py is
# imported before the app registry is ready.


def _proposal_url(proposal):
    from .models import roadmap_page_for_language

    page = roadmap_page_for_language(get_language())
    return page.url + page.reverse_subpage("proposal", args=[proposal.pk]) if page else ""


def _idea_url(idea):
    from .services.calls import idea_path

    return idea_path(idea, get_language())


def _idea_published(idea):
    from .services.calls import idea_published

    idea_published(idea)
