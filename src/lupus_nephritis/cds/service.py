"""A CDS Hooks 2.0 service (an ASGI app on Starlette): discovery, three hooks, feedback.

* ``GET /cds-services``: discovery (the services, their hooks and prefetch templates).
* ``POST /cds-services/lupus-nephritis-order-select`` and ``...-order-sign``: check the drafted
  regimen (draft orders plus the current lupus nephritis drugs) under the configured
  eligibility rule sets; a card for every met criterion that makes the regimen a concern
  (voclosporin at eGFR <= 45 or with cyclophosphamide, belimumab below eGFR 30, pregnancy,
  CYP3A4 interactions ...), with the criterion, value, threshold, source and rule set.
* ``POST /cds-services/lupus-nephritis-patient-view``: renal response status and biopsy
  indication.
* ``POST /cds-services/{id}/feedback``: accepted and acknowledged (the service keeps no state).

Data comes from the request's ``prefetch``; a template key the client did not satisfy is
fetched from ``fhirServer`` (with ``fhirAuthorization.access_token`` as a Bearer token) through
httpx. Without either, the service answers 412, as the spec requires. Bad requests get a 400
(unknown service 404) with a JSON body ``{"error": {"status", "code", "message", "field"}}``.

Install with the ``cds`` extra (``pip install 'lupus-nephritis[cds]'``); the web framework,
server and HTTP client are imported only here, when the app is created.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from lupus_nephritis.cds.cards import (
    decision_card,
    eligibility_cards,
    message_card,
    truncate,
)
from lupus_nephritis.errors import LupusNephritisError
from lupus_nephritis.fhir import codes as fhir_codes
from lupus_nephritis.fhir.reader import FhirData, read_fhir

if TYPE_CHECKING:  # pragma: no cover - typing only
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse

ORDER_SELECT = "lupus-nephritis-order-select"
ORDER_SIGN = "lupus-nephritis-order-sign"
PATIENT_VIEW = "lupus-nephritis-patient-view"

_PATIENT = "{{context.patientId}}"


def _observation_query() -> str:
    loinc = ",".join(f"{fhir_codes.LOINC}|{code}" for code in fhir_codes.OBSERVATION_CODES)
    return f"Observation?patient={_PATIENT}&code={loinc}"


PREFETCH: Mapping[str, str] = {
    "patient": f"Patient/{_PATIENT}",
    "observations": _observation_query(),
    "conditions": f"Condition?patient={_PATIENT}",
    "medicationRequests": f"MedicationRequest?patient={_PATIENT}",
    "medicationStatements": f"MedicationStatement?patient={_PATIENT}",
    "medicationAdministrations": f"MedicationAdministration?patient={_PATIENT}",
}
"""Prefetch templates (the observation codes come from `lupus_nephritis.fhir.codes`)."""


@attrs.frozen(slots=True)
class ServiceConfig:
    """What the service checks and how it reads FHIR.

    Attributes:
        eligibility_rule_sets: Eligibility rule sets the order hooks apply (each gives its own
            cards).
        response_definition: Renal response definition of ``patient-view``.
        biopsy_guideline: Biopsy-indication rule set of ``patient-view``.
        regimen_phase: Treatment phase the drafted regimen is checked for (FHIR orders do not
            code it).
        read_options: Options passed to `read_fhir`.
        fhir_timeout_seconds: Timeout of each FHIR-server request.
        fhir_max_pages: Most search-result pages followed per prefetch key.
    """

    eligibility_rule_sets: tuple[str, ...] = ("us-labels", "kdigo-2024-regimens")
    response_definition: str = "kdigo-2024"
    biopsy_guideline: str = "kdigo-2024"
    regimen_phase: str = "initial"
    read_options: Mapping[str, Any] = attrs.field(factory=dict)
    fhir_timeout_seconds: float = 10.0
    fhir_max_pages: int = 10


_HOOKS: Mapping[str, tuple[str, str, str]] = {
    ORDER_SELECT: (
        "order-select",
        "Lupus nephritis regimen check (order select)",
        "Warns when the selected lupus nephritis drugs, with the current ones, are not "
        "recommended or contraindicated for this patient (cited label and guideline rules).",
    ),
    ORDER_SIGN: (
        "order-sign",
        "Lupus nephritis regimen check (order sign)",
        "Before signing: warns when the drafted lupus nephritis regimen is not recommended or "
        "contraindicated for this patient (cited label and guideline rules).",
    ),
    PATIENT_VIEW: (
        "patient-view",
        "Lupus nephritis status",
        "Renal response under the configured definition and whether a kidney biopsy is "
        "indicated, each criterion explained with its source.",
    ),
}


def discovery() -> dict[str, Any]:
    """The discovery document (``GET /cds-services``)."""
    return {
        "services": [
            {
                "hook": hook,
                "title": title,
                "description": description,
                "id": service_id,
                "prefetch": dict(PREFETCH),
            }
            for service_id, (hook, title, description) in _HOOKS.items()
        ]
    }


class CdsError(LupusNephritisError):
    """A request the service refuses, with its HTTP status and the offending field."""

    code = "cds-request"

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = code
        self.message = message
        self.field = field

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        error: dict[str, Any] = {
            "status": self.status,
            "code": self.error_code,
            "message": self.message,
        }
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


def _require(mapping: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = mapping.get(key)
    if value is None:
        raise CdsError(400, "missing-field", f"{where}{key} is required", f"{where}{key}")
    if not isinstance(value, kind):
        raise CdsError(
            400,
            "invalid-field",
            f"{where}{key} must be a {kind.__name__}, got {type(value).__name__}",
            f"{where}{key}",
        )
    return value


def parse_request(service_id: str, body: object) -> dict[str, Any]:
    """Check a hook request's shape; returns it (raises `CdsError` when malformed)."""
    if not isinstance(body, Mapping):
        raise CdsError(400, "invalid-request", "the request body must be a JSON object")
    hook = _require(body, "hook", str, "")
    expected = _HOOKS[service_id][0]
    if hook != expected:
        raise CdsError(
            400, "wrong-hook", f"service {service_id} answers {expected}, not {hook}", "hook"
        )
    _require(body, "hookInstance", str, "")
    context = _require(body, "context", Mapping, "")
    _require(context, "patientId", str, "context.")
    if hook in ("order-select", "order-sign"):
        drafts = _require(context, "draftOrders", Mapping, "context.")
        if drafts.get("resourceType") != "Bundle":
            raise CdsError(
                400,
                "invalid-field",
                "context.draftOrders must be a FHIR Bundle",
                "context.draftOrders",
            )
    if hook == "order-select":
        selections = _require(context, "selections", list, "context.")
        if not all(isinstance(s, str) for s in selections):
            raise CdsError(
                400, "invalid-field", "context.selections must be strings", "context.selections"
            )
    prefetch = body.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, Mapping):
        raise CdsError(400, "invalid-field", "prefetch must be an object", "prefetch")
    server = body.get("fhirServer")
    if server is not None and not (isinstance(server, str) and server.startswith("http")):
        raise CdsError(400, "invalid-field", "fhirServer must be an absolute URL", "fhirServer")
    auth = body.get("fhirAuthorization")
    if auth is not None:
        if not isinstance(auth, Mapping):
            raise CdsError(
                400, "invalid-field", "fhirAuthorization must be an object", "fhirAuthorization"
            )
        _require(auth, "access_token", str, "fhirAuthorization.")
        token_type = _require(auth, "token_type", str, "fhirAuthorization.")
        if token_type != "Bearer":
            raise CdsError(
                400,
                "invalid-field",
                "fhirAuthorization.token_type must be Bearer",
                "fhirAuthorization.token_type",
            )
    return dict(body)


