"""A running business as a database holds it before `network/` was split into orders,
compensation and wallet: partners in both trees, the catalogue, orders, a posted commission
run, the ledger with bonuses and payouts, a clawback, a partner's landing with a lead, and
the operators' groups and permissions.

Everything is written through the historical models of the migrations being upgraded from
(`apps` of a migration state), never through the current models, so it is what a company
running the earlier code has in its tables. The rows respect what that schema enforces: one
partner per placement slot and a leg with every placement parent, unique idempotency keys,
ledger transactions whose entries sum to zero, one run per period.
"""

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.conf import settings

MOMENT = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
PERIOD = "2026-10"


def at(days=0, hours=0):
    return MOMENT + timedelta(days=days, hours=hours)


def grant_the_default_permissions(apps):
    """The content types and the add/change/delete/view permissions of every model, as
    `migrate` makes them after it ran (the migrations under test run with that signal
    muted, so the earlier database is given them here, from its own models)."""
    from django.apps import apps as installed_apps
    from django.contrib.auth.management import create_permissions

    for app_config in installed_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=apps)


def build(apps):
    """Write the business; return the rows the test follows across the upgrade, by name."""
    grant_the_default_permissions(apps)
    rows = {}
    rows.update(people(apps))
    rows.update(partners(apps, rows))
    rows.update(catalogue_and_orders(apps, rows))
    rows.update(commission_run(apps, rows))
    rows.update(ledger_and_payouts(apps, rows))
    rows.update(landing(apps, rows))
    rows.update(operators_permissions(apps, rows))
    return rows


def people(apps):
    User = apps.get_model(settings.AUTH_USER_MODEL)

    def user(email, **fields):
        return User.objects.create(email=email, password="!", date_joined=at(-300), **fields)

    return {
        "operator": user("operator@example.com", is_staff=True, first_name="Olga"),
        "second_operator": user("second@example.com", is_staff=True, first_name="Petro"),
        "anna_user": user("anna@example.com", first_name="Anna", language="uk"),
        "boris_user": user("boris@example.com", first_name="Boris", language="ru"),
        "vera_user": user("vera@example.com", first_name="Vera"),
    }


def partners(apps, rows):
    """The company's root, Anna under it (left), Boris sponsored by Anna but placed in the
    root's right leg, Vera sponsored and placed by Anna (left)."""
    Partner = apps.get_model("network", "Partner")
    root = Partner.objects.create(
        referral_code="company", is_company=True, joined_at=at(-400), display_name="Company",
    )
    anna = Partner.objects.create(
        user=rows["anna_user"], external_id="P-1001", referral_code="anna",
        vanity_code_chosen=True, rank="gold", joined_at=at(-300), sponsor=root,
        sponsor_depth=1, placement_parent=root, placement_leg="L", placement_depth=1,
        display_name="Anna Koval", phone="+380501112233", telegram="annakoval",
    )
    boris = Partner.objects.create(
        user=rows["boris_user"], external_id="P-1002", referral_code="BX7K2M",
        joined_at=at(-200), sponsor=anna, sponsor_depth=2, placement_parent=root,
        placement_leg="R", placement_depth=1, display_name="Борис",
    )
    vera = Partner.objects.create(
        user=rows["vera_user"], referral_code="VQ3H8P", joined_at=at(-40), sponsor=anna,
        sponsor_depth=2, placement_parent=anna, placement_leg="L", placement_depth=2,
        held_for_review=True,
    )
    apps.get_model("network", "NetworkSettings").objects.create(
        default_sponsor=root, placement_policy="holding_tank", holding_tank_days=10,
    )
    apps.get_model("network", "TeamSnapshot").objects.create(
        partner=root, team_size=3, active_count=3, personally_sponsored=1, left_count=2,
        right_count=1, left_active=2, right_active=1, computed_at=at(-1),
    )
    apps.get_model("network", "ReferralVisit").objects.create(
        partner=anna, visited_at=at(-41), visitor_id="v-1", utm_source="instagram",
        landing="/en/anna/", converted=vera,
    )
    apps.get_model("network", "TreeChange").objects.create(
        partner=boris, kind="placement", before={"placement_parent": anna.pk, "leg": "R"},
        after={"placement_parent": root.pk, "leg": "R"}, reason="Placed on request",
        changed_by=rows["operator"], changed_at=at(-150),
    )
    apps.get_model("network", "SignupReview").objects.create(
        partner=vera, reason="Five sign-ups from one address", ip_address="203.0.113.7",
        state="approved", created_at=at(-40), decided_at=at(-39),
        decided_by=rows["operator"], note="Family",
    )
    apps.get_model("network", "SignupAttempt").objects.create(
        ip_address="203.0.113.7", device="d-1", created_at=at(-40),
    )
    return {"root": root, "anna": anna, "boris": boris, "vera": vera}


