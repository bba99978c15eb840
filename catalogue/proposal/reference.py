"""What the extractor knows of BPS publications: areas, kinds, subjects, label words."""

from __future__ import annotations

import re

# BPS area codes (Permendagri/BPS master file) of West Sumatra and Kota Pariaman's
# districts, with the names printed on covers (Indonesian and BPS's English).
AREAS: dict[str, tuple[str, ...]] = {
    "13": ("Provinsi Sumatera Barat", "Sumatera Barat Province", "Sumatera Barat"),
    "1301": ("Kabupaten Kepulauan Mentawai", "Kepulauan Mentawai"),
    "1302": ("Kabupaten Pesisir Selatan", "Pesisir Selatan"),
    "1303": ("Kabupaten Solok Selatan", "Solok Selatan Regency"),
    "1305": ("Kabupaten Tanah Datar", "Tanah Datar"),
    "1306": ("Kabupaten Padang Pariaman", "Padang Pariaman"),
    "1307": ("Kabupaten Agam", "Agam Regency"),
    "1308": ("Kabupaten Lima Puluh Kota", "Lima Puluh Kota"),
    "1309": ("Kabupaten Pasaman", "Pasaman Regency"),
    "1371": ("Kota Padang", "Padang Municipality"),
    "1372": ("Kota Solok", "Solok Municipality"),
    "1373": ("Kota Sawahlunto", "Sawahlunto"),
    "1374": ("Kota Padang Panjang", "Padang Panjang"),
    "1375": ("Kota Bukittinggi", "Bukittinggi"),
    "1376": ("Kota Payakumbuh", "Payakumbuh"),
    "1377": ("Kota Pariaman", "Pariaman Municipality"),
    "1377010": ("Kecamatan Pariaman Selatan", "Pariaman Selatan Subdistrict"),
    "1377020": ("Kecamatan Pariaman Tengah", "Pariaman Tengah Subdistrict"),
    "1377021": ("Kecamatan Pariaman Timur", "Pariaman Timur Subdistrict"),
    "1377030": ("Kecamatan Pariaman Utara", "Pariaman Utara Subdistrict"),
}

# (pattern on the title, kind): the first that matches wins.
KIND_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (r"berita resmi statistik", "news"),
        (r"dalam angka", "in_figures"),
        (r"statistik daerah", "regional"),
        (r"direktori", "directory"),
        (r"\b(sensus|survei|hasil long form)\b", "survey"),
        (r"\b(indikator|indeks)\b|kesejahteraan rakyat", "indicators"),
        (r"\b(analisis|produk domestik|pdrb)\b", "analysis"),
    )
)

# (pattern on the title, subject): every one that matches is proposed.
SUBJECT_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), subject)
    for pattern, subject in (
        (r"dalam angka|statistik daerah", "Statistik Umum"),
        (r"penduduk|kependudukan", "Kependudukan"),
        (r"sensus penduduk", "Sensus Penduduk"),
        (r"kemiskinan", "Kemiskinan"),
        (r"ketenagakerjaan|tenaga kerja", "Ketenagakerjaan"),
        (r"pembangunan manusia", "Pembangunan Manusia"),
        (r"produk domestik|pdrb|pertumbuhan ekonomi", "Neraca Regional"),
        (r"kesejahteraan", "Sosial dan Kesejahteraan"),
        (r"pariwisata", "Pariwisata"),
        (r"industri", "Industri"),
        (r"inflasi|harga konsumen", "Harga dan Inflasi"),
        (r"pertanian", "Pertanian"),
    )
)

ENGLISH_WORDS = frozenset(
    [
        "in",
        "of",
        "the",
        "and",
        "by",
        "figures",
        "municipality",
        "regency",
        "province",
        "statistics",
        "indicators",
        "index",
        "human",
        "development",
        "gross",
        "domestic",
        "product",
        "industry",
        "welfare",
        "tourism",
        "subdistrict",
        "poverty",
        "profile",
        "labor",
        "labour",
        "force",
        "population",
        "census",
        "results",
        "directory",
        "manufacturing",
        "economic",
        "growth",
        "official",
        "news",
        "district",
        "establishment",
    ]
)
INDONESIAN_WORDS = frozenset(
    [
        "dalam",
        "angka",
        "kota",
        "kabupaten",
        "provinsi",
        "statistik",
        "kecamatan",
        "menurut",
        "indikator",
        "indeks",
        "pembangunan",
        "manusia",
        "kesejahteraan",
        "rakyat",
        "produk",
        "domestik",
        "bruto",
        "lapangan",
        "usaha",
        "hasil",
        "sensus",
        "penduduk",
        "profil",
        "kemiskinan",
        "keadaan",
        "ketenagakerjaan",
        "berita",
        "resmi",
        "direktori",
        "perusahaan",
        "industri",
        "pengolahan",
        "pariwisata",
        "daerah",
        "tahun",
        "dan",
        "pertumbuhan",
        "ekonomi",
    ]
)

# Words of the imprint page's labels: a line with one of them is not the title.
LABEL = re.compile(
    r"\b(no\.?|nomor|katalog|catalog(ue)?|publikasi|publication|p?-?issn|e-?issn|isbn|"
    r"ukuran|jumlah halaman|naskah|manuscript|penyunting|editor|desain|diterbitkan|"
    r"published|dicetak|printed|hak cipta|copyright|dilarang|sumber ilustrasi)\b",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"^(badan pusat statistik|bps\b|bps-statistics|statistics (indonesia|of)|https?:|www\.|"
    r"\S*bps\.go\.id)",
    re.IGNORECASE,
)
MONTHS = [
    "januari",
    "februari",
    "maret",
    "april",
    "mei",
    "juni",
    "juli",
    "agustus",
    "september",
    "oktober",
    "november",
    "desember",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "august",
    "october",
    "december",
]
PERIOD = re.compile(
    r"^((?:triwulan|semester|kuartal|quarter)\s+[IV1-4]+\s+\d{4}|"
    rf"(?:{'|'.join(MONTHS)})\s+\d{{4}}|"
    r"(?:tahun\s+)?\d{4}\s*[-–—‐]\s*\d{4}|tahun\s+\d{4})$",
    re.IGNORECASE,
)
# Titles of annual series that carry the year ("Kota Pariaman Dalam Angka 2024").
TITLE_WITH_YEAR = re.compile(r"(dalam angka|statistik daerah .+)$", re.IGNORECASE)
SMALL_WORDS = frozenset(
    [
        "dan",
        "di",
        "ke",
        "dari",
        "yang",
        "untuk",
        "atas",
        "pada",
        "dengan",
        "of",
        "in",
        "by",
        "the",
        "and",
    ]
)
ACRONYMS = frozenset(["BPS", "PDRB", "IPM", "UMKM", "IKM", "SP2020", "II", "III", "IV", "VI"])
