"""Helpers of the orders' tests: the addresses of the order API and the orders admin, the
body of an order sent to the API, and a day of 2026 at noon."""

import datetime

URL = "/api/v1/orders/"
ORDERS = "/admin/network/orders/"


def body(partner, **fields):
    return {"partner": partner.referral_code, "currency": "USD",
            "lines": [{"sku": "SHAKE", "quantity": 2}], **fields}


def day(month, day_of_month):
    return datetime.datetime(2026, month, day_of_month, 12, tzinfo=datetime.UTC)
