"""The CDS Hooks service over real HTTP: a uvicorn server on loopback, and a fake FHIR server."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from _fhir_fixtures import (
    bundle,
    coded_obs,
    egfr,
    example_bundle,
    medication_request,
    named,
    patient,
    rx,
    upcr,
)
from _live_server import running

from lupus_nephritis.cds.cards import EXTENSION_KEY
from lupus_nephritis.cds.service import (
    ORDER_SELECT,
    ORDER_SIGN,
    PATIENT_VIEW,
    PREFETCH,
    ServiceConfig,
    create_app,
)
from lupus_nephritis.errors import UnknownRuleSetError
from lupus_nephritis.fhir import codes as fhir_codes

TOKEN = "secret-token"


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with running(create_app()) as base:
        yield base


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def drafts(*resources: dict[str, Any]) -> dict[str, Any]:
    return bundle(*resources)


def voclosporin_draft() -> dict[str, Any]:
    return medication_request("draft-voc", named("voclosporin 7.9 mg"), status="draft")


def prefetch_of(*resources: dict[str, Any]) -> dict[str, Any]:
    """Every prefetch key satisfied: the patient, the rest in one searchset per key."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        by_type.setdefault(resource["resourceType"], []).append(resource)
    keys = {
        "observations": "Observation",
        "conditions": "Condition",
        "medicationRequests": "MedicationRequest",
        "medicationStatements": "MedicationStatement",
        "medicationAdministrations": "MedicationAdministration",
    }
    out: dict[str, Any] = {"patient": (by_type.get("Patient") or [None])[0]}
    for key, kind in keys.items():
        out[key] = bundle(*by_type.get(kind, []), kind="searchset")
    return out


def order_request(
    *record: dict[str, Any], hook: str = "order-sign", orders: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "userId": "Practitioner/1",
        "patientId": "p1",
        "draftOrders": drafts(*(orders if orders is not None else [voclosporin_draft()])),
    }
    if hook == "order-select":
        context["selections"] = ["MedicationRequest/draft-voc"]
    return {
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": context,
        "prefetch": prefetch_of(patient(), *record),
    }


def cards_of(
    client: httpx.Client, service: str, service_id: str, body: Any
) -> list[dict[str, Any]]:
    response = client.post(f"{service}/cds-services/{service_id}", json=body)
    assert response.status_code == 200, response.text
    cards: list[dict[str, Any]] = response.json()["cards"]
    return cards


def find(cards: list[dict[str, Any]], criterion: str) -> list[dict[str, Any]]:
    return [c for c in cards if c["extension"][EXTENSION_KEY].get("criterion") == criterion]


def no_nulls(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, dict):
        return all(no_nulls(v) for v in value.values()) and value != {}
    if isinstance(value, list):
        return all(no_nulls(v) for v in value)
    return True


# ----------------------------------------------------------------------------- discovery


def test_discovery_lists_the_three_services_with_prefetch_templates(
    client: httpx.Client, service: str
) -> None:
    response = client.get(f"{service}/cds-services")
    assert response.status_code == 200
    services = {s["id"]: s for s in response.json()["services"]}
    assert {s["hook"] for s in services.values()} == {"order-select", "order-sign", "patient-view"}
    for entry in services.values():
        assert entry["title"] and entry["description"]
        assert entry["prefetch"]["patient"] == "Patient/{{context.patientId}}"
        assert all("{{context.patientId}}" in t for t in entry["prefetch"].values())


def test_the_observation_prefetch_asks_for_every_mapped_loinc_code() -> None:
    for code in fhir_codes.OBSERVATION_CODES:
        assert f"http://loinc.org|{code}" in PREFETCH["observations"]


# ----------------------------------------------------------------------------- order hooks


