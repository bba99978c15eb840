"""The one adapter for espeak-ng: a queue number called aloud in Indonesian, as a WAV file.

Spoken offline by the Debian package (no network), once per number and language, and
kept under ``VAR_DIR/voice/`` so the display's next call of the same number is a file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from portal.errors import PortalError

ESPEAK = "espeak-ng"
TIMEOUT_SECONDS = 10
PHRASES = {
    "id": ("id", "Nomor antrean {n}. Silakan menuju meja layanan."),
    "en": ("en", "Queue number {n}. Please come to the service desk."),
}


class VoiceUnavailableError(PortalError):
    http_status = 503
    code = "voice_unavailable"
    message_id = "Suara panggilan tidak tersedia (espeak-ng tidak terpasang)."
    message_en = "The call voice is unavailable (espeak-ng is not installed)."


def call_audio(number: int, *, language: str = "id") -> Path:
    """The WAV that calls ``number``; made with espeak-ng on first use, then reused."""
    voice, phrase = PHRASES.get(language, PHRASES["id"])
    folder = Path(settings.VAR_DIR) / "voice"
    target = folder / f"{voice}-{int(number)}.wav"
    if target.exists():
        return target
    binary = shutil.which(ESPEAK)
    if binary is None:
        raise VoiceUnavailableError(ESPEAK)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".wav")
    os.close(handle)
    try:
        subprocess.run(
            [binary, "-v", voice, "-s", "135", "-w", temporary, phrase.format(n=int(number))],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
        os.replace(temporary, target)  # atomic: a concurrent request never reads half a file
    except (subprocess.SubprocessError, OSError) as error:
        Path(temporary).unlink(missing_ok=True)
        raise VoiceUnavailableError(str(error)) from error
    return target
