"""The public queue display for the waiting room's TV: numbers, live, called aloud.

Public (it shows queue numbers only, never a name), polled as JSON every two seconds;
the number whose service started last is the one being called, spoken by espeak-ng.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.visitors.voice import VoiceUnavailableError, call_audio
from visitors.selectors.display import DisplayNumber, queue_display

POLL_MILLISECONDS = 2000
MAX_NUMBER = 9999


def _shown(number: DisplayNumber) -> dict[str, Any]:
    return {"label": number.label, "priority": number.priority}


@require_GET
def display_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/desk/display.html", {"poll_ms": POLL_MILLISECONDS})


@require_GET
@never_cache
def display_json(request: HttpRequest) -> JsonResponse:
    state = queue_display()
    language = "en" if (get_language() or "id").startswith("en") else "id"
    calling = None
    if state.calling is not None and state.called_at is not None:
        calling = {
            **_shown(state.calling),
            "called_at": state.called_at.isoformat(),
            "audio": reverse("queue-display-voice", args=[state.calling.number])
            + f"?bahasa={language}",
        }
    return JsonResponse(
        {
            "time": timezone.localtime().strftime("%H:%M"),
            "calling": calling,
            "serving": [_shown(n) for n in state.serving],
            "waiting": [_shown(n) for n in state.waiting],
            "waiting_count": state.waiting_count,
        }
    )


@require_GET
def display_voice(request: HttpRequest, number: int) -> FileResponse:
    if not 0 < number <= MAX_NUMBER:
        raise Http404
    language = "en" if request.GET.get("bahasa") == "en" else "id"
    try:
        path = call_audio(number, language=language)
    except VoiceUnavailableError as error:
        raise Http404(error.message_en) from error
    response = FileResponse(path.open("rb"), content_type="audio/wav")
    response["Cache-Control"] = "public, max-age=86400"
    return response
