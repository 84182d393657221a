"""What the members app holds about a person: the contact person of a structure and
the accounts of its representatives (see home.personal_data).

What the members app holds about a person as a practitioner: their public profile and the
messages relayed to them or sent by them (see home.personal_data).
"""

from home.personal_data import iso

from . import services


class MembersPersonalData:
    name = "members"

    def export(self, email):
        lowered = email.lower()
        members = list(services.members_with_contact(email))
        histories = services.member_histories(members)
        return {
            "member_contacts": [
                {
                    "member": member.name,
                    "status": member.status,
                    "contact_name": member.contact_name if member.contact_email.lower() == lowered else None,
                    "contact_role": member.contact_role if member.contact_email.lower() == lowered else None,
                    "contact_email": member.contact_email if member.contact_email.lower() == lowered else None,
                    "contact_phone": member.contact_phone if member.contact_email.lower() == lowered else None,
                    "public_email": member.public_email if member.public_email.lower() == lowered else None,
                    # Its history (application, decisions, changes of identity), without
                    # the names of the staff who acted.
                    "history": [
                        {
                            "action": entry.action,
                            "description": str(entry.message),
                            "at": iso(entry.timestamp),
                            "details": entry.data or {},
                        }
                        for entry in histories[member.pk]
                    ],
                }
                for member in members
            ],
            "accounts": [
                {
                    "username": user.username,
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "is_active": user.is_active,
                    "is_staff": user.is_staff,
                    "date_joined": iso(user.date_joined),
                    "last_login": iso(user.last_login),
                    "represents": user.representative.member.name if hasattr(user, "representative") else None,
                }
                for user in services.accounts_of(email).select_related("representative__member")
            ],
        }

    def erase(self, email):
        return services.erase_contact(email)


# --- People (practitioners) and alliances ----------------------------------------


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
                for person in services.people_of(email)
            ],
            "relayed_messages": [
                {
                    "to": message.person.name,
                    "sender_name": message.sender_name,
                    "sender_email": message.sender_email,
                    "message": message.message,
                    "sent_at": iso(message.sent_at),
                }
                for message in services.messages_of(email)
            ],
        }

    def erase(self, email):
        return services.erase_people_data(email)
