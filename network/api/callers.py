"""The partner behind an API request, read once per request: the apps' APIs that act only
for partners (the calendar, team mailings) ask here, each with its own refusal."""

from network.models import Partner


def partner_of(request, refusal):
    """The signed-in user's partner; raises `refusal` (a PermissionDenied) without one."""
    partner = getattr(request, "_caller_partner", None)
    if partner is None:
        partner = Partner.objects.select_related("user").filter(user_id=request.user.pk).first()
        if partner is None:
            raise refusal()
        request._caller_partner = partner
    return partner