def test_voclosporin_at_egfr_40_gets_a_warning_card_with_the_criterion(
    client: httpx.Client, service: str
) -> None:
    body = order_request(egfr("egfr-1", "2025-01-06", 40))
    cards = cards_of(client, service, ORDER_SIGN, body)
    (card,) = find(cards, "voclosporin-baseline-egfr")
    assert card["indicator"] == "warning"
    assert len(card["summary"]) < 140
    ext = card["extension"][EXTENSION_KEY]
    assert ext["observed"] == "40" and ext["threshold"] == "45" and ext["comparator"] == "<="
    assert ext["threshold_unit"] == "mL/min/{1.73_m2}"
    assert ext["source_id"] == "lupkynis-uspi" and ext["rule_set"].startswith("us-labels@")
    assert "Observation/egfr-1" in ext["resources"]
    assert card["source"]["label"] and card["source"]["url"].startswith("https://")
    assert "`voclosporin-baseline-egfr`" in card["detail"]
    assert no_nulls(card)


def test_voclosporin_at_egfr_exactly_45_is_warned_because_the_label_says_at_or_below(
    client: httpx.Client, service: str
) -> None:
    cards = cards_of(client, service, ORDER_SIGN, order_request(egfr("e", "2025-01-06", 45)))
    assert find(cards, "voclosporin-baseline-egfr")


def test_voclosporin_at_egfr_46_gets_no_egfr_card(client: httpx.Client, service: str) -> None:
    cards = cards_of(client, service, ORDER_SIGN, order_request(egfr("e", "2025-01-06", 46)))
    assert not find(cards, "voclosporin-baseline-egfr")


def test_voclosporin_without_an_egfr_gets_no_egfr_card(client: httpx.Client, service: str) -> None:
    cards = cards_of(client, service, ORDER_SIGN, order_request(upcr("u", "2025-01-06", "1")))
    assert not find(cards, "voclosporin-baseline-egfr")


def test_voclosporin_with_cyclophosphamide_is_warned_with_a_removal_suggestion(
    client: httpx.Client, service: str
) -> None:
    orders = [
        voclosporin_draft(),
        medication_request("draft-cyc", rx("3002"), status="draft"),
    ]
    body = order_request(egfr("e", "2025-01-06", 80), orders=orders)
    (card,) = find(cards_of(client, service, ORDER_SIGN, body), "voclosporin-with-cyclophosphamide")
    assert card["selectionBehavior"] == "at-most-one"
    targets = {a["resourceId"] for s in card["suggestions"] for a in s["actions"]}
    assert targets == {"MedicationRequest/draft-voc", "MedicationRequest/draft-cyc"}
    assert all(a["type"] == "delete" for s in card["suggestions"] for a in s["actions"])


@pytest.mark.parametrize(("value", "warned"), [("29.9", True), ("30", False), ("45", False)])
def test_belimumab_below_egfr_30_is_warned_under_kdigo_2024(
    client: httpx.Client, service: str, value: str, warned: bool
) -> None:
    orders = [medication_request("draft-bel", named("belimumab"), status="draft")]
    body = order_request(
        egfr("e", "2025-01-06", value),
        medication_request("mmf", named("mycophenolate mofetil")),
        orders=orders,
    )
    cards = find(cards_of(client, service, ORDER_SIGN, body), "belimumab-egfr")
    assert bool(cards) is warned
    if warned:
        ext = cards[0]["extension"][EXTENSION_KEY]
        assert ext["rule_set"].startswith("kdigo-2024-regimens@")
        assert ext["comparator"] == "<" and ext["threshold"] == "30"


def test_pregnancy_makes_voclosporin_and_mycophenolate_a_concern(
    client: httpx.Client, service: str
) -> None:
    body = order_request(
        egfr("e", "2025-01-06", 80),
        coded_obs("preg", "82810-3", "2025-01-06", "http://snomed.info/sct", "77386006"),
        medication_request("mmf", named("mycophenolate mofetil")),
    )
    cards = cards_of(client, service, ORDER_SIGN, body)
    (voc,) = find(cards, "voclosporin-pregnancy")
    assert voc["indicator"] == "warning"
    assert "Observation/preg" in voc["extension"][EXTENSION_KEY]["resources"]
    mmf = find(cards, "mycophenolate-pregnancy")
    assert any(c["indicator"] == "critical" for c in mmf)
    assert {c["extension"][EXTENSION_KEY]["rule_set"].split("@")[0] for c in mmf} == {
        "us-labels",
        "kdigo-2024-regimens",
    }
    assert cards[0]["indicator"] == "critical"  # most severe first


