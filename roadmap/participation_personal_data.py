"""What volunteer missions hold about a resident: their sign-ups (see home.personal_data).
Ideas and their supports will join here."""

from home.personal_data import iso

from . import missions


class ParticipationPersonalData:
    name = "volunteering"
    label = "Volunteer missions"

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
            ]
        }

    def erase(self, email):
        return missions.erase_volunteer(email)