def _fill(template: str, context: Mapping[str, Any]) -> str:
    from urllib.parse import quote

    patient = quote(str(context["patientId"]), safe="")
    return template.replace(_PATIENT, patient)


async def gather(
    request: Mapping[str, Any], config: ServiceConfig, client: Any | None = None
) -> list[Any]:
    """The FHIR resources the hook needs: prefetch, else fetched from ``fhirServer``.

    Raises:
        CdsError: 412 when a template is neither prefetched nor fetchable.
    """
    prefetch = request.get("prefetch") or {}
    missing = [key for key in PREFETCH if key not in prefetch or _is_outcome(prefetch[key])]
    resources: list[Any] = []
    for key in PREFETCH:
        if key in missing:
            continue
        value = prefetch[key]
        if value is not None:  # null: the client had no data for this key
            resources.append(value)
    if not missing:
        return resources
    server = request.get("fhirServer")
    if server is None:
        raise CdsError(
            412,
            "precondition-failed",
            "prefetch lacks " + ", ".join(missing) + " and the request has no fhirServer to "
            "fetch them from",
            "prefetch",
        )
    import httpx

    headers = {"Accept": "application/fhir+json"}
    auth = request.get("fhirAuthorization")
    if auth:
        headers["Authorization"] = f"Bearer {auth['access_token']}"
    base = str(server).rstrip("/")
    owned = client is None
    http = client or httpx.AsyncClient(timeout=config.fhir_timeout_seconds)
    try:
        for key in missing:
            url: str | None = f"{base}/{_fill(PREFETCH[key], request['context'])}"
            pages = 0
            while url is not None and pages < config.fhir_max_pages:
                pages += 1
                try:
                    response = await http.get(url, headers=headers)
                except httpx.HTTPError as error:
                    raise CdsError(
                        412,
                        "fhir-unreachable",
                        f"FHIR server request for {key} failed: {type(error).__name__}",
                        "fhirServer",
                    ) from None
                if response.status_code == 404 and key == "patient":
                    break
                if response.status_code >= 400:
                    raise CdsError(
                        412,
                        "fhir-error",
                        f"FHIR server answered {response.status_code} for {key}",
                        "fhirServer",
                    )
                try:
                    payload = response.json()
                except ValueError:
                    raise CdsError(
                        412, "fhir-error", f"FHIR server sent non-JSON for {key}", "fhirServer"
                    ) from None
                resources.append(payload)
                url = _next_link(payload)
    finally:
        if owned:
            await http.aclose()
    return resources


