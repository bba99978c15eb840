"""Synthetic statistics of Kota Pariaman: seeded numbers and Indonesian number formatting.

The figures are plausible in size, not official. Place names are in the style of the
city's kecamatan and desa/kelurahan, not an authoritative list.
"""

from __future__ import annotations

import random
from typing import Any

KECAMATAN = ("Pariaman Selatan", "Pariaman Tengah", "Pariaman Timur", "Pariaman Utara")
# Rough population and area (km2) per kecamatan; the generator varies them per seed.
BASE_POPULATION = {
    "Pariaman Selatan": 19_500,
    "Pariaman Tengah": 30_000,
    "Pariaman Timur": 19_000,
    "Pariaman Utara": 27_500,
}
AREA_KM2 = {
    "Pariaman Selatan": 16.82,
    "Pariaman Tengah": 15.85,
    "Pariaman Timur": 17.97,
    "Pariaman Utara": 22.72,
}
DESA = {
    "Pariaman Selatan": [
        "Kampung Gadang",
        "Marunggi",
        "Pauh Kurai Taji",
        "Rambai",
        "Padang Cakur",
        "Sikabu",
        "Toboh Palabah",
        "Cubadak Air",
        "Balai Kurai Taji",
        "Kampung Apar",
        "Taluak",
        "Batang Tajongkek",
    ],
    "Pariaman Tengah": [
        "Alai Gelombang",
        "Jawi-Jawi I",
        "Jawi-Jawi II",
        "Jalan Baru",
        "Jalan Kereta Api",
        "Kampung Baru",
        "Kampung Jawa I",
        "Kampung Jawa II",
        "Kampung Perak",
        "Kampung Pondok",
        "Karan Aur",
        "Lohong",
        "Pasir",
        "Pondok II",
        "Rawang",
        "Ujung Batung",
        "Cimparuah",
        "Pauh Barat",
    ],
    "Pariaman Timur": [
        "Sungai Pasak",
        "Sungai Rotan",
        "Kajai",
        "Punggung Lading",
        "Tungkal Selatan",
        "Tungkal Utara",
        "Santok",
        "Bato",
        "Pakasai",
        "Kampung Tanjung",
        "Sikapak Barat",
        "Sikapak Timur",
    ],
    "Pariaman Utara": [
        "Apar",
        "Ampalu",
        "Balai Naras",
        "Cubadak Mentawai",
        "Kampung Baru Padusunan",
        "Naras I",
        "Naras Hilir",
        "Padang Birik-Birik",
        "Sikabu Kaluat",
        "Sungai Kasai",
        "Tanjung Sabar",
        "Manggopoh Palak Gadang",
        "Lapai",
        "Tungkal Ujung",
    ],
}
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
SECTORS = (
    "Pertanian, Kehutanan, dan Perikanan",
    "Pertambangan dan Penggalian",
    "Industri Pengolahan",
    "Pengadaan Listrik dan Gas",
    "Pengadaan Air dan Pengelolaan Sampah",
    "Konstruksi",
    "Perdagangan Besar dan Eceran",
    "Transportasi dan Pergudangan",
    "Penyediaan Akomodasi dan Makan Minum",
    "Informasi dan Komunikasi",
    "Jasa Keuangan dan Asuransi",
    "Real Estat",
    "Jasa Perusahaan",
    "Administrasi Pemerintahan",
    "Jasa Pendidikan",
    "Jasa Kesehatan dan Kegiatan Sosial",
    "Jasa Lainnya",
)
# Rough share (per mille) of each sector in the city's economy.
SECTOR_WEIGHTS = (170, 2, 45, 1, 1, 110, 190, 60, 35, 40, 35, 45, 8, 110, 70, 30, 18)


def fmt_int(value: int) -> str:
    """12345 -> '12.345' (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".")


def fmt_dec(value: float, places: int = 2) -> str:
    """1234.5 -> '1.234,50' (Indonesian separators)."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def cell_int(value: int) -> str:
    """A table cell: a formatted integer, or '-' for zero as BPS prints it."""
    return fmt_int(value) if value else "-"


