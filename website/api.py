"""API plumbing shared by every app: JSON errors and the public health probe."""

from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Every API error is JSON: {"detail": message, "code": code[, "errors": {...}]}."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        body = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    else:
        body = {
            "detail": _("The request is not valid; see the errors for each field."),
            "code": "invalid",
            "errors": data,
        }
    response.data = body
    return response


def api_not_found(request, exception=None):
    return JsonResponse(
        {"detail": _("No API endpoint at this address."), "code": "not_found"}, status=404
    )


class HealthView(APIView):
    """Reports whether the database and the cache answer. Public, for load balancers."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses=inline_serializer(
            "Health",
            {"status": serializers.CharField(), "database": serializers.BooleanField(),
             "cache": serializers.BooleanField()},
        )
    )
    def get(self, request):
        checks = {"database": False, "cache": False}
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            checks["database"] = True
        except Exception:  # noqa: BLE001 - any failure means unhealthy
            pass
        try:
            cache.set("health:probe", "1", 10)
            checks["cache"] = cache.get("health:probe") == "1"
        except Exception:  # noqa: BLE001
            pass
        healthy = all(checks.values())
        return Response(
            {"status": "ok" if healthy else "degraded", **checks},
            status=status.HTTP_200_OK if healthy else status.HTTP_503_SERVICE_UNAVAILABLE,
        )


__all__ = ["exception_handler", "api_not_found", "HealthView", "Http404"]


def public_api_only(endpoints, **kwargs):
    """drf-spectacular hook: the schema documents /api/, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
