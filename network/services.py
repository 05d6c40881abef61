"""The network's business operations: enrolling a partner, choosing a vanity code, staff
changes of sponsor or placement (audited, cycle-checked, announced: `tree_changed`) and
sign-up reviews.

Structural writes that could create a cycle (moves) take one transaction-scoped
advisory lock on PostgreSQL, so two moves never check against each other's stale tree.
New partners are leaves and cannot close a cycle; they only lock their sponsor's row.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import codes, genealogy, placement
from .models import (
    NetworkSettings,
    NoSponsorRule,
    Partner,
    PartnerStatus,
    SignupAttempt,
    SignupReview,
    TreeChange,
)
from .signals import partner_enrolled, partner_placed, tree_changed

TREE_LOCK_KEY = genealogy.TREE_LOCK_KEY


class NetworkError(ValidationError):
    """A request the network's rules refuse; the message says why, for a person."""


def lock_trees():
    """The trees' lock, exclusively: no sign-up, placement or other move meanwhile."""
    genealogy.lock_trees()


# --- sponsors and enrolment -----------------------------------------------------------


def find_by_code(code):
    """The partner whose referral code this is (any letter case), or None."""
    code = codes.normalize(code)
    if not code:
        return None
    return Partner.objects.filter(referral_code=code).select_related("user").first()


def network_root():
    return Partner.objects.filter(sponsor__isnull=True).order_by("pk").first()


def sponsor_when_none_given(settings=None):
    """The company's rule for a sign-up without any sponsor: a partner, or NetworkError."""
    settings = settings or NetworkSettings.load()
    if settings.no_sponsor_rule == NoSponsorRule.DEFAULT_SPONSOR:
        sponsor = settings.default_sponsor or network_root()
        if sponsor is not None and sponsor.status != PartnerStatus.TERMINATED:
            return sponsor
    raise NetworkError(
        _("Joining needs a sponsor: follow your sponsor's link or enter their referral code."),
        code="no_sponsor",
    )


def check_sponsor(sponsor, user=None):
    if sponsor.status == PartnerStatus.TERMINATED:
        raise NetworkError(_("This referral code is no longer valid."), code="terminated")
    if user is not None and user.pk and sponsor.user_id == user.pk:
        raise NetworkError(_("You cannot sponsor yourself."), code="self_referral")
    if user is not None and sponsor.user_id and sponsor.user.email.lower() == (
        user.email or ""
    ).lower():
        raise NetworkError(_("You cannot sponsor yourself."), code="self_referral")


def create_root(user=None, display_name=""):
    """The company's own position at the top of both trees."""
    if network_root() is not None:
        raise NetworkError(_("The network already has a root."), code="root_exists")
    return _save_with_code(Partner(
        user=user, display_name=display_name, sponsor_depth=0, placement_depth=0,
        is_company=True,
    ))


def _save_with_code(partner):
    for _attempt in range(10):
        partner.referral_code = codes.generate_code()
        try:
            with transaction.atomic():
                partner.save()
            return partner
        except IntegrityError:
            if Partner.objects.filter(referral_code=partner.referral_code).exists():
                continue
            raise
    raise NetworkError(_("Could not issue a referral code; please try again."))


def enrol(user, sponsor, *, display_name="", hold_reason="", ip_address=None, device=""):
    """Make `user` a partner under `sponsor` and place them, in one transaction.

    With `hold_reason` the partner is created but held for staff review, unplaced.
    """
    if Partner.objects.filter(user=user).exists():
        raise NetworkError(_("This account is already a partner."), code="exists")
    with transaction.atomic():
        # Shared with other sign-ups, exclusive of moves: the sponsor's depth read below
        # stays true until this partner is committed (a move waits, then shifts them too).
        genealogy.lock_trees(shared=True)
        # One sign-up at a time under a sponsor: their new partners queue for slots.
        # of=("self",): PostgreSQL refuses FOR UPDATE across the nullable user join.
        # no_key: a plain FOR UPDATE would also block the foreign-key checks of sign-ups
        # placed *under* this sponsor by other sponsors, who may hold the slot this one
        # waits for: a deadlock.
        sponsor = Partner.objects.select_for_update(of=("self",), no_key=True).select_related(
            "user"
        ).get(pk=sponsor.pk)
        check_sponsor(sponsor, user)
        partner = _save_with_code(Partner(
            user=user, sponsor=sponsor, sponsor_depth=sponsor.sponsor_depth + 1,
            display_name=display_name or (user.get_full_name() if user else ""),
            held_for_review=bool(hold_reason),
        ))
        if hold_reason:
            SignupReview.objects.create(
                partner=partner, reason=hold_reason, ip_address=ip_address, device=device
            )
        else:
            placement.place(partner)
        partner_enrolled.send(sender=Partner, partner=partner)
    return partner


