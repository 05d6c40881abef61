"""The demo's own receiver (/webhooks/demo-receiver/), standing in for the company's CRM so
the demo's delivery log shows real, verified deliveries. It exists only where
WEBHOOKS_DEMO_RECEIVER is on (the demo's settings), and does what a real receiver should:
checks the signature and its timestamp with the endpoint's secret, and answers an event it
has seen before (by its Idempotency-Key) as a duplicate instead of taking it twice."""

import json

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.webhook_signatures import SignatureError, verify
from webhooks.models import Endpoint

PATH = "/webhooks/demo-receiver/"
SEEN_SECONDS = 7 * 24 * 60 * 60


def secrets_of_demo_endpoints():
    return [secret for url, secret in Endpoint.objects.values_list("url", "secret")
            if url.rstrip("/").endswith(PATH.rstrip("/"))]


@csrf_exempt
@require_POST
def demo_receiver(request):
    if not settings.WEBHOOKS_DEMO_RECEIVER:
        raise Http404
    for secret in secrets_of_demo_endpoints():
        try:
            verify(secret, request.headers, request.body)
            break
        except SignatureError:
            continue
    else:
        return JsonResponse({"detail": "bad signature"}, status=401)
    try:
        event = json.loads(request.body)
    except ValueError:
        return JsonResponse({"detail": "not JSON"}, status=400)
    key = request.headers.get("Idempotency-Key", "")
    first_time = cache.add(f"webhooks:demo-receiver:{key}", True, SEEN_SECONDS)
    return JsonResponse({"received": key, "kind": event.get("kind"), "duplicate": not first_time})
