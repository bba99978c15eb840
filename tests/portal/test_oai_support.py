"""Helpers for the OAI-PMH tests: ask the endpoint, validate every answer, build records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from lxml import etree

from catalogue.models import Publication, Subject
from tests.data.xsd.oai_schemas import oai_pmh_schema

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
DOMAIN = "pst.pariamankota.bps.go.id"
T0 = dt.datetime(2025, 3, 1, 8, 0, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def oai_defaults(settings) -> None:
    """The shipped defaults, whatever the environment of the test run says."""
    settings.OAI_REPOSITORY_DOMAIN = DOMAIN
    settings.PUBLIC_URL = ""
    settings.OAI_PAGE_SIZE = 100
    settings.OAI_TOKEN_MAX_AGE = 24 * 3600
    settings.OAI_ADMIN_EMAILS = ["pst1377@bps.go.id"]


def oai(client: Client, *, method: str = "get", **params: Any) -> etree._Element:
    """Ask /oai; the answer must be valid against OAI-PMH.xsd (and oai_dc.xsd inside)."""
    response = (client.post if method == "post" else client.get)("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = etree.fromstring(response.content)
    oai_pmh_schema().validate(root)
    return root


def error_code(root: etree._Element) -> str | None:
    error = root.find("o:error", NS)
    return None if error is None else error.get("code")


def identifiers(root: etree._Element) -> list[str]:
    return [str(i) for i in root.xpath("//o:header/o:identifier/text()", namespaces=NS)]


def token(root: etree._Element) -> etree._Element | None:
    return root.find(".//o:resumptionToken", NS)


def identifier(publication: Publication) -> str:
    return f"oai:{DOMAIN}:{publication.pk}"


def make(title: str, modified: dt.datetime, **fields: Any) -> Publication:
    """A record whose change time is exactly ``modified`` (auto_now is overridden)."""
    subjects = fields.pop("subjects", [])
    publication = Publication.objects.create(title=title, **fields)
    for name in subjects:
        subject, _ = Subject.objects.get_or_create(name=name)
        publication.subjects.add(subject)
    Publication.objects.filter(pk=publication.pk).update(modified_at=modified)
    publication.refresh_from_db()
    return publication
