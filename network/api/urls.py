"""/api/v1/network/: the genealogy API (see api.py)."""

from django.urls import path

from network.api import views as api

urlpatterns = [
    path("summary/", api.SummaryView.as_view(), name="network-summary"),
    path("downline/", api.DownlineView.as_view(), name="network-downline"),
    path("nodes/<int:pk>/", api.NodeView.as_view(), name="network-node"),
    path("nodes/<int:pk>/children/", api.ChildrenView.as_view(), name="network-children"),
    path("upline/", api.UplineView.as_view(), name="network-upline"),
    path("referrals/stats/", api.ReferralStatsView.as_view(), name="network-referral-stats"),
    path("holding-tank/", api.HoldingTankView.as_view(), name="network-holding-tank"),
    path(
        "holding-tank/<int:pk>/place/", api.HoldingTankPlaceView.as_view(),
        name="network-holding-tank-place",
    ),
    path("referral-code/", api.ReferralCodeView.as_view(), name="network-referral-code"),
]