def burst_reason(ip_address, device, settings=None, now=None):
    """Why a sign-up from this IP/device looks like a burst, or "" when it does not."""
    settings = settings or NetworkSettings.load()
    since = (now or timezone.now()) - timezone.timedelta(
        minutes=settings.signup_burst_window_minutes
    )
    recent = SignupAttempt.objects.filter(created_at__gte=since)
    if ip_address and recent.filter(ip_address=ip_address).count() >= settings.signup_burst_limit:
        return _("Many sign-ups from one IP address (%(ip)s)") % {"ip": ip_address}
    if device and recent.filter(device=device).count() >= settings.signup_burst_limit:
        return _("Many sign-ups from one device")
    return ""


def record_signup_attempt(ip_address, device):
    SignupAttempt.objects.create(ip_address=ip_address or None, device=device or "")


def decide_review(review, *, approve, staff_user, note=""):
    """Staff approve (the partner is placed) or reject (terminated) a held sign-up."""
    with transaction.atomic():
        review = SignupReview.objects.select_for_update().select_related("partner").get(
            pk=review.pk
        )
        if review.state != SignupReview.State.PENDING:
            raise NetworkError(_("This sign-up has already been decided."), code="decided")
        partner = review.partner
        review.state = SignupReview.State.APPROVED if approve else SignupReview.State.REJECTED
        review.decided_by, review.decided_at, review.note = staff_user, timezone.now(), note
        review.save()
        Partner.objects.filter(pk=partner.pk).update(held_for_review=False)
        partner.held_for_review = False
        if approve:
            if not partner.is_placed:  # staff may have placed them by hand already
                placement.place(partner)
                partner_placed.send(sender=Partner, partner=partner)
        else:
            Partner.objects.filter(pk=partner.pk).update(status=PartnerStatus.TERMINATED)
            if partner.user_id:
                type(partner.user).objects.filter(pk=partner.user_id).update(is_active=False)
    return review


def choose_vanity_code(partner, code):
    """Replace the generated code with one the partner chose; allowed once."""
    if partner.vanity_code_chosen:
        raise NetworkError(_("You have already chosen your code."), code="already_chosen")
    code = codes.normalize(code)
    codes.validate_vanity_code(code)
    # The code is looked up before landings and the site's pages at /<language>/<code>/:
    # taking a landing's or a page's address would take its visitors and sign-ups.
    if codes.address_taken_elsewhere(code):
        raise NetworkError(_("This code is taken; choose another."), code="taken")
    try:
        with transaction.atomic():
            updated = Partner.objects.filter(pk=partner.pk, vanity_code_chosen=False).update(
                referral_code=code, vanity_code_chosen=True
            )
    except IntegrityError:
        raise NetworkError(_("This code is taken; choose another."), code="taken") from None
    if not updated:
        raise NetworkError(_("You have already chosen your code."), code="already_chosen")
    partner.referral_code, partner.vanity_code_chosen = code, True
    return partner


# --- staff changes ---------------------------------------------------------------------


def _check_change_window(partner, settings):
    days = settings.change_window_days
    if days and partner.joined_at < timezone.now() - timezone.timedelta(days=days):
        raise NetworkError(
            _("Changes are allowed only within %(days)s days of joining.") % {"days": days},
            code="window",
        )


def _shift_depths(tree, partner, delta):
    """Move the depth of `partner` and everything below it by `delta`, in one statement."""
    if not delta:
        return
    sql, params = genealogy.descendant_ids_sql(tree, partner.pk, 10**9)
    field = genealogy.depth_field(tree)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {genealogy.TABLE} SET {field} = {field} + %s "
            f"WHERE id = %s OR id IN ({sql})",
            [delta, partner.pk, *params],
        )


def _slot(partner):
    return {
        "placement_parent": partner.placement_parent_id,
        "placement_parent_code": partner.placement_parent.referral_code
        if partner.placement_parent_id else None,
        "placement_leg": partner.placement_leg,
    }


