"""What the roadmap holds about a resident: proposals and supports, with their
subscription to updates; volunteer sign-ups, ideas and supports of ideas (see
home.personal_data).
"""

from home.personal_data import iso

from . import services
from .services import calls, missions


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


# --- Residents' participation --------------------------------------------------


class ParticipationPersonalData:
    name = "participation"

    def export(self, email):
        return {
            "volunteer_signups": [
                {
                    "mission": volunteer.mission.title,
                    "mission_start": iso(volunteer.mission.start),
                    "name": volunteer.name,
                    "email": volunteer.email,
                    "skills": volunteer.skills,
                    "language": volunteer.language,
                    "status": volunteer.status,
                    "signed_up_at": iso(volunteer.created_at),
                    "cancelled_at": iso(volunteer.cancelled_at),
                }
                for volunteer in missions.volunteers_of(email).select_related("mission")
            ],
            "ideas": [
                {
                    "call": idea.call.title,
                    "title": idea.title,
                    "description": idea.description,
                    "name": idea.name,
                    "email": idea.email,
                    "language": idea.language,
                    "status": idea.status,
                    "publication": idea.publication,
                    "reason_for_hiding": idea.hidden_reason,
                    "selection": idea.selection,
                    "told_of_results": idea.notify,
                    "submitted_at": iso(idea.created_at),
                    "confirmed_at": iso(idea.confirmed_at),
                }
                for idea in calls.ideas_of(email).select_related("call")
            ],
            "idea_supports": [
                {
                    "idea": support.idea.title,
                    "email": support.email,
                    "told_of_results": support.notify,
                    "created_at": iso(support.created_at),
                    "confirmed_at": iso(support.confirmed_at),
                }
                for support in calls.idea_supports_of(email).select_related("idea")
            ],
        }

    def erase(self, email):
        return missions.erase_volunteer(email) + calls.erase_participant(email)
