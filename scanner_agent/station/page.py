"""The station page: one HTML document, its labels in Indonesian (``/``) or English
(``/en/``). Labels the script needs come along as a JSON data block (not a script:
the CSP allows only /static/station.js to run)."""

from __future__ import annotations

import html
import json
from importlib import resources

# key: (Indonesian, English)
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Stasiun Pindai Pustaka", "Pustaka Scanner Station"),
    "lang_other": ("English", "Bahasa Indonesia"),
    "setup": ("Sambungan ke server", "Connection to the server"),
    "server": ("Alamat server", "Server address"),
    "token": ("Token stasiun", "Station token"),
    "token_hint": (
        "Dari admin: pustaka station add NAMA. Token disimpan hanya di komputer ini.",
        "From an admin: pustaka station add NAME. The token is kept on this computer only.",
    ),
    "save": ("Periksa dan simpan", "Check and save"),
    "change": ("Ubah sambungan", "Change connection"),
    "scanner": ("Pemindai", "Scanner"),
    "device": ("Perangkat", "Device"),
    "refresh": ("Cari ulang", "Look again"),
    "profile": ("Profil", "Profile"),
    "source": ("Sumber", "Source"),
    "flatbed": ("Kaca (flatbed)", "Glass (flatbed)"),
    "adf": ("Pengumpan (ADF)", "Feeder (ADF)"),
    "duplex": ("Dupleks", "Duplex"),
    "pages_limit": ("Berhenti setelah (halaman)", "Stop after (pages)"),
    "manual_duplex": ("Dupleks manual (dua langkah)", "Manual duplex (two steps)"),
    "covers": ("Lembar sampul memisah batch", "Cover sheets split batches"),
    "queue": ("Antrean pindai", "Scan queue"),
    "new_batch": ("Batch baru tanpa tugas", "New batch without a task"),
    "batch_title": ("Judul", "Title"),
    "start": ("Mulai", "Start"),
    "preview": ("Pratinjau", "Preview"),
    "preview_hint": (
        "Pratinjau cepat kaca pemindai. Seret pada gambar untuk memilih area; "
        "pemindaian dari kaca memakai area itu.",
        "A quick preview of the scanner glass. Drag on the image to choose an area; "
        "scans from the glass use it.",
    ),
    "crop": ("Area (mm): kiri, atas, lebar, tinggi", "Area (mm): left, top, width, height"),
    "crop_clear": ("Seluruh kaca", "Whole glass"),
    "crop_left": ("Kiri (mm)", "Left (mm)"),
    "crop_top": ("Atas (mm)", "Top (mm)"),
    "crop_width": ("Lebar (mm)", "Width (mm)"),
    "crop_height": ("Tinggi (mm)", "Height (mm)"),
    "batch": ("Batch", "Batch"),
    "scan": ("Pindai", "Scan"),
    "close": ("Tutup batch", "Close batch"),
    "demo": ("Mode demo (backend test SANE)", "Demo mode (SANE's test backend)"),
    "demo_hint": (
        "Tanpa pemindai: halaman berupa pola kisi. Simulasikan gangguan untuk berlatih.",
        "No scanner needed: pages are a grid pattern. Simulate faults to practise.",
    ),
    "demo_after": ("setelah halaman", "after pages"),
    "demo_arm": ("Simulasikan", "Simulate"),
    "paper_jam": ("Kertas macet", "Paper jam"),
    "cover_open": ("Penutup terbuka", "Cover open"),
    "device_busy": ("Pemindai sibuk", "Device busy"),
    "feeder_empty": ("Pengumpan kosong", "Feeder empty"),
    "device_io_error": ("Kesalahan I/O", "I/O error"),
}

