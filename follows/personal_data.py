"""What follows and the newsletter hold about an address: the address and its choices,
its follows, its consents (date and wording) and the e-mails sent to it (see
home.personal_data)."""

from . import services


class FollowsPersonalData:
    name = "follows"

    def export(self, email):
        return services.export(email)

    def erase(self, email):
        return services.erase(email)
