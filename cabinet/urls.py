"""The partner's cabinet, under each language prefix (included at /<lang>/cabinet/)."""

from django.urls import path

from . import money, orders, views

app_name = "cabinet"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("profile/", views.profile, name="profile"),
    path("team/", views.team, name="team"),
    path("team/list/", views.team_list, name="team_list"),
    path("team/holding-tank/", views.holding_tank, name="holding_tank"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/qr.svg", views.referral_qr_svg, name="referral_qr_svg"),
    path("referrals/qr.png", views.referral_qr_png, name="referral_qr_png"),
    path("rank/", money.rank, name="rank"),
    path("earnings/", money.earnings, name="earnings"),
    path("wallet/", money.wallet, name="wallet"),
    path("orders/", orders.orders, name="orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
]
