"""What the workshops app holds about a person (see home.personal_data): registrations,
invitations, date-poll answers and attendance certificates."""

from home.personal_data import iso

from . import services


class RegistrationsPersonalData:
    name = "workshops"

    def export(self, email):
        registrations = (
            services.registrations_of(email).select_related("event", "commune").prefetch_related("activities")
        )
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
            ],
            "invitations": [
                {
                    "event": invitation.event.title,
                    "name": invitation.name,
                    "email": invitation.email,
                    "role": invitation.role,
                    "status": invitation.status,
                    "sent_at": iso(invitation.created_at),
                    "expires_at": iso(invitation.expires_at),
                }
                for invitation in services.invitations_of(email).select_related("event")
            ],
            "poll_answers": [
                {
                    "poll": respondent.poll.title,
                    "name": respondent.name,
                    "email": respondent.email,
                    "answered_at": iso(respondent.answered_at),
                    "answers": [
                        {"slot": str(answer.slot), "answer": answer.choice} for answer in respondent.answers.all()
                    ],
                }
                for respondent in services.respondents_of(email)
                .select_related("poll")
                .prefetch_related("answers__slot")
            ],
            "attendance_certificates": [
                {
                    "code": certificate.code,
                    "holder": certificate.holder_name,
                    "event": certificate.event_title,
                    "start": iso(certificate.start),
                    "issued_at": iso(certificate.issued_at),
                }
                for certificate in services.certificates_of(email)
            ],
        }

    def erase(self, email):
        """Registrations (upcoming ones cancelled first), invitations (pending ones revoked,
        releasing their seats), poll answers and the names on certificates (whose codes keep
        verifying, without the name)."""
        for invitation in services.invitations_of(email).filter(status="pending").select_related("event"):
            try:
                services.revoke_invitation(invitation)
            except services.RegistrationError:
                pass
        network = services.anonymise_network_data(
            invitations=services.invitations_of(email),
            respondents=services.respondents_of(email),
            certificates=services.certificates_of(email),
        )
        return services.erase_registrant(email) + network
