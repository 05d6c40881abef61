"""The product catalogue in the Wagtail admin: SKU, name, PV and BV per unit, whether it is
still sold, and its price in each currency (edited inline with the product).

Products are never deleted here: orders keep pointing at them. A product no longer sold
is made inactive, and the order service then refuses new orders for it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from orders.models import Product, ProductPrice

PRODUCTS = "network_products"
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class PriceForm(forms.ModelForm):
    class Meta:
        model = ProductPrice
        fields = ["currency", "amount"]

    def clean_currency(self):
        currency = (self.cleaned_data.get("currency") or "").strip().upper()
        if not _CURRENCY.match(currency):
            raise ValidationError(_("A currency is three letters, such as EUR or USD."))
        return currency


PriceFormSet = forms.inlineformset_factory(
    Product, ProductPrice, form=PriceForm, extra=3, can_delete=True,
)


class ProductForm(forms.ModelForm):
    """The product's own fields, with its prices as an inline formset (`prices`)."""

    class Meta:
        model = Product
        fields = ["sku", "name", "pv", "bv", "active"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.prices = PriceFormSet(
            self.data if self.is_bound else None, instance=self.instance, prefix="prices",
        )

    def clean_sku(self):
        return self.cleaned_data["sku"].strip()

    def is_valid(self):
        # Both, so that the formset's errors show even when the product's own are wrong.
        product_valid = super().is_valid()
        return self.prices.is_valid() and product_valid

    def save(self, commit=True):
        with transaction.atomic():
            product = super().save(commit=commit)
            self.prices.instance = product
            self.prices.save()
        return product


def price_list(product):
    return ", ".join(f"{price.amount} {price.currency}" for price in product.prices.all()) or "—"


class ProductIndexView(generic.IndexView):
    page_title = gettext_lazy("Products")
    search_fields = ["sku", "name"]
    search_backend_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("prices")

    @cached_property
    def columns(self):
        return [
            TitleColumn("sku", label=_("SKU"), sort_key="sku", get_url=self.get_edit_url),
            Column("name", label=_("Name"), sort_key="name"),
            Column("pv", label=_("PV"), sort_key="pv"),
            Column("bv", label=_("BV"), sort_key="bv"),
            BooleanColumn("active", label=_("Sold"), sort_key="active"),
            Column("prices", label=_("Prices"), accessor=price_list),
        ]


class ProductViewSet(ModelViewSet):
    model = Product
    name = PRODUCTS
    url_prefix = "network/products"
    icon = "tag"
    menu_label = gettext_lazy("Products")
    index_view_class = ProductIndexView
    list_filter = ["active"]
    ordering = "sku"
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    create_template_name = "orders/admin/product_form.html"
    edit_template_name = "orders/admin/product_form.html"

    def get_form_class(self, for_update=False):
        return ProductForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            delete_url_name=None, history_url_name=None, usage_url_name=None, **kwargs,
        )

    def get_urlpatterns(self):
        return [
            pattern for pattern in super().get_urlpatterns()
            if pattern.name not in {"delete", "history", "usage", "copy"}
        ]
