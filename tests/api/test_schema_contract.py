"""The schema says what the API does: errors documented in one shape, query parameters
given empty or out of range refused (not taken as the default), and the constraints the
server enforces shown in the schema. The fuzzing test checks all of it broadly; these pin
each finding of issue 12 by name."""

import pytest
from rest_framework.test import APIClient

from network import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return response.json()


@pytest.fixture
def partner_api(db):
    root = services.create_root(display_name="Company")
    partner = services.enrol(UserFactory(), root)
    api = APIClient()
    api.force_authenticate(partner.user)
    return api


def body_schema(schema, path, method="post"):
    reference = schema["paths"][path][method]["requestBody"]["content"]["application/json"]
    name = reference["schema"]["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]["properties"]


def test_every_operation_documents_its_errors_in_one_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for code, response in responses.items():
                if code >= "400" and code != "503":
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ApiError"
                    }, (method, path, code)
            if operation.get("security") != [{}] and "/health/" not in path:
                assert {"401", "403"} <= set(responses), (method, path)
    assert {"400", "403", "404"} <= set(schema["paths"]["/api/v1/network/nodes/{id}/"]["get"]
                                        ["responses"])


def test_the_token_endpoint_documents_a_wrong_password_as_401(schema):
    responses = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert {"200", "400", "401", "429"} <= set(responses)
    assert body_schema(schema, "/api/v1/auth/token/")["password"]["minLength"] == 1


def test_the_schema_shows_the_constraints_the_server_enforces(schema, settings):
    payout = body_schema(schema, "/api/v1/money/payouts/")
    assert payout["amount"]["type"] == "number" and payout["amount"]["minimum"] == 50
    assert payout["currency"]["pattern"] == "^[A-Za-z]{3}$"
    code = body_schema(schema, "/api/v1/network/referral-code/")["code"]
    assert (code["minLength"], code["maxLength"]) == (3, 20)
    order = body_schema(schema, "/api/v1/orders/")
    assert order["currency"]["pattern"] == "^[A-Za-z]{3}$"


@pytest.mark.parametrize("address", [
    "/api/v1/network/downline/?tree=",
    "/api/v1/network/nodes/1/?tree=",
    "/api/v1/network/referrals/stats/?until=",
    "/api/v1/orders/?status=",
    "/api/v1/orders/team/?status=",
    "/api/v1/money/bonuses/?period=",
    "/api/v1/money/wallet/?partner=",
    "/api/v1/money/wallet/?limit=abc",
    "/api/v1/network/downline/?page_size=0",
    "/api/v1/network/downline/?page_size=201",
    "/api/v1/orders/?cursor=",
])
def test_an_empty_or_invalid_parameter_is_refused_not_taken_as_the_default(
    partner_api, address
):
    response = partner_api.get(address)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_parameter"
    assert "“" in response.json()["detail"]  # names the parameter


def test_a_json_value_of_the_wrong_type_is_refused(partner_api):
    response = partner_api.patch("/api/v1/me/", {"last_name": 0}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["last_name"]
    response = partner_api.post("/api/v1/money/payouts/", {"amount": "60", "currency": 978},
                                format="json")
    assert response.status_code == 400 and "currency" in response.json()["errors"]


def test_a_post_to_no_endpoint_is_a_json_404_not_a_csrf_page(client):
    client.cookies["sessionid"] = "anything"
    response = client.post("/api/v1/network/holding-tank/x/place/", {})
    assert response.status_code == 404 and response.json()["code"] == "not_found"