def _is_outcome(value: object) -> bool:
    return isinstance(value, Mapping) and value.get("resourceType") == "OperationOutcome"


def _next_link(bundle: object) -> str | None:
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        return None
    for link in bundle.get("link") or ():
        if isinstance(link, Mapping) and link.get("relation") == "next":
            url = link.get("url")
            return url if isinstance(url, str) else None
    return None


def _evidence(fhir: FhirData) -> dict[str, list[str]]:
    """Evidence field -> resources, for the patient context built from the latest data."""
    out: dict[str, list[str]] = {}
    for field in ("egfr", "upcr", "protein_24h", "blood_pressure"):
        _value, day = fhir.latest(field)
        if day is not None:
            out[field] = list(fhir.resources_for(field, day))
    out["is_pregnant"] = [s.resource for s in fhir.pregnancy]
    out["isn_rps_classes"] = [c.resource for c in fhir.classes]
    regimen = [m.resource for m in fhir.medications if m.is_draft]
    day = fhir._last_day()
    regimen += [
        m.resource for m in fhir.medications if not m.is_draft and day and m.is_current_on(day)
    ]
    out["regimen"] = regimen
    if fhir.patient_resource:
        out["age_years"] = [fhir.patient_resource]
        out["sex"] = [fhir.patient_resource]
    return out