def catalogue_and_orders(apps, rows):
    Product = apps.get_model("network", "Product")
    ProductPrice = apps.get_model("network", "ProductPrice")
    Order = apps.get_model("network", "Order")
    OrderLine = apps.get_model("network", "OrderLine")

    vitamins = Product.objects.create(sku="VIT-C", name="Vitamin C", pv=Decimal("25.00"),
                                      bv=Decimal("20.00"))
    tea = Product.objects.create(sku="TEA-G", name="Green tea", pv=Decimal("10.00"),
                                 bv=Decimal("8.00"), active=False)
    ProductPrice.objects.create(product=vitamins, currency="EUR", amount=Decimal("29.90"))
    ProductPrice.objects.create(product=vitamins, currency="UAH", amount=Decimal("1290.00"))
    ProductPrice.objects.create(product=tea, currency="EUR", amount=Decimal("12.50"))

    paid = Order.objects.create(
        partner=rows["vera"], external_id="SHOP-501", created_at=at(-20), currency="EUR",
        status="paid", total=Decimal("59.80"), volume=Decimal("50.00"),
        idempotency_key="shop:501", request_fingerprint="f" * 64, source="webhook",
    )
    OrderLine.objects.create(order=paid, product=vitamins, quantity=2,
                             unit_price=Decimal("29.90"), pv=Decimal("50.00"))
    refunded = Order.objects.create(
        partner=rows["boris"], external_id="SHOP-502", created_at=at(-18), currency="EUR",
        status="refunded", total=Decimal("37.50"), volume=Decimal("30.00"), source="api",
        refunded_at=at(2),
    )
    OrderLine.objects.create(order=refunded, product=tea, quantity=3,
                             unit_price=Decimal("12.50"), pv=Decimal("30.00"))
    apps.get_model("network", "WebhookEvent").objects.create(
        event_id="evt_501", signature="a" * 64, received_at=at(-20), order=paid,
    )
    return {"vitamins": vitamins, "tea": tea, "paid_order": paid, "refunded_order": refunded}


def commission_run(apps, rows):
    """October's run, posted: three bonus lines (one on the order refunded since, clawed
    back in November) and a result per partner."""
    PlanVersion = apps.get_model("network", "PlanVersion")
    CommissionRun = apps.get_model("network", "CommissionRun")
    CommissionLine = apps.get_model("network", "CommissionLine")
    PeriodResult = apps.get_model("network", "PeriodResult")

    plan = PlanVersion.objects.create(
        name="Reference plan", version=1, state="published",
        rules={"currency": "EUR", "ranks": [{"name": "gold", "pv": "100"}],
               "unilevel": {"levels": ["0.05", "0.03"]}},
        effective_from=date(2026, 1, 1), created_at=at(-320), published_at=at(-310),
    )
    run = CommissionRun.objects.create(
        period=PERIOD, plan_version=plan, state="posted",
        totals={"EUR": "12.50", "lines": 3}, previous_totals={"EUR": "12.00"}, calculations=2,
        created_by=rows["operator"], created_at=at(-2), calculated_at=at(-2, 1),
        approved_by=rows["second_operator"], approved_at=at(-1),
        posted_by=rows["second_operator"], posted_at=at(-1, 1), task_state="idle",
        task_stage="posting", task_started_at=at(-1, 1), task_finished_at=at(-1, 1),
    )
    anna, boris, vera = rows["anna"], rows["boris"], rows["vera"]
    retail = CommissionLine.objects.create(
        run=run, partner=anna, kind="unilevel", amount=Decimal("5.00"),
        order=rows["paid_order"], source_partner=vera, level=1,
    )
    on_refund = CommissionLine.objects.create(
        run=run, partner=anna, kind="unilevel", amount=Decimal("2.50"),
        order=rows["refunded_order"], source_partner=boris, level=1,
    )
    fast_start = CommissionLine.objects.create(
        run=run, partner=boris, kind="fast_start", amount=Decimal("5.00"), level=0,
    )
    for partner, pv, gv, rank, total in [
        (anna, "0.00", "80.00", "gold", "7.50"),
        (boris, "30.00", "30.00", "member", "5.00"),
        (vera, "50.00", "50.00", "member", "0.00"),
    ]:
        PeriodResult.objects.create(
            run=run, partner=partner, pv=Decimal(pv), gv=Decimal(gv), rank=rank,
            highest_rank=rank, active=pv != "0.00", total=Decimal(total),
            left_carry=Decimal("50.00") if partner == anna else Decimal("0.00"),
            right_carry=Decimal("0.00"),
        )
    clawback = apps.get_model("network", "Clawback").objects.create(
        line=on_refund, partner=anna, amount=Decimal("2.50"), period="2026-11",
        created_at=at(2),
    )
    return {"plan": plan, "run": run, "lines": [retail, on_refund, fast_start],
            "clawback": clawback}


