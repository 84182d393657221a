"""What the members app holds about a person as a practitioner: their public profile and the
messages relayed to them or sent by them (see home.personal_data)."""

from home.personal_data import iso

from . import people_services


class PeoplePersonalData:
    name = "people"

    def export(self, email):
        return {
            "profiles": [
                {
                    "name": person.name,
                    "structure": person.member.name,
                    "role": person.role,
                    "category": person.category,
                    "email": person.email,
                    "presentation": person.presentation,
                    "public": person.is_public,
                    "publication_agreed_at": iso(person.consented_at),
                    "hidden": person.hidden,
                    "created_at": iso(person.created_at),
                }
                for person in people_services.people_of(email)
            ],
            "relayed_messages": [
                {
                    "to": message.person.name,
                    "sender_name": message.sender_name,
                    "sender_email": message.sender_email,
                    "message": message.message,
                    "sent_at": iso(message.sent_at),
                }
                for message in people_services.messages_of(email)
            ],
        }

    def erase(self, email):
        return people_services.erase_people_data(email)