def order_cards(
    request: Mapping[str, Any], resources: Sequence[Any], config: ServiceConfig, service_id: str
) -> list[dict[str, Any]]:
    """Cards of the order hooks (pure: no I/O)."""
    from lupus_nephritis.regimens.eligibility.api import check_regimen_eligibility

    context = request["context"]
    hook_instance = request["hookInstance"]
    fhir = read_fhir(
        list(resources), draft_orders=context["draftOrders"], **dict(config.read_options)
    )
    selections = context.get("selections") if request["hook"] == "order-select" else None
    drafts: dict[str, list[str]] = {}
    for m in fhir.medications:
        if m.is_draft and (selections is None or m.resource in selections):
            drafts.setdefault(m.drug.value, []).append(m.resource)
    drafts = {k: v for k, v in drafts.items() if v}
    if not drafts:
        return []
    regimen = fhir.regimen(only_drafts=selections, phase=config.regimen_phase)
    if regimen is None:  # pragma: no cover - drafts imply a regimen
        return []
    patient = fhir.to_patient_context()
    evidence = _evidence(fhir)
    cards: list[dict[str, Any]] = []
    for rule_set in config.eligibility_rule_sets:
        decision = check_regimen_eligibility(regimen, patient, rule_set)
        decision = attrs.evolve(decision, subject=regimen.label)
        cards += eligibility_cards(
            decision,
            hook_instance=hook_instance,
            service_id=service_id,
            resources_for=evidence,
            draft_orders=drafts,
        )
    return cards


def patient_view_cards(
    request: Mapping[str, Any], resources: Sequence[Any], config: ServiceConfig
) -> list[dict[str, Any]]:
    """Cards of ``patient-view`` (pure: no I/O): renal response and biopsy indication."""
    from lupus_nephritis.criteria.biopsy.api import assess_biopsy_indication
    from lupus_nephritis.criteria.response.api import classify_renal_response

    hook_instance = request["hookInstance"]
    fhir = read_fhir(list(resources), **dict(config.read_options))
    cards: list[dict[str, Any]] = []
    visit_refs = sorted({ref for _day, _field, ref in fhir.evidence})
    try:
        course = fhir.to_course()
    except LupusNephritisError as error:
        cards.append(
            message_card(
                "Renal response not assessed: no treatment start in the record",
                str(error),
                hook_instance=hook_instance,
                service_id=PATIENT_VIEW,
                key="no-course",
            )
        )
    else:
        decision = classify_renal_response(course, config.response_definition)
        cards.append(
            decision_card(
                decision,
                hook_instance=hook_instance,
                service_id=PATIENT_VIEW,
                title="Renal response",
                resources=visit_refs,
            )
        )
    try:
        findings = fhir.to_biopsy_findings()
    except LupusNephritisError as error:
        cards.append(
            message_card(
                "Biopsy indication not assessed: no dated findings",
                str(error),
                hook_instance=hook_instance,
                service_id=PATIENT_VIEW,
                key="no-findings",
            )
        )
    else:
        decision = assess_biopsy_indication(findings, config.biopsy_guideline)
        indicator = "warning" if decision.verdict == "indicated" else "info"
        cards.append(
            decision_card(
                decision,
                hook_instance=hook_instance,
                service_id=PATIENT_VIEW,
                title="Kidney biopsy",
                resources=visit_refs,
                indicator=indicator,
            )
        )
    if fhir.unmapped:
        rows = "\n".join(
            f"| `{u.resource}` | {u.code or '-'} | {u.unit or '-'} | {u.reason} |"
            for u in fhir.unmapped[:25]
        )
        more = f"\n\n... and {len(fhir.unmapped) - 25} more." if len(fhir.unmapped) > 25 else ""
        cards.append(
            message_card(
                truncate(
                    f"{len(fhir.unmapped)} record item(s) not used by the lupus nephritis rules"
                ),
                "| resource | code | unit | reason |\n|---|---|---|---|\n" + rows + more,
                hook_instance=hook_instance,
                service_id=PATIENT_VIEW,
                key="unmapped",
            )
        )
    return cards