# Labels the script uses (same key: (id, en)).
SCRIPT_LABELS: dict[str, tuple[str, str]] = {
    "captured": ("terpindai", "captured"),
    "spooled": ("tersimpan", "spooled"),
    "uploaded": ("terkirim", "uploaded"),
    "ocr": ("di-OCR", "OCR'd"),
    "searchable": ("dapat dicari", "searchable"),
    "failed": ("gagal", "failed"),
    "blank": ("Kosong? Periksa", "Blank? Check"),
    "rotate": ("Putar 90°", "Rotate 90°"),
    "delete": ("Hapus", "Delete"),
    "left": ("Geser kiri", "Move left"),
    "right": ("Geser kanan", "Move right"),
    "rescan": ("Pindai ulang", "Rescan"),
    "insert": ("Sisipkan sebelum", "Insert before"),
    "page": ("Halaman", "Page"),
    "claim": ("Ambil dan pindai", "Claim and scan"),
    "digitise": ("Digitalisasi", "Digitise"),
    "scan_to_email": ("Pindai ke surel", "Scan to email"),
    "all_pages": ("semua halaman", "all pages"),
    "pages": ("hal.", "pages"),
    "no_tasks": ("Tidak ada tugas pindai.", "No scan tasks."),
    "online": ("Terhubung ke server", "Connected to the server"),
    "offline": (
        "Server tidak dapat dihubungi. Pemindaian tetap berjalan; {n} halaman menunggu "
        "di spool dan akan terkirim sendiri saat server kembali.",
        "The server cannot be reached. Scanning goes on; {n} pages wait in the spool "
        "and will be sent by themselves when the server is back.",
    ),
    "waiting": ("{n} halaman menunggu dikirim", "{n} pages waiting to be sent"),
    "progress": (
        "{pages} halaman · {mb} MB · {ppm} hlm/menit",
        "{pages} pages · {mb} MB · {ppm} pages/min",
    ),
    "job": ("Lihat pekerjaan di portal", "See the job on the portal"),
    "closing": ("Menutup batch: mengirim halaman terakhir…", "Closing: sending the last pages…"),
    "closed": ("Batch ditutup.", "Batch closed."),
    "searchable_all": ("Dokumen siap dan dapat dicari.", "The document is ready and searchable."),
    "done": ("Selesai, kembali ke antrean", "Done, back to the queue"),
    "continue": ("Lanjutkan", "Continue"),
    "rescan_last": ("Pindai ulang halaman terakhir", "Rescan the last page"),
    "busy_devices": ("Mencari pemindai…", "Looking for scanners…"),
    "busy_preview": ("Memindai pratinjau…", "Scanning the preview…"),
    "busy_scanning": ("Memindai…", "Scanning…"),
    "saved": ("Tersambung sebagai stasiun", "Connected as station"),
    "not_set": ("Belum tersambung ke server.", "Not connected to a server yet."),
    "no_scanner_what": (
        "Periksa: kabel USB atau jaringan, daya pemindai, lalu 'Cari ulang'. Di terminal, "
        "'scanimage -L' harus menampilkannya. Tanpa pemindai: jalankan "
        "'scanner-agent station --demo'.",
        "Check: the USB or network cable, the scanner's power, then 'Look again'. In a "
        "terminal, 'scanimage -L' must list it. Without a scanner: run "
        "'scanner-agent station --demo'.",
    ),
    "pending": ("menunggu", "pending"),
    "claimed": ("diambil", "claimed"),
    "scanning": ("sedang dipindai", "scanning"),
}


def _pick(table: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in table.items()}


def render_page(lang: str, *, csrf: str, demo: bool) -> str:
    """The page in ``lang`` ("id" or "en"), with the CSRF secret for the script."""
    template = resources.files("scanner_agent.station").joinpath("static", "station.html")
    text = template.read_text("utf-8")
    labels = _pick({**SCRIPT_LABELS, **LABELS}, lang)
    for key, value in labels.items():
        text = text.replace("{{" + key + "}}", html.escape(value))
    script = json.dumps(_pick(SCRIPT_LABELS, lang), ensure_ascii=False).replace("<", "\\u003c")
    return (
        text.replace("{{lang}}", lang)
        .replace("{{other_href}}", "/" if lang == "en" else "/en/")
        .replace("{{csrf}}", html.escape(csrf))
        .replace("{{demo_hidden}}", "" if demo else "hidden")
        .replace("{{script_labels}}", script)
    )
