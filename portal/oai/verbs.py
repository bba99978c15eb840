"""What each OAI-PMH verb answers: one function per verb, each returning its element."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from lxml import etree

from catalogue.exchange.dublin_core import OAI_DC_NS, OAI_DC_SCHEMA, dublin_core, oai_dc_element
from catalogue.models import Publication
from catalogue.selectors import oai as selectors
from portal.oai import tokens, xml
from portal.oai.arguments import Request, format_datestamp, parse_window
from portal.oai.errors import (
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
)
from portal.public_urls import public_url

METADATA_FORMATS = {"oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS)}
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # earliestDatestamp of an empty repository


def base_url(request: HttpRequest) -> str:
    """The public address of the endpoint (PUSTAKA_PUBLIC_URL, or where the request came)."""
    return public_url(reverse("oai"), request)


def oai_identifier(publication_id: int) -> str:
    return f"oai:{settings.OAI_REPOSITORY_DOMAIN}:{publication_id}"


def _publication_id(identifier: str) -> int:
    prefix = f"oai:{settings.OAI_REPOSITORY_DOMAIN}:"
    local = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    if not (local.isascii() and local.isdigit()):
        raise IdDoesNotExist()
    return int(local)


def answer(parsed: Request, *, request: HttpRequest, now: dt.datetime) -> etree._Element:
    handlers: dict[str, Callable[[dict[str, str], HttpRequest, dt.datetime], etree._Element]] = {
        "Identify": identify,
        "ListMetadataFormats": list_metadata_formats,
        "ListSets": list_sets,
        "GetRecord": get_record,
        "ListIdentifiers": list_identifiers,
        "ListRecords": list_records,
    }
    return handlers[parsed.verb](parsed.arguments, request, now)


def identify(_: dict[str, str], request: HttpRequest, now: dt.datetime) -> etree._Element:
    element = etree.Element(xml.q("Identify"))
    xml.text(element, "repositoryName", settings.OAI_REPOSITORY_NAME)
    xml.text(element, "baseURL", base_url(request))
    xml.text(element, "protocolVersion", "2.0")
    for email in settings.OAI_ADMIN_EMAILS:
        xml.text(element, "adminEmail", email)
    earliest = selectors.oai_earliest_datestamp() or EPOCH
    xml.text(element, "earliestDatestamp", format_datestamp(earliest))
    xml.text(element, "deletedRecord", "persistent")
    xml.text(element, "granularity", GRANULARITY)
    return element


def list_metadata_formats(
    arguments: dict[str, str], _: HttpRequest, now: dt.datetime
) -> etree._Element:
    if "identifier" in arguments:
        _existing(arguments["identifier"])  # every record is available as oai_dc
    element = etree.Element(xml.q("ListMetadataFormats"))
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        format_element = xml.text(element, "metadataFormat", "")
        xml.text(format_element, "metadataPrefix", prefix)
        xml.text(format_element, "schema", schema)
        xml.text(format_element, "metadataNamespace", namespace)
    return element


def list_sets(arguments: dict[str, str], _: HttpRequest, now: dt.datetime) -> etree._Element:
    if "resumptionToken" in arguments:
        raise BadResumptionToken()  # every set fits in one answer: no token is ever issued
    element = etree.Element(xml.q("ListSets"))
    for oai_set in selectors.oai_sets():
        set_element = xml.text(element, "set", "")
        xml.text(set_element, "setSpec", oai_set.spec)
        xml.text(set_element, "setName", oai_set.name)
    return element


def get_record(arguments: dict[str, str], request: HttpRequest, now: dt.datetime) -> etree._Element:
    _check_format(arguments["metadataPrefix"])
    publication = _existing(arguments["identifier"])
    element = etree.Element(xml.q("GetRecord"))
    element.append(_record(publication, request))
    return element


def list_identifiers(
    arguments: dict[str, str], request: HttpRequest, now: dt.datetime
) -> etree._Element:
    return _list("ListIdentifiers", arguments, request, now)


def list_records(
    arguments: dict[str, str], request: HttpRequest, now: dt.datetime
) -> etree._Element:
    return _list("ListRecords", arguments, request, now)


def _list(
    verb: str, arguments: dict[str, str], request: HttpRequest, now: dt.datetime
) -> etree._Element:
    max_age = settings.OAI_TOKEN_MAX_AGE
    if "resumptionToken" in arguments:
        state = tokens.decode(arguments["resumptionToken"], verb=verb, max_age=max_age)
    else:
        state = _first_state(verb, arguments)
    query = selectors.OaiQuery(since=state.since, until=state.until, set_spec=state.set_spec)
    page, more = selectors.oai_record_page(query, after=state.after, limit=settings.OAI_PAGE_SIZE)
    if not page:
        # After a token only when the records left were changed out of [from, until]
        # since the last page: the rest of the list is empty, which is noRecordsMatch.
        raise NoRecordsMatch()
    element = etree.Element(xml.q(verb))
    for publication in page:
        if verb == "ListRecords":
            element.append(_record(publication, request))
        else:
            element.append(_header(publication))
    if more or state.after is not None:
        complete = state.cursor + selectors.oai_record_count_after(query, after=state.after)
        token = xml.text(element, "resumptionToken", "")
        token.set("completeListSize", str(complete))
        token.set("cursor", str(state.cursor))
        if more:
            last = page[-1]
            token.text = tokens.encode(
                tokens.ListState(
                    verb=verb,
                    metadata_prefix=state.metadata_prefix,
                    since=state.since,
                    until=state.until,
                    set_spec=state.set_spec,
                    after=(last.modified_at, last.pk),
                    cursor=state.cursor + len(page),
                )
            )
            token.set("expirationDate", format_datestamp(tokens.expiration(now, max_age)))
    return element


def _first_state(verb: str, arguments: dict[str, str]) -> tokens.ListState:
    _check_format(arguments["metadataPrefix"])
    window = parse_window(arguments.get("from"), arguments.get("until"))
    set_spec = arguments.get("set", "")
    if set_spec and not selectors.oai_set_is_known(set_spec):
        raise NoRecordsMatch(
            f"Set {set_spec} tidak ada (lihat ListSets).",
            f"There is no set {set_spec} (see ListSets).",
        )
    return tokens.ListState(
        verb=verb,
        metadata_prefix=arguments["metadataPrefix"],
        since=window.since,
        until=window.until,
        set_spec=set_spec,
        after=None,
        cursor=0,
    )


def _check_format(prefix: str) -> None:
    if prefix not in METADATA_FORMATS:
        raise CannotDisseminateFormat()


def _existing(identifier: str) -> Publication:
    publication = selectors.oai_record_get(_publication_id(identifier))
    if publication is None:
        raise IdDoesNotExist()
    return publication


def _header(publication: Publication) -> etree._Element:
    header = etree.Element(xml.q("header"))
    if selectors.oai_is_withdrawn(publication):
        header.set("status", "deleted")
    xml.text(header, "identifier", oai_identifier(publication.pk))
    xml.text(header, "datestamp", format_datestamp(publication.modified_at))
    for spec in selectors.oai_set_specs(publication):
        xml.text(header, "setSpec", spec)
    return header


def _record(publication: Publication, request: HttpRequest) -> etree._Element:
    record = etree.Element(xml.q("record"))
    record.append(_header(publication))
    if not selectors.oai_is_withdrawn(publication):
        metadata = etree.SubElement(record, xml.q("metadata"))
        statements = dublin_core(
            publication,
            page_url=_page_url(publication, request),
            has_softcopy=bool(getattr(publication, "has_softcopy", False)),
        )
        metadata.append(oai_dc_element(statements))
    return record


def _page_url(publication: Publication, request: HttpRequest) -> str:
    # The default language has no URL prefix; whatever language the harvester asked for.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("publication-detail", kwargs={"publication_id": publication.pk})
    return public_url(path, request)