def change_sponsor(partner, new_sponsor, *, staff_user, reason):
    if not (reason or "").strip():
        raise NetworkError(_("Say why the sponsor changes."), code="reason")
    settings = NetworkSettings.load()
    with transaction.atomic():
        lock_trees()
        partner = Partner.objects.select_for_update(of=("self",)).select_related(
            "sponsor"
        ).get(pk=partner.pk)
        new_sponsor = Partner.objects.get(pk=new_sponsor.pk)
        if partner.sponsor_id is None:
            raise NetworkError(_("The root of the network has no sponsor."), code="root")
        if new_sponsor.pk == partner.pk:
            raise NetworkError(_("A partner cannot sponsor themselves."), code="self")
        if new_sponsor.pk == partner.sponsor_id:
            raise NetworkError(_("This is already the partner's sponsor."), code="same")
        if genealogy.is_below(partner, new_sponsor, genealogy.SPONSOR):
            raise NetworkError(
                _("The new sponsor is in this partner's own team; that would make a cycle."),
                code="cycle",
            )
        if new_sponsor.status == PartnerStatus.TERMINATED:
            raise NetworkError(_("A terminated partner cannot sponsor."), code="terminated")
        _check_change_window(partner, settings)
        old_sponsor = partner.sponsor
        _shift_depths(
            genealogy.SPONSOR, partner, new_sponsor.sponsor_depth + 1 - partner.sponsor_depth
        )
        Partner.objects.filter(pk=partner.pk).update(sponsor=new_sponsor)
        change = TreeChange.objects.create(
            partner=partner, kind=TreeChange.Kind.SPONSOR, reason=reason.strip(),
            changed_by=staff_user,
            before={"sponsor": old_sponsor.pk, "sponsor_code": old_sponsor.referral_code},
            after={"sponsor": new_sponsor.pk, "sponsor_code": new_sponsor.referral_code},
        )
        partner.refresh_from_db()
        tree_changed.send(sender=Partner, partner=partner, change=change)
    return change


def change_placement(partner, new_parent, leg, *, staff_user, reason):
    if not (reason or "").strip():
        raise NetworkError(_("Say why the placement changes."), code="reason")
    if leg not in ("L", "R"):
        raise NetworkError(_("Choose the left or the right leg."), code="leg")
    settings = NetworkSettings.load()
    with transaction.atomic():
        lock_trees()
        partner = Partner.objects.select_for_update(of=("self",)).select_related(
            "placement_parent", "sponsor"
        ).get(pk=partner.pk)
        new_parent = Partner.objects.get(pk=new_parent.pk)
        if partner.placement_depth == 0:
            raise NetworkError(_("The root of the network cannot be moved."), code="root")
        if new_parent.pk == partner.pk:
            raise NetworkError(_("A partner cannot be placed under themselves."), code="self")
        if new_parent.placement_depth is None:
            raise NetworkError(_("The new parent is not placed yet."), code="unplaced")
        if genealogy.is_below(partner, new_parent, genealogy.PLACEMENT):
            raise NetworkError(
                _("The new position is inside this partner's own leg; that would make a cycle."),
                code="cycle",
            )
        if Partner.objects.filter(placement_parent=new_parent, placement_leg=leg).exists():
            raise NetworkError(_("That position is already taken."), code="taken")
        _check_change_window(partner, settings)
        before = _slot(partner)
        if partner.placement_depth is not None:
            _shift_depths(
                genealogy.PLACEMENT, partner,
                new_parent.placement_depth + 1 - partner.placement_depth,
            )
        Partner.objects.filter(pk=partner.pk).update(
            placement_parent=new_parent, placement_leg=leg,
            placement_depth=new_parent.placement_depth + 1, placement_deadline=None,
        )
        partner.refresh_from_db()
        change = TreeChange.objects.create(
            partner=partner, kind=TreeChange.Kind.PLACEMENT, reason=reason.strip(),
            changed_by=staff_user, before=before, after=_slot(partner),
        )
        tree_changed.send(sender=Partner, partner=partner, change=change)
        # Remembered leg bottoms may be off their chains now (see genealogy.outer_edge).
        genealogy.forget_outer_edges()
        transaction.on_commit(genealogy.forget_outer_edges)
    return change


def direct_count(partner):
    """How many partners the partner enrolled themselves (their first line)."""
    return Partner.objects.filter(sponsor=partner).count()
