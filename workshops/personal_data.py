"""What the workshops app holds about a person: registrations (see home.personal_data)."""

from home.personal_data import iso

from . import registration as rules


class RegistrationsPersonalData:
    name = "workshops"

    def export(self, email):
        registrations = rules.registrations_of(email).select_related("event", "commune").prefetch_related("activities")
        return {
            "registrations": [
                {
                    "event": registration.event.title,
                    "event_start": iso(registration.event.start),
                    "activities": [activity.title for activity in registration.activities.all()],
                    "name": registration.name,
                    "email": registration.email,
                    "commune": registration.commune.name if registration.commune else None,
                    "party_size": registration.party_size,
                    "needs": registration.needs,
                    "language": registration.language,
                    "status": registration.status,
                    "attended": registration.attended,
                    "registered_at": iso(registration.created_at),
                    "cancelled_at": iso(registration.cancelled_at),
                }
                for registration in registrations
            ]
        }

    def erase(self, email):
        return rules.erase_registrant(email)