def population(rng: random.Random) -> dict[str, tuple[int, int]]:
    """(male, female) per kecamatan."""
    result = {}
    for kec, base in BASE_POPULATION.items():
        total = int(base * rng.uniform(0.96, 1.04))
        male = int(total * rng.uniform(0.488, 0.505))
        result[kec] = (male, total - male)
    return result


def population_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """Population figures and the derived sentences' values."""
    pop = population(rng)
    male = sum(m for m, _ in pop.values())
    female = sum(f for _, f in pop.values())
    totals = {k: m + f for k, (m, f) in pop.items()}
    kec_max = max(totals, key=totals.__getitem__)
    kec_min = min(totals, key=totals.__getitem__)
    dens = {k: totals[k] / AREA_KM2[k] for k in totals}
    dependency = rng.uniform(44, 52)
    return {
        "year": year,
        "pop": pop,
        "male": fmt_int(male),
        "female": fmt_int(female),
        "total": fmt_int(male + female),
        "ratio": fmt_dec(100 * male / female),
        "ratio_int": round(100 * male / female),
        "growth": fmt_dec(rng.uniform(0.6, 1.4)),
        "kec_max": kec_max,
        "kec_max_n": fmt_int(totals[kec_max]),
        "kec_min": kec_min,
        "kec_min_n": fmt_int(totals[kec_min]),
        "density": fmt_int(round((male + female) / sum(AREA_KM2.values()))),
        "kec_dense": max(dens, key=dens.__getitem__),
        "productive": fmt_dec(100 / (1 + dependency / 100)),
        "dependency": fmt_dec(dependency),
        "dependency_int": round(dependency),
        "desa_kec": rng.choice(KECAMATAN),
    }


def labour_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """Sakernas-style labour figures."""
    work_m, work_f = rng.randint(24_000, 28_000), rng.randint(15_000, 19_000)
    unemp_m, unemp_f = rng.randint(900, 1_900), rng.randint(700, 1_500)
    non_m, non_f = rng.randint(8_000, 11_000), rng.randint(17_000, 21_000)
    labour = work_m + work_f + unemp_m + unemp_f
    return {
        "year": year,
        "rows": [
            ("Bekerja", work_m, work_f),
            ("Pengangguran", unemp_m, unemp_f),
            ("Sekolah", rng.randint(3_000, 4_500), rng.randint(3_200, 4_800)),
            ("Mengurus Rumah Tangga", rng.randint(800, 1_500), non_f - 4_000),
            ("Lainnya", non_m - 4_000, rng.randint(600, 1_200)),
        ],
        "labour": fmt_int(labour),
        "tpak": fmt_dec(100 * labour / (labour + non_m + non_f)),
        "tpak_dir": rng.choice(["naik", "turun"]),
        "tpt": fmt_dec(100 * (unemp_m + unemp_f) / labour),
    }


def education_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """Schools, pupils and teachers per kecamatan."""
    schools = {k: [rng.randint(12, 24), rng.randint(3, 8), rng.randint(1, 5)] for k in KECAMATAN}
    pupils = {k: [rng.randint(1_800, 3_900), rng.randint(900, 2_400)] for k in KECAMATAN}
    teachers = {k: [rng.randint(150, 300), rng.randint(70, 190)] for k in KECAMATAN}
    sd = sum(v[0] for v in schools.values())
    murid_sd = sum(v[0] for v in pupils.values())
    guru_sd = sum(v[0] for v in teachers.values())
    kec = max(schools, key=lambda k: sum(schools[k]))
    return {
        "year": year,
        "year1": year + 1,
        "schools": schools,
        "pupils": pupils,
        "teachers": teachers,
        "sd": sd,
        "smp": sum(v[1] for v in schools.values()),
        "sma": sum(v[2] for v in schools.values()),
        "murid_sd": fmt_int(murid_sd),
        "guru_sd": fmt_int(guru_sd),
        "rasio_sd": fmt_dec(murid_sd / guru_sd),
        "aps": fmt_dec(rng.uniform(98.5, 99.9)),
        "rls": fmt_dec(rng.uniform(10.2, 11.4)),
        "hls": fmt_dec(rng.uniform(14.2, 15.1)),
        "kec": kec,
        "kec_n": sum(schools[kec]),
    }


