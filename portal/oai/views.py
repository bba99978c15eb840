"""The OAI-PMH 2.0 endpoint at /oai: GET and POST, one verb per request.

The view only parses the request and serialises the answer; ``verbs`` holds what each verb
does and ``catalogue.selectors.oai`` the queries.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from lxml import etree

from portal.oai import verbs, xml
from portal.oai.arguments import parse
from portal.oai.errors import BadArgument, BadVerb, OaiError

CONTENT_TYPE = "text/xml; charset=utf-8"


@csrf_exempt  # harvesters POST form-encoded requests without a session or CSRF token
def endpoint(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    query = request.POST if request.method == "POST" else request.GET
    pairs = [(key, value) for key in query for value in query.getlist(key)]
    now = timezone.now().replace(microsecond=0)
    base_url = verbs.base_url(request)
    echoed: dict[str, str] = {}
    try:
        parsed = parse(pairs)
        echoed = {"verb": parsed.verb, **parsed.arguments}
        answer = verbs.answer(parsed, request=request, now=now)
    except OaiError as error:
        if isinstance(error, (BadVerb, BadArgument)):
            echoed = {}  # the spec: then <request> carries the base URL only
        root, _ = xml.envelope(now=now, base_url=base_url, request_args=echoed)
        error_element = xml.text(root, "error", error.text)
        error_element.set("code", error.code)
        return _respond(root)
    root, _ = xml.envelope(now=now, base_url=base_url, request_args=echoed)
    root.append(answer)
    return _respond(root)


def _respond(root: etree._Element) -> HttpResponse:
    return HttpResponse(xml.serialise(root), content_type=CONTENT_TYPE)
