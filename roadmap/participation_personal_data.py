"""What volunteer missions and calls for ideas hold about a resident: sign-ups, ideas and
supports of ideas (see home.personal_data)."""

from home.personal_data import iso

from .services import calls, missions


class ParticipationPersonalData:
    name = "participation"
    label = "Volunteer missions and calls for ideas"

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
