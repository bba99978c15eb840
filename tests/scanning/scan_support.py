"""Small helpers shared by the scanning tests."""

from __future__ import annotations

import hashlib
import io

from PIL import Image


def png_bytes(shade: int = 255, size: tuple[int, int] = (64, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, shade).save(buffer, format="PNG")
    return buffer.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
