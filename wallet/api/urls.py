"""/api/v1/money/: the partner's wallet, bonus history and payout requests (see views.py)."""

from django.urls import path

from wallet.api import views

urlpatterns = [
    path("wallet/", views.WalletView.as_view(), name="money-wallet"),
    path("bonuses/", views.BonusesView.as_view(), name="money-bonuses"),
    path("payouts/", views.PayoutsView.as_view(), name="money-payouts"),
]
