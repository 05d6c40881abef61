"""The partner's orders in the cabinet: their own and their team's, filtered and paged with
the filtered set's volume and amounts, and one order with its lines and the bonus it
earned the partner.

Whose orders a partner sees, the filters and the totals come from `orders.queries` (the
orders API's own scope: their orders, and their sponsor team's down to a depth, searched
and levelled as the team list is); the bonus an order earned from
`compensation.bonuses`.
"""


from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from compensation import bonuses
from network.downline import MAX_DEPTH
from orders import queries
from orders.models import Order, OrderStatus

from .forms import DateInput
from .views import cabinet_context, partner_required, viewer_for

PER_PAGE = 25
MINE, TEAM = "mine", "team"
TABS = [(MINE, gettext_lazy("My orders")), (TEAM, gettext_lazy("Team orders"))]
TEAM_FILTERS = ["q", "depth", "level"]


class OrderFilterForm(forms.Form):
    """The orders list's filters; status and the dates mean what the orders API's do."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("", gettext_lazy("Any status")), *OrderStatus.choices],
    )
    created_after = forms.DateField(label=gettext_lazy("From"), required=False,
                                    widget=DateInput())
    created_before = forms.DateField(label=gettext_lazy("To"), required=False,
                                     widget=DateInput())
    q = forms.CharField(label=gettext_lazy("Partner: name, email or code"), required=False,
                        max_length=100)
    depth = forms.IntegerField(label=gettext_lazy("Down to level"), required=False,
                               min_value=1, max_value=MAX_DEPTH)
    level = forms.IntegerField(label=gettext_lazy("Only level"), required=False,
                               min_value=1, max_value=MAX_DEPTH)

    def __init__(self, *args, team=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not team:
            for name in TEAM_FILTERS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        after, before = data.get("created_after"), data.get("created_before")
        if after and before and after > before:
            self.add_error("created_before", _("The end of the range is before its start."))
        return data


@require_safe
@partner_required
def orders(request, partner):
    tab = TEAM if request.GET.get("tab") == TEAM else MINE
    form = OrderFilterForm(request.GET or None, team=tab == TEAM)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    viewer = viewer_for(request, partner)
    shown = (queries.searched_team_orders(viewer, filters) if tab == TEAM
             else queries.own_orders(partner))
    shown = queries.filter_orders(shown, filters)
    if not valid:
        shown = shown.none()
    page = Paginator(
        shown.select_related("partner__user").order_by("-created_at", "-pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    rows = [
        {"order": order, "level": order.partner.sponsor_depth - partner.sponsor_depth}
        for order in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    query["tab"] = tab
    context = cabinet_context(
        request, partner, "orders",
        tab=tab, tabs=TABS, form=form, page=page, rows=rows, totals=queries.totals(shown),
        filter_query=query.urlencode(),
        team_fields=[form[name] for name in TEAM_FILTERS] if tab == TEAM else [],
        filtered=any(request.GET.get(name) for name in form.fields),
    )
    return render(request, "cabinet/orders.html", context, status=200 if valid else 400)


@require_safe
@partner_required
def order_detail(request, partner, pk):
    viewer = viewer_for(request, partner)
    order = queries.readable_order(
        viewer, Order.objects.select_related("partner__user"), pk
    )
    lines = [
        {"line": line, "amount": line.unit_price * line.quantity}
        for line in order.lines.select_related("product").order_by("pk")
    ]
    earned = bonuses.order_bonuses(partner, order)
    mine = order.partner_id == partner.pk
    context = cabinet_context(
        request, partner, "orders",
        order=order, lines=lines, mine=mine,
        level=None if mine else order.partner.sponsor_depth - partner.sponsor_depth,
        bonuses=earned["lines"], earned=earned["earned"], clawed_back=earned["clawed_back"],
        kept=earned["kept"], bonus_currency=earned["currency"],
        back_tab=MINE if mine else TEAM,
    )
    return render(request, "cabinet/order_detail.html", context)