def test_a_strong_cyp3a4_inhibitor_makes_voclosporin_contraindicated(
    client: httpx.Client, service: str
) -> None:
    body = order_request(
        egfr("e", "2025-01-06", 80), medication_request("k", named("ketoconazole"))
    )
    (card,) = find(
        cards_of(client, service, ORDER_SIGN, body), "voclosporin-strong-cyp3a4-inhibitor"
    )
    assert card["indicator"] == "critical"


def test_order_select_checks_only_the_selected_drafts(client: httpx.Client, service: str) -> None:
    orders = [voclosporin_draft(), medication_request("draft-cyc", rx("3002"), status="draft")]
    body = order_request(egfr("e", "2025-01-06", 40), hook="order-select", orders=orders)
    body["context"]["selections"] = ["MedicationRequest/draft-cyc"]
    cards = cards_of(client, service, ORDER_SELECT, body)
    assert not find(cards, "voclosporin-baseline-egfr")
    body["context"]["selections"] = ["MedicationRequest/draft-voc"]
    assert find(cards_of(client, service, ORDER_SELECT, body), "voclosporin-baseline-egfr")


def test_drafts_without_a_lupus_nephritis_drug_get_no_cards(
    client: httpx.Client, service: str
) -> None:
    orders = [medication_request("d", named("amlodipine"), status="draft")]
    body = order_request(egfr("e", "2025-01-06", 40), orders=orders)
    assert cards_of(client, service, ORDER_SIGN, body) == []


def test_the_same_request_gives_the_same_cards_and_uuids(
    client: httpx.Client, service: str
) -> None:
    body = order_request(egfr("e", "2025-01-06", 40))
    first = cards_of(client, service, ORDER_SIGN, body)
    assert first == cards_of(client, service, ORDER_SIGN, copy.deepcopy(body))
    other = copy.deepcopy(body)
    other["hookInstance"] = "another-instance"
    assert {c["uuid"] for c in first}.isdisjoint(
        c["uuid"] for c in cards_of(client, service, ORDER_SIGN, other)
    )


def test_every_card_follows_the_card_shape(client: httpx.Client, service: str) -> None:
    body = order_request(
        egfr("e", "2025-01-06", 40),
        coded_obs("preg", "82810-3", "2025-01-06", "http://snomed.info/sct", "77386006"),
    )
    for card in cards_of(client, service, ORDER_SIGN, body):
        assert set(card) >= {"uuid", "summary", "indicator", "source"}
        assert card["indicator"] in ("info", "warning", "critical")
        assert len(card["summary"]) < 140 and card["source"]["label"]
        assert no_nulls(card)


# ----------------------------------------------------------------------------- patient-view


def test_patient_view_shows_response_and_biopsy_cards(client: httpx.Client, service: str) -> None:
    resources = [e["resource"] for e in example_bundle()["entry"]]
    body = {
        "hook": "patient-view",
        "hookInstance": "pv-1",
        "context": {"userId": "Practitioner/1", "patientId": "ln-1"},
        "prefetch": prefetch_of(*resources),
    }
    cards = cards_of(client, service, PATIENT_VIEW, body)
    summaries = [c["summary"] for c in cards]
    assert any(s.startswith("Renal response: complete (kdigo-2024@") for s in summaries)
    assert any(s.startswith("Kidney biopsy:") for s in summaries)
    response = cards[0]["extension"][EXTENSION_KEY]
    assert "Observation/upcr-2" in response["resources"]
    assert {c["criterion"] for c in response["criteria"]} >= {"complete"} or response["criteria"]