def ledger_and_payouts(apps, rows):
    """The run's bonuses posted to the wallets; Anna's payout reserved, exported in a batch
    and paid; Boris's request reserved and waiting, sent with a request key."""
    LedgerAccount = apps.get_model("network", "LedgerAccount")
    LedgerTransaction = apps.get_model("network", "LedgerTransaction")
    LedgerEntry = apps.get_model("network", "LedgerEntry")
    PayoutBatch = apps.get_model("network", "PayoutBatch")
    PayoutRequest = apps.get_model("network", "PayoutRequest")
    anna, boris = rows["anna"], rows["boris"]

    def company(kind):
        return LedgerAccount.objects.create(kind=kind, currency="EUR")

    expense, cash, pending = (company("company_bonus_expense"), company("company_cash"),
                              company("payouts_pending"))
    anna_wallet = LedgerAccount.objects.create(kind="partner_wallet", partner=anna,
                                               currency="EUR")
    boris_wallet = LedgerAccount.objects.create(kind="partner_wallet", partner=boris,
                                                currency="EUR")

    def post(key, kind, entries, when, **fields):
        transaction = LedgerTransaction.objects.create(
            idempotency_key=key, kind=kind, description=key, created_at=when, **fields
        )
        assert sum(amount for _account, amount in entries) == 0, key
        for number, (account, amount) in enumerate(entries, start=1):
            LedgerEntry.objects.create(
                transaction=transaction, account=account, amount=amount, currency="EUR",
                idempotency_key=f"{key}:{number}",
            )
        return transaction

    run = rows["run"]
    bonus = post(
        f"run:{run.pk}:bonus", "bonus",
        [(expense, Decimal("12.50")), (anna_wallet, Decimal("-7.50")),
         (boris_wallet, Decimal("-5.00"))],
        at(-1, 1), commission_run_id=run.pk, posted_by=rows["second_operator"],
    )
    content = b"partner,amount,currency\nP-1001,5.00,EUR\n"
    batch = PayoutBatch.objects.create(
        currency="EUR", request_count=1, total=Decimal("5.00"), content=content,
        sha256=hashlib.sha256(content).hexdigest(), created_by=rows["operator"],
        created_at=at(1), paid_by=rows["second_operator"], paid_at=at(1, 3),
    )
    paid = PayoutRequest.objects.create(
        partner=anna, amount=Decimal("5.00"), currency="EUR", state="paid",
        requested_at=at(0, 2), first_approver=rows["operator"], approved_at=at(0, 4),
        exported_at=at(1), settled_at=at(1, 3), batch=batch,
    )
    post(f"payout:{paid.pk}:request", "payout",
         [(anna_wallet, Decimal("5.00")), (pending, Decimal("-5.00"))], at(0, 2))
    post(f"payout:{paid.pk}:paid", "payout",
         [(pending, Decimal("5.00")), (cash, Decimal("-5.00"))], at(1, 3),
         posted_by=rows["second_operator"])
    waiting = PayoutRequest.objects.create(
        partner=boris, amount=Decimal("3.00"), currency="EUR", requested_at=at(2),
        request_key="4f1c2a9e-form",
    )
    post(f"payout:{waiting.pk}:request", "payout",
         [(boris_wallet, Decimal("3.00")), (pending, Decimal("-3.00"))], at(2))
    return {"bonus_transaction": bonus, "anna_wallet": anna_wallet,
            "boris_wallet": boris_wallet, "payout_batch": batch, "paid_payout": paid,
            "waiting_payout": waiting}


