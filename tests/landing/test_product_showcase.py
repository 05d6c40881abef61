"""The product showcase block: products chosen from the catalogue's active ones, shown
with their price in the landing's currency and language and a button to sign up."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from landing import blocks, builder
from orders.models import Product, ProductPrice
from tests.landing.helpers import BROWSER, hero

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


@pytest.fixture
def catalogue(db):
    shake = Product.objects.create(sku="SHAKE", name="Protein shake", pv=Decimal("25.50"))
    bar = Product.objects.create(sku="BAR", name="Energy bar", pv=Decimal("3.25"))
    old = Product.objects.create(sku="OLD", name="Discontinued tea", active=False)
    for product, currency, amount in [
        (shake, "EUR", "1045.00"), (shake, "RUB", "4500.00"), (shake, "UAH", "1890.50"),
        (bar, "EUR", "2.10"), (old, "EUR", "9.00"),
    ]:
        ProductPrice.objects.create(product=product, currency=currency, amount=Decimal(amount))
    return {"shake": shake, "bar": bar, "old": old}


def showcase(*skus, heading="My favourites", currency="", button_label=""):
    return {"heading": heading, "products": list(skus), "currency": currency,
            "button_label": button_label}


def clean(raw):
    block = blocks.ProductShowcaseBlock()
    return block, block.clean(block.to_python(raw))


def test_only_active_catalogue_products_can_be_chosen(catalogue):
    block, value = clean(showcase("SHAKE", "BAR"))
    assert list(value["products"]) == ["SHAKE", "BAR"]
    for refused in (showcase("OLD"), showcase("NOPE"), showcase(), showcase("BAR", "BAR")):
        with pytest.raises(ValidationError):
            clean(refused)


def test_it_renders_names_prices_in_the_landing_currency_and_a_signup_button(
    catalogue, partner, make_landing
):
    landing = make_landing(partner, language="ru")
    block, value = clean(showcase("BAR", "SHAKE", heading="Любимое " + XSS))
    with translation.override("ru"):
        html = block.render(value, context={"landing": landing, "partner": partner})
    assert html.index("Energy bar") < html.index("Protein shake")  # the partner's order
    assert "4\xa0500,00\xa0₽" in html
    assert "2,10" not in html  # the bar has no rouble price: no price rather than a wrong one
    assert 'href="/ru/accounts/signup/"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_english_landings_read_prices_the_english_way(catalogue, partner, make_landing):
    landing = make_landing(partner, language="en")
    block, value = clean(showcase("SHAKE", "BAR", button_label="Join and order"))
    with translation.override("en"):
        html = block.render(value, context={"landing": landing, "partner": partner})
    assert "€1,045.00" in html and "€2.10" in html
    assert html.count("Join and order") == 2


def test_a_showcase_may_name_its_own_currency(catalogue, partner, make_landing):
    landing = make_landing(partner, language="ru")
    block, value = clean(showcase("SHAKE", currency="UAH"))
    with translation.override("ru"):
        html = block.render(value, context={"landing": landing, "partner": partner})
    assert "1\xa0890,50\xa0₴" in html
    with pytest.raises(ValidationError):
        clean(showcase("SHAKE", currency="XYZ"))


def test_a_product_deactivated_after_publishing_is_left_out(
    client, home, catalogue, partner, make_landing
):
    landing = make_landing(partner, body=[hero(), {"type": "product_showcase",
                                                   "value": showcase("SHAKE", "BAR")}])
    Product.objects.filter(sku="BAR").update(active=False)
    html = client.get(landing.get_url(), HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Protein shake" in html and "€1,045.00" in html
    assert "Energy bar" not in html


def test_a_showcase_with_no_active_product_left_shows_nothing(catalogue, partner, make_landing):
    landing = make_landing(partner)
    block, value = clean(showcase("BAR", heading="My favourites"))
    Product.objects.filter(sku="BAR").update(active=False)
    html = block.render(value, context={"landing": landing, "partner": partner})
    assert "My favourites" not in html


def test_the_builder_offers_the_active_products_and_refuses_others(catalogue):
    schema = builder.schema_of(builder.STREAM.child_blocks["product_showcase"])
    products = next(field for field in schema["fields"] if field["name"] == "products")
    choices = dict(products["item"]["choices"])
    assert choices["SHAKE"] == "Protein shake (SHAKE)" and "BAR" in choices
    assert "OLD" not in choices
    cleaned = builder.clean_block_value("product_showcase", showcase("SHAKE"))
    assert [item["value"] for item in cleaned["products"]] == ["SHAKE"]
    with pytest.raises(ValidationError):
        builder.clean_block_value("product_showcase", showcase("OLD"))


def test_the_default_button_label_is_translated(
    catalogue, partner, make_landing, bracketed
):
    landing = make_landing(partner)
    block, value = clean(showcase("SHAKE"))
    html = block.render(value, context={"landing": landing, "partner": partner})
    assert "[Sign up to order]" in html


def test_a_cached_landing_shows_a_catalogue_change_at_once(
    client, home, catalogue, partner, make_landing
):
    landing = make_landing(partner, body=[hero(), {"type": "product_showcase",
                                                   "value": showcase("SHAKE", "BAR")}])
    first = client.get(landing.get_url(), HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Energy bar" in first and "€1,045.00" in first  # cached now
    bar = catalogue["bar"]
    bar.active = False
    bar.save()
    price = ProductPrice.objects.get(product=catalogue["shake"], currency="EUR")
    price.amount = Decimal("999.00")
    price.save()
    again = client.get(landing.get_url(), HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Energy bar" not in again
    assert "€999.00" in again and "€1,045.00" not in again