def test_patient_view_without_a_treatment_start_explains_why(
    client: httpx.Client, service: str
) -> None:
    body = {
        "hook": "patient-view",
        "hookInstance": "pv-2",
        "context": {"patientId": "p1"},
        "prefetch": prefetch_of(patient(), upcr("u", "2025-01-06", "1.5")),
    }
    summaries = [c["summary"] for c in cards_of(client, service, PATIENT_VIEW, body)]
    assert "Renal response not assessed: no treatment start in the record" in summaries


def test_patient_view_lists_the_record_items_it_did_not_use(
    client: httpx.Client, service: str
) -> None:
    bad = upcr("bad", "2025-01-06", "0.8", unit="g/L")
    body = {
        "hook": "patient-view",
        "hookInstance": "pv-3",
        "context": {"patientId": "p1"},
        "prefetch": prefetch_of(patient(), bad, upcr("u", "2025-01-07", "1.5")),
    }
    cards = cards_of(client, service, PATIENT_VIEW, body)
    unmapped = [c for c in cards if "not used" in c["summary"]]
    assert unmapped and "`Observation/bad`" in unmapped[0]["detail"]


# ----------------------------------------------------------------------------- FHIR fetch


def fake_fhir_server(resources: list[dict[str, Any]], seen: list[tuple[str, str | None]]) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def read(request: Request) -> JSONResponse:
        seen.append((str(request.url), request.headers.get("authorization")))
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return JSONResponse({"resourceType": "OperationOutcome"}, status_code=401)
        kind = request.path_params["kind"]
        ident = request.path_params.get("ident")
        matches = [r for r in resources if r["resourceType"] == kind]
        if ident is not None:
            found = [r for r in matches if r.get("id") == ident]
            return JSONResponse(found[0]) if found else JSONResponse({}, status_code=404)
        return JSONResponse(bundle(*matches, kind="searchset"))

    return Starlette(routes=[Route("/fhir/{kind}/{ident}", read), Route("/fhir/{kind}", read)])


def test_missing_prefetch_is_fetched_from_the_fhir_server_with_the_token(
    client: httpx.Client, service: str
) -> None:
    seen: list[tuple[str, str | None]] = []
    record = [patient(), egfr("egfr-remote", "2025-01-06", 40)]
    with running(fake_fhir_server(record, seen)) as fhir:
        body = order_request()
        del body["prefetch"]
        body["fhirServer"] = f"{fhir}/fhir"
        body["fhirAuthorization"] = {
            "access_token": TOKEN,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "lupus-nephritis",
        }
        cards = cards_of(client, service, ORDER_SIGN, body)
    (card,) = find(cards, "voclosporin-baseline-egfr")
    assert "Observation/egfr-remote" in card["extension"][EXTENSION_KEY]["resources"]
    assert len(seen) == len(PREFETCH)
    assert all(auth == f"Bearer {TOKEN}" for _url, auth in seen)
    assert any("/fhir/Patient/p1" in url for url, _auth in seen)


def test_only_the_unsatisfied_prefetch_keys_are_fetched(client: httpx.Client, service: str) -> None:
    seen: list[tuple[str, str | None]] = []
    with running(fake_fhir_server([egfr("egfr-remote", "2025-01-06", 40)], seen)) as fhir:
        body = order_request()
        del body["prefetch"]["observations"]
        body["fhirServer"] = f"{fhir}/fhir"
        body["fhirAuthorization"] = {
            "access_token": TOKEN,
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "x",
            "subject": "y",
        }
        cards = cards_of(client, service, ORDER_SIGN, body)
    assert [url.split("?")[0].rsplit("/", 1)[-1] for url, _ in seen] == ["Observation"]
    assert find(cards, "voclosporin-baseline-egfr")


def test_a_fhir_server_refusing_the_token_gives_412(client: httpx.Client, service: str) -> None:
    seen: list[tuple[str, str | None]] = []
    with running(fake_fhir_server([], seen)) as fhir:
        body = order_request()
        del body["prefetch"]
        body["fhirServer"] = f"{fhir}/fhir"
        body["fhirAuthorization"] = {
            "access_token": "wrong",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "x",
            "subject": "y",
        }
        response = client.post(f"{service}/cds-services/{ORDER_SIGN}", json=body)
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "fhir-error"


