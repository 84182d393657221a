"""What the roadmap holds about a resident: proposals and supports, with their
subscription to updates (see home.personal_data)."""

from home.personal_data import iso

from . import services


class RoadmapPersonalData:
    name = "roadmap"

    def export(self, email):
        return {
            "proposals": [
                {
                    "title": proposal.title,
                    "description": proposal.description,
                    "axis": proposal.axis.title,
                    "name": proposal.name,
                    "email": proposal.email,
                    "language": proposal.language,
                    "status": proposal.status,
                    "decline_reason": proposal.decline_reason,
                    "created_at": iso(proposal.created_at),
                    "confirmed_at": iso(proposal.confirmed_at),
                }
                for proposal in services.proposals_of(email).select_related("axis")
            ],
            "supports": [
                {
                    "action": support.action.title if support.action_id else None,
                    "proposal": support.proposal.title if support.proposal_id else None,
                    "email": support.email,
                    "language": support.language,
                    "receives_updates": support.notify_updates,
                    "created_at": iso(support.created_at),
                    "confirmed_at": iso(support.confirmed_at),
                }
                for support in services.supports_of(email).select_related("action", "proposal")
            ],
        }

    def erase(self, email):
        return services.erase_resident(email)
