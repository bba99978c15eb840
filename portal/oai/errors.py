"""OAI-PMH error conditions: each answers 200 with an ``<error code=…>`` element."""

from __future__ import annotations

from portal.errors import PortalError


class OaiError(PortalError):
    """A protocol error; ``code`` is one of the OAI-PMH 2.0 error codes."""

    http_status = 200  # OAI-PMH reports errors inside a normal response
    code = "badArgument"
    message_id = "Permintaan OAI-PMH tidak valid."
    message_en = "The OAI-PMH request is not valid."

    def __init__(self, detail_id: str = "", detail_en: str = "") -> None:
        self.detail_id = detail_id or self.message_id
        self.detail_en = detail_en or self.message_en
        super().__init__(self.detail_en)

    @property
    def text(self) -> str:
        return f"{self.detail_id} / {self.detail_en}"


class BadArgument(OaiError):
    code = "badArgument"


class BadVerb(OaiError):
    code = "badVerb"
    message_id = "Verb tidak ada, tidak dikenal, atau diulang."
    message_en = "The verb is missing, unknown, or repeated."


class BadResumptionToken(OaiError):
    code = "badResumptionToken"
    message_id = "resumptionToken tidak valid atau kedaluwarsa; mulailah memanen dari awal."
    message_en = "The resumptionToken is invalid or has expired; start the harvest again."


class CannotDisseminateFormat(OaiError):
    code = "cannotDisseminateFormat"
    message_id = "Format metadata ini tidak tersedia; gunakan oai_dc."
    message_en = "This metadata format is not available; use oai_dc."


class IdDoesNotExist(OaiError):
    code = "idDoesNotExist"
    message_id = "Identifier tidak dikenal di repositori ini."
    message_en = "The identifier is unknown in this repository."


class NoRecordsMatch(OaiError):
    code = "noRecordsMatch"
    message_id = "Tidak ada rekaman yang cocok dengan permintaan."
    message_en = "No records match the request."
