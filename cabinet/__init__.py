"""The partner's personal cabinet: every page a signed-in partner uses (overview, team and
holding tank, referrals, orders, rank card, earnings and wallet, landings and their
builder, leads, profile, welcome).

Decided once for all domains: the cabinet's pages stay here, in `cabinet/`, and do not
move into each app's `views/`. They are one product for one audience (one navigation,
one sign-in rule, `cabinet_context`), and they sit on top of the apps: each view is thin,
reading and writing only through the owning app's services (`network.downline`,
`network.placement`, `orders.queries`, `compensation.bonuses`, `wallet.ledger`,
`wallet.payouts`, `landing.builder`, …) and laying out what they return. No domain rule,
query layer or JSON shape of another app lives here, and no app imports from `cabinet`.
"""
