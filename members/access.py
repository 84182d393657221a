"""Who may act for which member structure. Every member-area view goes through here,
so that a representative can only ever reach their own structure."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .membership import Member, Representative


def member_for_user(user):
    """The approved structure this user represents, or None."""
    if not user.is_authenticated:
        return None
    representative = (
        Representative.objects.select_related("member").filter(user=user, member__status=Member.Status.APPROVED).first()
    )
    return representative.member if representative else None


def representative_required(view):
    """Decorate a view of the member area: sets `request.member`, the user's structure."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        member = member_for_user(request.user)
        if member is None:
            # Logged in, but not for an approved structure (or never a representative).
            return render(request, "members/area/not_representative.html", status=403)
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper
