"""What the practices library holds about a person (see home.personal_data): the practices
they submitted through their account, and those that name them as a contact person.

Erasing leaves the practices: they are their structure's account of what it did, not a
person's data. What points to the person goes with the other sources: the account is
anonymised (members) and the contact person's profile is deleted, with its place among a
practice's contacts (people)."""

from home.personal_data import iso

from .queries import practices_of_person


def _practice(practice):
    return {
        "title": practice.title,
        "structure": practice.member.name,
        "status": practice.status,
        "submitted_at": iso(practice.submitted_at),
        "published_at": iso(practice.published_at),
    }


class PracticesPersonalData:
    name = "practices"

    def export(self, email):
        submitted, contact_of = practices_of_person(email)
        return {
            "submitted": [_practice(practice) for practice in submitted],
            "contact_of": [_practice(practice) for practice in contact_of],
        }

    def erase(self, email):
        return 0
