"""The demo business `make demo` serves: `manage.py seed_demo` builds it through every app's
own services (the site in three languages, a generated partner network, 18 months of orders,
commission runs, wallets and payouts, landings with their visits and leads).

An app of its own, on top of all the others, so no domain app depends on demo data."""
