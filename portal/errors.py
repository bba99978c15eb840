"""The portal's exception base: errors carry what the edge needs to answer."""

from __future__ import annotations

from common.errors import PustakaError


class PortalError(PustakaError):
    """Base of every error the portal raises on purpose."""

    http_status = 500
    exit_code = 1
    message_id = "Terjadi kesalahan pada sistem."
    message_en = "Something went wrong in the system."


class ConfigurationError(PortalError):
    """The environment asks for something unsafe or malformed; the process must not start."""

    exit_code = 78  # EX_CONFIG from sysexits.h
    message_id = "Konfigurasi tidak valid."
    message_en = "The configuration is not valid."


class StackError(PortalError):
    """A part of the local stack could not be started."""

    exit_code = 69  # EX_UNAVAILABLE