def health_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """Health facilities per kecamatan and staff totals."""
    facilities = {
        k: [rng.choice([0, 0, 1, 2]), rng.randint(1, 3), rng.randint(2, 7), rng.randint(18, 40)]
        for k in KECAMATAN
    }
    facilities["Pariaman Tengah"][0] = max(1, facilities["Pariaman Tengah"][0])
    col = [sum(v[i] for v in facilities.values()) for i in range(4)]
    return {
        "year": year,
        "facilities": facilities,
        "rs": col[0],
        "pkm": col[1],
        "pustu": col[2],
        "posyandu": col[3],
        "dokter": rng.randint(60, 110),
        "perawat": fmt_int(rng.randint(380, 620)),
        "bidan": rng.randint(160, 260),
        "imun": fmt_dec(rng.uniform(86, 99)),
        "persalinan": fmt_dec(rng.uniform(95, 99.8)),
        "ahh": fmt_dec(rng.uniform(70.5, 73.5)),
    }


def rice_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """Harvested area (ha), production (ton) and yield (ku/ha) of rice per kecamatan."""
    rice = {}
    for kec in KECAMATAN:
        area = rng.uniform(350, 1_400) if kec != "Pariaman Tengah" else rng.uniform(150, 450)
        yield_ku = rng.uniform(48, 62)
        rice[kec] = (area, area * yield_ku / 10, yield_ku)
    area = sum(v[0] for v in rice.values())
    prod = sum(v[1] for v in rice.values())
    kec_max = max(rice, key=lambda k: rice[k][1])
    return {
        "year": year,
        "rice": rice,
        "luas": fmt_dec(area),
        "prod": fmt_dec(prod),
        "produktivitas": fmt_dec(10 * prod / area),
        "kec_max": kec_max,
        "kec_max_n": fmt_dec(rice[kec_max][1]),
        "ikan": fmt_dec(rng.uniform(3_500, 7_800)),
        "dir": rng.choice(["meningkat", "menurun"]),
        "change": fmt_dec(rng.uniform(0.5, 9.5)),
    }


def inflation_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """Monthly CPI (2018=100) and month-to-month inflation."""
    ihk = rng.uniform(108, 118)
    months = []
    for month in MONTHS:
        change = rng.gauss(0.22, 0.45)
        ihk *= 1 + change / 100
        months.append((month, ihk, change))
    start = months[0][1] / (1 + months[0][2] / 100)
    hi = max(months, key=lambda m: m[2])
    lo = min(months, key=lambda m: m[2])
    return {
        "year": year,
        "months": months,
        "start": start,
        "annual": fmt_dec(100 * (months[-1][1] / start - 1)),
        "ihk": fmt_dec(months[-1][1]),
        "month_max": hi[0],
        "max": fmt_dec(hi[2]),
        "month_min": lo[0],
        "min": fmt_dec(abs(lo[2])),
    }


def gdp_facts(rng: random.Random, year: int) -> dict[str, Any]:
    """GRDP at current prices (billion rupiah) per sector for three years."""
    total = rng.uniform(5_600, 6_600)
    years = (year - 2, year - 1, year)
    values = []
    for weight in SECTOR_WEIGHTS:
        last = total * weight / 1000 * rng.uniform(0.85, 1.15)
        values.append([last / rng.uniform(1.06, 1.12) ** (2 - i) for i in range(3)])
    sums = [sum(v[i] for v in values) for i in range(3)]
    top = max(range(len(SECTORS)), key=lambda i: values[i][2])
    return {
        "year": year,
        "years": years,
        "values": values,
        "sums": sums,
        "adhb": fmt_dec(sums[2]),
        "adhk": fmt_dec(sums[2] / rng.uniform(1.45, 1.6)),
        "growth": fmt_dec(rng.uniform(4.2, 5.6)),
        "top_sector": SECTORS[top].lower(),
        "top_share": fmt_dec(100 * values[top][2] / sums[2]),
        "percapita": fmt_dec(sums[2] * 1000 / rng.uniform(93_000, 99_000)),
    }
