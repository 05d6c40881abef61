"""API plumbing shared by every app: JSON errors (and their place in the schema) and the
public health probe."""

from django.core.cache import cache
from django.db import connection
from django.http import Http404, JsonResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
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
    if isinstance(data, list):
        # A service's messages that name no field are the whole request's.
        data = {"non_field_errors": data}
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


class ApiErrorSerializer(serializers.Serializer):
    """The one shape of every API error."""

    detail = serializers.CharField(help_text=gettext_lazy("What went wrong, for a person."))
    code = serializers.CharField(help_text=gettext_lazy("What went wrong, for a program."))
    errors = serializers.DictField(
        required=False, child=serializers.JSONField(),
        help_text=gettext_lazy(
            "For invalid input only: the messages for each field (non_field_errors: for the "
            "request as a whole)."
        ),
    )


ERROR_DESCRIPTIONS = {
    "400": gettext_lazy("The request is not valid: the detail says why, and errors names "
                        "each invalid field."),
    "401": gettext_lazy("No valid credentials: send “Authorization: Token <key>”."),
    "403": gettext_lazy("You are signed in but may not do this."),
    "404": gettext_lazy("Nothing here that you may see."),
    "409": gettext_lazy("The request conflicts with an earlier one or with the current state."),
    "415": gettext_lazy("The body is not JSON (or a form)."),
    "429": gettext_lazy("Too many requests: wait the seconds Retry-After says."),
}


class DownlineAutoSchema(AutoSchema):
    """drf-spectacular's schema, with the errors each operation can answer documented in
    the one shape the exception handler gives them, so the schema says what the API does.

    Which errors an operation has follows from its view: signing in (401, and 403 when
    signed in but not allowed), input (400; 415 for a body), path ids (404), throttling
    (429), and what its permissions declare in `error_codes`. A view declares any other
    error in its extend_schema (with or without a body: the shared body is filled in).
    """

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in sorted(self.error_codes(operation) | {
            code for code in responses if code >= "400"
        }):
            documented = responses.get(code, {})
            if "content" not in documented:
                description = documented.get("description") or ERROR_DESCRIPTIONS.get(code, "")
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ApiErrorSerializer, description=description), code,
                    media_types=["application/json"],
                )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_codes(self, operation):
        codes = set()
        permissions = self.view.get_permissions()
        if not all(isinstance(permission, AllowAny) for permission in permissions):
            codes |= {"401", "403"}
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        if "requestBody" in operation:
            codes |= {"400", "415"}
        if places & {"query", "header"}:
            codes.add("400")
        if "path" in places:
            codes.add("404")
        for permission in permissions:
            # A permission that can answer more than 403 says so (network: 404).
            codes |= set(getattr(permission, "error_codes", ()))
        if self.view.get_throttles():
            codes.add("429")
        return codes


# The JSON types each kind of input field takes, as the schema shows them. DRF would also
# take 5 for a text field or "5" for a number (right for a form, where all is text).
JSON_TYPES = [
    (serializers.BooleanField, (bool,), gettext_lazy("Send true or false.")),
    (serializers.DecimalField, (int, float, str), gettext_lazy("Send a number.")),
    (serializers.IntegerField, (int,), gettext_lazy("Send a whole number.")),
    (serializers.FloatField, (int, float), gettext_lazy("Send a number.")),
    (serializers.ChoiceField, (str,), gettext_lazy("Send text.")),
    (serializers.CharField, (str,), gettext_lazy("Send text.")),
    (serializers.DateField, (str,), gettext_lazy("Send text.")),
    (serializers.DateTimeField, (str,), gettext_lazy("Send text.")),
]


def json_type_error(field, value):
    """Why `value` from a JSON body does not suit `field`, or None when it does."""
    for kind, types, message in JSON_TYPES:
        if isinstance(field, kind):
            if isinstance(value, bool) and bool not in types:
                return message
            return None if isinstance(value, types) else message
    return None


class StrictJSONInput:
    """A mixin for input serializers: a JSON body's values must have the type the schema
    gives them (a number is not text, text is not a number, true is neither)."""

    def to_internal_value(self, data):
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or data.get(name) is None:
                    continue
                message = json_type_error(field, data[name])
                if message:
                    errors[name] = [message]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


@csrf_exempt  # a JSON 404 for any method: a POST to no endpoint is not a CSRF question
def api_not_found(request, exception=None):
    return JsonResponse(
        {"detail": _("No API endpoint at this address."), "code": "not_found"}, status=404
    )


HEALTH = inline_serializer(
    "Health",
    {"status": serializers.ChoiceField(choices=["ok", "degraded"]),
     "database": serializers.BooleanField(), "cache": serializers.BooleanField()},
)


class HealthView(APIView):
    """Reports whether the database and the cache answer. Public, for load balancers."""

    permission_classes = [AllowAny]
    authentication_classes = []
    # A load balancer asks often, from one address; a 429 would take the server out.
    throttle_classes = []

    @extend_schema(responses={
        200: HEALTH,
        503: OpenApiResponse(HEALTH, description=gettext_lazy(
            "The database or the cache does not answer.")),
    })
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
