"""Personal links: the registration's random token, signed with the site's secret.
A link cannot be guessed (32 random bytes) nor forged (the signature), and purging a
registration's personal data clears its token, so its old links stop working."""

from django.core import signing

from .models import Registration

SALT = "workshops.registration"


def _signer():
    return signing.Signer(salt=SALT)


def make_token(registration):
    """Stable for a registration (no timestamp): every e-mail carries the same link."""
    return _signer().sign(registration.token)


def registration_for_token(signed_token):
    """The registration a personal link points to, or None for a tampered, foreign or
    revoked link."""
    try:
        raw = _signer().unsign(signed_token)
    except signing.BadSignature:
        return None
    if not isinstance(raw, str) or not raw:
        return None
    return (
        Registration.objects.select_related("event", "event__locale", "event__commune")
        .filter(token=raw, anonymised_at__isnull=True)
        .first()
    )


def sign(raw, purpose):
    """The personal link of an invitation ("invitation") or a poll respondent ("poll")."""
    return signing.Signer(salt=f"{SALT}.{purpose}").sign(raw)


def unsign(signed_token, purpose):
    """The raw token of a personal link, or None when tampered with or made for another purpose."""
    try:
        raw = signing.Signer(salt=f"{SALT}.{purpose}").unsign(signed_token)
    except signing.BadSignature:
        return None
    return raw if isinstance(raw, str) and raw else None
