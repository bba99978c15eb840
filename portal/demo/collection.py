"""The demo collection: publications of BPS Kota Pariaman as they appear in its library.

Titles, catalogue numbers (series code + area code), kinds and subjects follow BPS
practice; identifiers (ISSN, ISBN, publication numbers) are made up but well formed, with
correct check digits. Everything is derived from the list below, so it never changes
between runs (the loader relies on that to be idempotent).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

CITY, PROVINCE = ("1377", "Kota Pariaman"), ("13", "Provinsi Sumatera Barat")
DISTRICTS = [
    ("1377010", "Kecamatan Pariaman Selatan"),
    ("1377020", "Kecamatan Pariaman Tengah"),
    ("1377021", "Kecamatan Pariaman Timur"),
    ("1377030", "Kecamatan Pariaman Utara"),
]
BPS = ("BPS Kota Pariaman", "aut", "organisation")
STAFF = ["Rahmi Yuliani", "Fadli Rahman", "Nurul Aini", "Hendra Saputra", "Yulia Fitri"]
HEAD = "Syafrizal Amir"


@dataclass(frozen=True)
class DemoPublication:
    title: str
    year: int
    kind: str
    catalogue_number: str
    subjects: tuple[str, ...]
    frequency: str
    area: tuple[str, str] = CITY
    period: str = ""
    subtitle: str = ""
    abstract: str = ""
    issn: str = ""
    isbn: str = ""
    release_date: dt.date | None = None
    contributors: tuple[tuple[str, str, str], ...] = field(default=(BPS,))
    pages: str = ""

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.title, self.year, self.period)


def issn_with_check(seven: str) -> str:
    total = sum(int(d) * w for d, w in zip(seven, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"{seven[:4]}-{seven[4:]}{'X' if check == 10 else check}"


def isbn13_with_check(twelve: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


def _credits(rng: random.Random) -> tuple[tuple[str, str, str], ...]:
    editor, compiler = rng.sample(STAFF, 2)
    return (
        BPS,
        (HEAD, "pdr", "person"),
        (editor, "edt", "person"),
        (compiler, "com", "person"),
    )


def _in_figures(rng: random.Random) -> list[DemoPublication]:
    # long: a catalogue listing (titles, years, subjects) read top to bottom, not logic
    found = []
    for year in range(2015, 2025):
        found.append(
            DemoPublication(
                title=f"Kota Pariaman Dalam Angka {year}",
                subtitle=f"Pariaman Municipality in Figures {year}",
                year=year,
                kind="in_figures",
                catalogue_number="1102001.1377",
                subjects=("Statistik Umum", "Kependudukan", "Perekonomian"),
                frequency="annual",
                issn=issn_with_check("2085766"),
                isbn=isbn13_with_check(f"978602{year % 100:02d}1377"[:12]),
                release_date=dt.date(year, 2, 28),
                abstract=(
                    f"Kota Pariaman Dalam Angka {year} menyajikan data statistik Kota Pariaman "
                    f"tahun {year - 1}: geografi dan iklim, pemerintahan, penduduk dan "
                    "ketenagakerjaan, sosial, pertanian, industri, perdagangan, pariwisata, "
                    "transportasi, keuangan, pengeluaran penduduk dan PDRB."
                ),
                contributors=_credits(rng),
                pages=f"xxx + {rng.randint(280, 360)} hlm.",
            )
        )
    for code, name in DISTRICTS:
        for year in range(2020, 2025):
            short = name.removeprefix("Kecamatan ")
            found.append(
                DemoPublication(
                    title=f"{name} Dalam Angka {year}",
                    subtitle=f"{short} Subdistrict in Figures {year}",
                    year=year,
                    kind="in_figures",
                    catalogue_number=f"1102001.{code}",
                    subjects=("Statistik Umum", "Kependudukan"),
                    frequency="annual",
                    area=(code, name),
                    release_date=dt.date(year, 9, 26),
                    abstract=(
                        f"Gambaran umum {name} tahun {year - 1}: wilayah, penduduk, "
                        "pendidikan, kesehatan, pertanian dan sarana perekonomian per desa/"
                        "kelurahan."
                    ),
                    contributors=_credits(rng),
                    pages=f"xiv + {rng.randint(60, 110)} hlm.",
                )
            )
    for year in (2023, 2024):
        found.append(
            DemoPublication(
                title=f"Provinsi Sumatera Barat Dalam Angka {year}",
                subtitle=f"Sumatera Barat Province in Figures {year}",
                year=year,
                kind="in_figures",
                catalogue_number="1102001.13",
                subjects=("Statistik Umum", "Kependudukan", "Perekonomian"),
                frequency="annual",
                area=PROVINCE,
                issn=issn_with_check("0215211"),
                release_date=dt.date(year, 2, 28),
                contributors=(("BPS Provinsi Sumatera Barat", "aut", "organisation"),),
                pages=f"lii + {rng.randint(600, 720)} hlm.",
            )
        )
    return found


def _series(rng: random.Random) -> list[DemoPublication]:
    # long: a catalogue listing (titles, years, subjects) read top to bottom, not logic
    found = []
    for year in range(2018, 2025):
        found.append(
            DemoPublication(
                title=f"Statistik Daerah Kota Pariaman {year}",
                year=year,
                kind="regional",
                catalogue_number="1101002.1377",
                subjects=("Statistik Umum",),
                frequency="annual",
                issn=issn_with_check("2089157"),
                release_date=dt.date(year, 10, 15),
                abstract=(
                    "Ulasan singkat perkembangan pembangunan Kota Pariaman: kependudukan, "
                    "kemiskinan, ketenagakerjaan, inflasi dan pertumbuhan ekonomi."
                ),
                contributors=_credits(rng),
                pages=f"viii + {rng.randint(30, 48)} hlm.",
            )
        )
    for year in range(2019, 2024):
        found.append(
            DemoPublication(
                title=f"Indikator Kesejahteraan Rakyat Kota Pariaman {year}",
                year=year,
                kind="indicators",
                catalogue_number="4102004.1377",
                subjects=("Sosial dan Kesejahteraan", "Pendidikan", "Kesehatan"),
                frequency="annual",
                release_date=dt.date(year, 12, 1),
                abstract=(
                    "Indikator kesejahteraan rakyat Kota Pariaman dari Susenas dan Sakernas: "
                    "kependudukan, kesehatan, pendidikan, ketenagakerjaan, perumahan, "
                    "pengeluaran dan kemiskinan."
                ),
                contributors=_credits(rng),
            )
        )
        found.append(
            DemoPublication(
                title="Produk Domestik Regional Bruto Kota Pariaman Menurut Lapangan Usaha",
                period=f"{year - 4}–{year}",
                year=year,
                kind="analysis",
                catalogue_number="9302008.1377",
                subjects=("Neraca Regional", "Perekonomian"),
                frequency="annual",
                issn=issn_with_check("2527925"),
                release_date=dt.date(year, 6, 30),
                abstract=(
                    "PDRB atas dasar harga berlaku dan harga konstan 2010 menurut 17 "
                    "kategori lapangan usaha, laju pertumbuhan, struktur ekonomi dan PDRB "
                    "per kapita Kota Pariaman."
                ),
                contributors=_credits(rng),
            )
        )
    for year in range(2020, 2024):
        found.append(
            DemoPublication(
                title=f"Indeks Pembangunan Manusia Kota Pariaman {year}",
                year=year,
                kind="indicators",
                catalogue_number="4102002.1377",
                subjects=("Pembangunan Manusia", "Pendidikan", "Kesehatan"),
                frequency="annual",
                release_date=dt.date(year + 1, 5, 20),
                abstract=(
                    "Umur harapan hidup, harapan lama sekolah, rata-rata lama sekolah dan "
                    "pengeluaran per kapita yang disesuaikan: komponen IPM Kota Pariaman."
                ),
                contributors=_credits(rng),
            )
        )
    return found


def _news_and_census(rng: random.Random) -> list[DemoPublication]:
    # long: a catalogue listing (titles, years, subjects) read top to bottom, not logic
    news = [
        ("Profil Kemiskinan Kota Pariaman", "Maret 2023", 2023, "Kemiskinan"),
        ("Profil Kemiskinan Kota Pariaman", "Maret 2024", 2024, "Kemiskinan"),
        ("Keadaan Ketenagakerjaan Kota Pariaman", "Agustus 2023", 2023, "Ketenagakerjaan"),
        ("Keadaan Ketenagakerjaan Kota Pariaman", "Agustus 2024", 2024, "Ketenagakerjaan"),
        ("Indeks Pembangunan Manusia Kota Pariaman", "Tahun 2023", 2023, "Pembangunan Manusia"),
        ("Pertumbuhan Ekonomi Kota Pariaman", "Tahun 2023", 2024, "Neraca Regional"),
    ]
    found = [
        DemoPublication(
            title=f"Berita Resmi Statistik: {topic}",
            period=period,
            year=year,
            kind="news",
            catalogue_number="",
            subjects=(subject,),
            frequency="irregular",
            release_date=dt.date(year, 7 if "Maret" in period else 11, 15),
            contributors=(BPS,),
            pages="8 hlm.",
        )
        for topic, period, year, subject in news
    ]
    found += [
        DemoPublication(
            title="Hasil Sensus Penduduk 2020 Kota Pariaman",
            year=2021,
            kind="survey",
            catalogue_number="2101018.1377",
            subjects=("Kependudukan", "Sensus Penduduk"),
            frequency="ten_yearly",
            release_date=dt.date(2021, 1, 21),
            abstract="Jumlah, sebaran, komposisi dan laju pertumbuhan penduduk Kota Pariaman "
            "hasil Sensus Penduduk 2020.",
            contributors=_credits(rng),
        ),
        DemoPublication(
            title="Profil Penduduk Kota Pariaman Hasil Long Form Sensus Penduduk 2020",
            year=2023,
            kind="survey",
            catalogue_number="2101019.1377",
            subjects=("Kependudukan", "Sensus Penduduk", "Ketenagakerjaan"),
            frequency="one_off",
            release_date=dt.date(2023, 8, 14),
            contributors=_credits(rng),
        ),
        DemoPublication(
            title="Direktori Perusahaan Industri Pengolahan Kota Pariaman",
            year=2022,
            kind="directory",
            catalogue_number="6101003.1377",
            subjects=("Industri",),
            frequency="irregular",
            contributors=_credits(rng),
        ),
        DemoPublication(
            title="Statistik Kesejahteraan Rakyat Kota Pariaman",
            year=2023,
            kind="indicators",
            catalogue_number="4101002.1377",
            subjects=("Sosial dan Kesejahteraan", "Kemiskinan"),
            frequency="annual",
            contributors=_credits(rng),
        ),
        DemoPublication(
            title="Statistik Pariwisata Kota Pariaman",
            year=2023,
            kind="other",
            catalogue_number="8401003.1377",
            subjects=("Pariwisata",),
            frequency="annual",
            contributors=_credits(rng),
        ),
    ]
    return found


def demo_collection() -> list[DemoPublication]:
    """Every demo publication, always the same list in the same order."""
    rng = random.Random(1377)
    return _in_figures(rng) + _series(rng) + _news_and_census(rng)


@dataclass(frozen=True)
class DemoHolding:
    barcode: str
    call_number: str
    shelf_location: str
    status: str
    condition: str
    acquisition_date: dt.date | None


# Most copies sit on the shelf; a few are elsewhere, as on any working day.
_STATUSES = ["available"] * 12 + ["reading_room"] * 2 + ["scanning", "photocopy", "missing"]


def demo_holdings(index: int, publication: DemoPublication) -> list[DemoHolding]:
    """One to three printed copies (none for a news release, which is born digital)."""
    if publication.kind == "news":
        return []
    rng = random.Random(f"holding:{index}")
    cutter = publication.title.split()[0][:3].upper()
    shelf = f"Rak {'ABCD'[index % 4]}{1 + index % 6}"
    copies = rng.choice([1, 2, 2, 3])
    return [
        DemoHolding(
            barcode=f"PST1377-{index + 1:04d}-{copy}",
            call_number=f"310.9 {cutter} {publication.year}",
            shelf_location=shelf,
            status=rng.choice(_STATUSES) if copy > 1 or rng.random() < 0.3 else "available",
            condition=rng.choice(["good", "good", "good", "fair", "fragile"]),
            acquisition_date=(
                publication.release_date + dt.timedelta(days=rng.randint(7, 60))
                if publication.release_date
                else None
            ),
        )
        for copy in range(1, copies + 1)
    ]


def softcopy_candidates(collection: list[DemoPublication]) -> list[int]:
    """Which publications get a softcopy first: recent ones of every kind, in turns."""
    by_kind: dict[str, list[int]] = {}
    for index in sorted(range(len(collection)), key=lambda i: -collection[i].year):
        by_kind.setdefault(collection[index].kind, []).append(index)
    order: list[int] = []
    while any(by_kind.values()):
        for indexes in by_kind.values():
            if indexes:
                order.append(indexes.pop(0))
    return order


def access_level_for(position: int) -> str:
    """Mostly public; every fourth for signed-in patrons, every seventh staff only."""
    if position % 7 == 6:
        return "staff"
    if position % 4 == 3:
        return "patrons"
    return "public"
