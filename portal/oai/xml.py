"""The OAI-PMH response envelope and its parts, built with lxml (never by pasting text)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from catalogue.exchange.dublin_core import XSI_NS, xml_safe

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"


def q(tag: str) -> str:
    return f"{{{OAI_NS}}}{tag}"


def envelope(
    *, now: dt.datetime, base_url: str, request_args: dict[str, str]
) -> tuple[etree._Element, etree._Element]:
    """The root element with responseDate and request; returns (root, request element)."""
    root = etree.Element(q("OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    text(root, "responseDate", now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    request = text(root, "request", base_url)
    for key, value in request_args.items():
        request.set(key, xml_safe(value))
    return root, request


def text(parent: etree._Element, tag: str, value: str) -> etree._Element:
    child = etree.SubElement(parent, q(tag))
    child.text = xml_safe(value)
    return child


def serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
