"""Load the vendored OAI-PMH and oai_dc schemas offline (remote schemaLocations → files here)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema

HERE = Path(__file__).resolve().parent
LOCAL = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": HERE / "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": HERE / "oai_dc.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": HERE / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": HERE / "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": HERE / "xml.xsd",
}


def _local(uri: str) -> str:
    path = LOCAL.get(uri)
    return str(path) if path else uri


@cache
def oai_pmh_schema() -> xmlschema.XMLSchema10:
    """OAI-PMH.xsd with oai_dc.xsd added, so ``<metadata>`` is checked strictly too."""
    schema = xmlschema.XMLSchema10(
        str(HERE / "OAI-PMH.xsd"), uri_mapper=_local, allow="local", build=False
    )
    schema.import_schema("http://www.openarchives.org/OAI/2.0/oai_dc/", str(HERE / "oai_dc.xsd"))
    schema.build()
    return schema


@cache
def oai_dc_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(HERE / "oai_dc.xsd"), uri_mapper=_local, allow="local")
