"""The network's addresses under each language prefix (included at /<lang>/r/)."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("<str:code>/", views.referral_link, name="referral"),
]
