"""/api/v1/reports/: the rank card, income disclosure and plan analysis (see views.py)."""

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
