"""/api/v1/reports/: the rank card, income disclosure and plan analysis (see views.py); and
the bonus lines at /api/v1/money/bonuses/."""

from django.urls import path

from compensation.api import views

urlpatterns = [
    path("rank-card/", views.RankCardView.as_view(), name="reports-rank-card"),
    path(
        "income-disclosure/", views.IncomeDisclosureView.as_view(),
        name="reports-income-disclosure",
    ),
    path("plan-analysis/", views.PlanAnalysisView.as_view(), name="reports-plan-analysis"),
]

# Under /api/v1/money/, beside the wallet's own (config/api_urls.py).
money_urlpatterns = [
    path("bonuses/", views.BonusesView.as_view(), name="money-bonuses"),
]
