"""/api/v1/money/: the partner's wallet and payout requests (see views.py); the bonus history
at /api/v1/money/bonuses/ is compensation's (compensation/api/urls.py)."""

from django.urls import path

from wallet.api import views

urlpatterns = [
    path("wallet/", views.WalletView.as_view(), name="money-wallet"),
    path("payouts/", views.PayoutsView.as_view(), name="money-payouts"),
]
