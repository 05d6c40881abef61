"""/api/v1/mailings/ (see api.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.MailingsView.as_view(), name="mailings-list"),
    path("preview/", api.PreviewView.as_view(), name="mailings-preview"),
    path("<int:pk>/", api.MailingDetailView.as_view(), name="mailings-detail"),
]
