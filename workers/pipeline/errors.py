"""The pipeline's exception base and the bad-input errors a job can fail with.

Bad input is permanent: the job fails with ``code`` and a message in Indonesian and
English, and the input is kept for a later retry. ``retryable`` errors are transient.
"""

from __future__ import annotations

from common.errors import PustakaError


class PipelineError(PustakaError):
    """Base of every error raised by a pipeline step or tool adapter; staff see both
    languages plus the technical detail (``user_message``)."""

    code = "pipeline_error"
    message_id = "Halaman tidak dapat diproses."
    message_en = "The page could not be processed."


class ToolMissingError(PipelineError):
    """An external program the pipeline needs is not installed."""

    code = "tool_missing"
    message_id = "Program pendukung belum terpasang di server pemroses."
    message_en = "A required program is not installed on the processing server."

    def __init__(self, program: str) -> None:
        super().__init__(f"{program} is not installed or not on PATH")
        self.program = program


class ToolFailedError(PipelineError):
    """An external program ran and reported failure."""

    code = "tool_failed"

    def __init__(self, program: str, returncode: int, stderr: str) -> None:
        super().__init__(f"{program} failed with exit code {returncode}: {stderr.strip()[:500]}")
        self.program = program
        self.returncode = returncode
        self.stderr = stderr


class LanguageMissingError(PipelineError):
    """The job asks for an OCR language whose data is not installed on this worker."""

    code = "ocr_language_missing"
    message_id = "Data bahasa OCR yang diminta belum terpasang di server pemroses."
    message_en = "The requested OCR language is not installed on the processing server."


class ToolTimeoutError(PipelineError):
    """An external program took longer than allowed; another attempt may succeed."""

    retryable = True
    code = "tool_timeout"
    message_id = "Pemrosesan halaman melebihi batas waktu."
    message_en = "Processing the page took too long."


class BadInputError(PipelineError):
    """The input itself is unusable; retrying the same bytes cannot help."""

    code = "bad_input"
    message_id = "Berkas tidak dapat dibaca."
    message_en = "The file cannot be read."


class UnsupportedTypeError(BadInputError):
    code = "unsupported_type"
    message_id = "Jenis berkas tidak didukung. Gunakan PDF, PNG, TIFF atau JPEG."
    message_en = "Unsupported file type. Use PDF, PNG, TIFF or JPEG."


class CorruptFileError(BadInputError):
    code = "corrupt_file"
    message_id = "Berkas rusak atau terpotong."
    message_en = "The file is damaged or truncated."


class EncryptedPdfError(BadInputError):
    code = "encrypted_pdf"
    message_id = "PDF dilindungi kata sandi. Minta versi tanpa kata sandi."
    message_en = "The PDF is password-protected. Ask for a version without a password."


class DecompressionBombError(BadInputError):
    code = "too_many_pixels"
    message_id = "Gambar terlalu besar untuk diproses dengan aman."
    message_en = "The image is too large to process safely."


class EmptyDocumentError(BadInputError):
    code = "no_pages"
    message_id = "Berkas tidak berisi halaman."
    message_en = "The file contains no pages."


class ImageTooSmallError(BadInputError):
    code = "image_too_small"
    message_id = "Gambar terlalu kecil untuk dibaca (resolusi terlalu rendah)."
    message_en = "The image is too small to read (resolution too low)."
