"""The SOC's address for alerts: outside the language prefixes, JSON only."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from api.soc.alerts import soc_alert_accept, soc_alert_authenticate
from security.services import security_event_record

MAX_BODY = 64 * 1024


@csrf_exempt  # machines sign their requests; there is no session to forge
@require_POST
def alert_receive(request: HttpRequest) -> JsonResponse:
    body = request.body[: MAX_BODY + 1]
    try:
        if len(body) > MAX_BODY:
            raise ServiceError(gettext("The alert is too large."), code="too_large")
        sender = soc_alert_authenticate(
            token=request.headers.get("X-SOC-Token", ""),
            timestamp=request.headers.get("X-SOC-Timestamp", ""),
            signature=request.headers.get("X-SOC-Signature", ""),
            body=body,
        )
        accepted = soc_alert_accept(sender=sender, body=body)
    except ServiceError as error:
        _record_refusal(request, error)
        return JsonResponse({"error": {
            "code": error.code, "message": str(error.message), "field": error.field,
        }}, status=error.status)

    security_event_record(
        name="sys_soc_alert_received", outcome="success", request=request,
        object_ref=f"incident:{accepted.incident_number}",
        details={"sender": sender, "new_incident": accepted.created},
    )
    return JsonResponse(
        {"incident": accepted.incident_number, "created": accepted.created},
        status=202,
    )


def _record_refusal(request: HttpRequest, error: ServiceError) -> None:
    name = "authn_token_reuse" if error.code == "replay" else "authn_token_invalid"
    if error.status not in (401, 409):
        name = "input_validation_fail"
    security_event_record(
        name=name, outcome="failure", request=request, object_ref="soc_alerts",
        details={"code": error.code},
    )