def landing(apps, rows):
    """Anna's published recruiting landing, built from the company's template, with a lead,
    its review, an earlier version and an uploaded video."""
    anna = rows["anna"]
    body = [
        {"type": "hero", "id": "0c1e4b2a-0000-4000-8000-000000000001",
         "value": {"headline": "Join my team", "subline": "", "image": None,
                   "cta_label": "Start", "cta_url": "#join"}},
        {"type": "product_showcase", "id": "0c1e4b2a-0000-4000-8000-000000000002",
         "value": {"heading": "What I use", "products": [str(rows["vitamins"].pk)],
                   "currency": "EUR", "button_label": ""}},
    ]
    LandingTemplate = apps.get_model("landing", "LandingTemplate")
    template = LandingTemplate.objects.create(
        name="Recruiting, simple", purpose="recruiting", language="en", body=body,
        rules={"0c1e4b2a-0000-4000-8000-000000000001": "locked"},
    )
    Landing = apps.get_model("landing", "Landing")
    page = Landing.objects.create(
        partner=anna, purpose="recruiting", language="en", title="Join Anna",
        body=body, state="published", published_at=at(-30), published_version=2,
        created_at=at(-35), template=template, rules=template.rules, draft=body,
        draft_title="Join Anna's team", draft_saved_at=at(-29), meta_pixel_id="123456789012",
    )
    apps.get_model("landing", "Lead").objects.create(
        landing=page, partner=anna, name="Ivan", email="ivan@example.com",
        consent_text="I agree to be contacted.", consent_given=True, created_at=at(-25),
        converted_partner=rows["vera"], utm_source="instagram",
    )
    apps.get_model("landing", "LandingReview").objects.create(
        landing=page, submitted_at=at(-31), title="Join Anna", body=body,
        decision="approved", reviewer=rows["operator"], decided_at=at(-30),
    )
    apps.get_model("landing", "LandingVersion").objects.create(
        landing=page, body=body, saved_at=at(-31), reason="publish",
    )
    apps.get_model("landing", "LandingVideo").objects.create(
        partner=anna, file=f"landing-video/{anna.pk}/4d1f.mp4", original_name="clip.mp4",
        content_type="video/mp4", size=3_100_000, duration=Decimal("42.000"),
        uploaded_at=at(-33),
    )
    apps.get_model("landing", "ForbiddenPhrase").objects.create(
        language="en", phrase="guaranteed income", category="income",
    )
    return {"landing": page}


def operators_permissions(apps, rows):
    """The order desk may change orders and see the ledger; the operator also holds a
    permission of their own on commission runs; the admin's history names an order."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")

    def permission(model, codename):
        return Permission.objects.get(
            content_type__app_label="network", content_type__model=model, codename=codename
        )

    desk = Group.objects.create(name="Order desk")
    desk.permissions.add(permission("order", "change_order"),
                         permission("ledgerentry", "view_ledgerentry"))
    operator = rows["operator"]
    operator.groups.add(desk)
    operator.user_permissions.add(permission("commissionrun", "change_commissionrun"))
    order = rows["paid_order"]
    apps.get_model("wagtailcore", "ModelLogEntry").objects.create(
        timestamp=at(-19), user=operator,
        content_type=ContentType.objects.get(app_label="network", model="order"),
        object_id=str(order.pk), label=f"Order {order.pk}", action="wagtail.edit",
    )
    return {"order_desk": desk}