def create_app(config: ServiceConfig | None = None) -> Starlette:
    """The ASGI application (Starlette).

    Args:
        config: What to check (default `ServiceConfig`).

    Returns:
        The app; serve it with uvicorn (``lupus-nephritis serve``).

    Raises:
        InputError: the ``cds`` extra is not installed.
    """
    try:
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse
        from starlette.routing import Route
    except ImportError:  # pragma: no cover - exercised only without the extra
        from lupus_nephritis.errors import InputError

        raise InputError(
            "the CDS Hooks service needs the 'cds' extra: pip install 'lupus-nephritis[cds]'"
        ) from None

    settings = config or ServiceConfig()
    from lupus_nephritis.registry import get_rule_set

    for rule_set in (*settings.eligibility_rule_sets, settings.response_definition):
        get_rule_set(rule_set)  # fail at start-up, not per request

    def error(err: CdsError) -> JSONResponse:
        return JSONResponse(err.body(), status_code=err.status)

    async def services(request: Request) -> JSONResponse:
        return JSONResponse(discovery())

    async def _body(request: Request) -> object:
        raw = await request.body()
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise CdsError(400, "invalid-json", "the request body is not JSON") from None

    async def hook(request: Request) -> JSONResponse:
        service_id = request.path_params["service_id"]
        try:
            if service_id not in _HOOKS:
                raise CdsError(404, "unknown-service", f"no CDS service {service_id!r}", "service")
            body = parse_request(service_id, await _body(request))
            resources = await gather(body, settings)
            if service_id == PATIENT_VIEW:
                cards = patient_view_cards(body, resources, settings)
            else:
                cards = order_cards(body, resources, settings, service_id)
        except CdsError as err:
            return error(err)
        except LupusNephritisError as err:
            return error(CdsError(422, getattr(err, "code", "ln-error"), str(err)))
        return JSONResponse({"cards": cards})

    async def feedback(request: Request) -> JSONResponse:
        service_id = request.path_params["service_id"]
        try:
            if service_id not in _HOOKS:
                raise CdsError(404, "unknown-service", f"no CDS service {service_id!r}", "service")
            body = await _body(request)
            items = _require(body, "feedback", list, "") if isinstance(body, Mapping) else None
            if items is None:
                raise CdsError(400, "invalid-request", "the request body must be a JSON object")
            for index, item in enumerate(items):
                if not isinstance(item, Mapping):
                    raise CdsError(
                        400,
                        "invalid-field",
                        "feedback entries must be objects",
                        f"feedback[{index}]",
                    )
                _require(item, "card", str, f"feedback[{index}].")
                outcome = _require(item, "outcome", str, f"feedback[{index}].")
                if outcome not in ("accepted", "overridden"):
                    raise CdsError(
                        400,
                        "invalid-field",
                        "outcome must be accepted or overridden",
                        f"feedback[{index}].outcome",
                    )
        except CdsError as err:
            return error(err)
        return JSONResponse({"received": len(items)})

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        status = int(getattr(exc, "status_code", 500))
        codes = {404: "not-found", 405: "method-not-allowed"}
        message = f"{request.method} {request.url.path}: " + (
            "not allowed here" if status == 405 else "no such endpoint"
        )
        return error(CdsError(status, codes.get(status, "http-error"), message))

    return Starlette(
        routes=[
            Route("/cds-services", services, methods=["GET"]),
            Route("/cds-services/{service_id}", hook, methods=["POST"]),
            Route("/cds-services/{service_id}/feedback", feedback, methods=["POST"]),
        ],
        exception_handlers={404: http_error, 405: http_error},
    )


def serve(host: str = "127.0.0.1", port: int = 8080, config: ServiceConfig | None = None) -> None:
    """Serve the app with uvicorn (blocks until stopped).

    Raises:
        InputError: the ``cds`` extra is not installed.
    """
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - exercised only without the extra
        from lupus_nephritis.errors import InputError

        raise InputError(
            "the CDS Hooks service needs the 'cds' extra: pip install 'lupus-nephritis[cds]'"
        ) from None
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")


__all__ = [
    "ORDER_SELECT",
    "ORDER_SIGN",
    "PATIENT_VIEW",
    "PREFETCH",
    "CdsError",
    "ServiceConfig",
    "create_app",
    "discovery",
    "gather",
    "order_cards",
    "parse_request",
    "patient_view_cards",
    "serve",
]