def test_missing_prefetch_without_a_fhir_server_gives_412(
    client: httpx.Client, service: str
) -> None:
    body = order_request()
    del body["prefetch"]["observations"]
    response = client.post(f"{service}/cds-services/{ORDER_SIGN}", json=body)
    assert response.status_code == 412
    error = response.json()["error"]
    assert error["code"] == "precondition-failed" and "observations" in error["message"]


def test_a_null_prefetch_key_means_no_data_not_missing(client: httpx.Client, service: str) -> None:
    body = order_request()
    body["prefetch"]["conditions"] = None
    assert client.post(f"{service}/cds-services/{ORDER_SIGN}", json=body).status_code == 200


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("mutate", "status", "field"),
    [
        (lambda b: b.pop("hookInstance"), 400, "hookInstance"),
        (lambda b: b.update(hook="patient-view"), 400, "hook"),
        (lambda b: b["context"].pop("patientId"), 400, "context.patientId"),
        (
            lambda b: b["context"].update(draftOrders={"resourceType": "Patient"}),
            400,
            "context.draftOrders",
        ),
        (lambda b: b.update(fhirServer="ftp://x"), 400, "fhirServer"),
        (
            lambda b: b.update(fhirAuthorization={"access_token": "t", "token_type": "MAC"}),
            400,
            "fhirAuthorization.token_type",
        ),
        (lambda b: b.update(prefetch=[]), 400, "prefetch"),
    ],
)
def test_malformed_requests_get_a_400_naming_the_field(
    client: httpx.Client, service: str, mutate: Any, status: int, field: str
) -> None:
    body = order_request(egfr("e", "2025-01-06", 40))
    mutate(body)
    response = client.post(f"{service}/cds-services/{ORDER_SIGN}", json=body)
    assert response.status_code == status
    assert response.json()["error"]["field"] == field


def test_order_select_needs_selections(client: httpx.Client, service: str) -> None:
    body = order_request(hook="order-select")
    del body["context"]["selections"]
    response = client.post(f"{service}/cds-services/{ORDER_SELECT}", json=body)
    assert response.status_code == 400 and response.json()["error"]["field"] == "context.selections"


def test_a_body_that_is_not_json_gets_a_400(client: httpx.Client, service: str) -> None:
    response = client.post(f"{service}/cds-services/{ORDER_SIGN}", content=b"{not json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid-json"


def test_an_unknown_service_gets_a_404(client: httpx.Client, service: str) -> None:
    response = client.post(f"{service}/cds-services/nope", json={})
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown-service"


def test_get_on_a_service_endpoint_gets_a_405(client: httpx.Client, service: str) -> None:
    response = client.get(f"{service}/cds-services/{ORDER_SIGN}")
    assert response.status_code == 405 and response.json()["error"]["code"] == "method-not-allowed"


def test_feedback_is_acknowledged(client: httpx.Client, service: str) -> None:
    body = {
        "feedback": [
            {"card": "abc", "outcome": "overridden", "outcomeTimestamp": "2025-01-06T00:00:00Z"}
        ]
    }
    response = client.post(f"{service}/cds-services/{ORDER_SIGN}/feedback", json=body)
    assert response.status_code == 200 and response.json() == {"received": 1}


def test_feedback_with_an_unknown_outcome_gets_a_400(client: httpx.Client, service: str) -> None:
    body = {"feedback": [{"card": "abc", "outcome": "liked"}]}
    response = client.post(f"{service}/cds-services/{ORDER_SIGN}/feedback", json=body)
    assert (
        response.status_code == 400 and response.json()["error"]["field"] == "feedback[0].outcome"
    )


def test_an_unknown_configured_rule_set_fails_at_start_up() -> None:
    with pytest.raises(UnknownRuleSetError):
        create_app(ServiceConfig(eligibility_rule_sets=("nope",)))


def test_an_unknown_path_gets_a_json_404(client: httpx.Client, service: str) -> None:
    response = client.get(f"{service}/nothing-here")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not-found"
