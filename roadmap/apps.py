from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self):
        from home import contributions

        from .models import Proposal

        contributions.register(
            contributions.ContributionKind(
                name="proposal",
                model=Proposal,
                label=_("roadmap proposal"),
                public_url=_proposal_url,
                author_emails=_proposal_author,
                language=lambda proposal: proposal.language,
            )
        )


def _proposal_url(proposal):
    from django.utils.translation import get_language

    from .models import roadmap_page_for_language

    page = roadmap_page_for_language(get_language())
    return page.url + page.reverse_subpage("proposal", args=[proposal.pk]) if page else ""


def _proposal_author(proposal):
    from .services import _proposer_address

    return _proposer_address(proposal)
