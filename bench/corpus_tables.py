"""BPS-style statistical tables built from a topic's synthetic figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.corpus_data import AREA_KM2, DESA, KECAMATAN, SECTORS, cell_int, fmt_dec, fmt_int
from bench.corpus_types import Table

CITY = "Kota Pariaman"
KEC_HEADER = ["Kecamatan", "Subdistrict"]
BPS = "Sumber: BPS Kota Pariaman"


def population_by_sex(f: dict[str, Any], number: str) -> Table:
    """Population by kecamatan and sex, with the sex ratio."""
    rows = []
    for kec, (male, female) in f["pop"].items():
        ratio = fmt_dec(100 * male / female)
        rows.append([kec, fmt_int(male), fmt_int(female), fmt_int(male + female), ratio])
    male = sum(m for m, _ in f["pop"].values())
    female = sum(v for _, v in f["pop"].values())
    total = [CITY, fmt_int(male), fmt_int(female), fmt_int(male + female)]
    return Table(
        number,
        f"Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin di Kota Pariaman, {f['year']}",
        f"Population by Subdistrict and Sex in Pariaman Municipality, {f['year']}",
        [
            KEC_HEADER,
            ["Laki-laki", "Male"],
            ["Perempuan", "Female"],
            ["Jumlah", "Total"],
            ["Rasio Jenis", "Kelamin", "Sex Ratio"],
        ],
        rows,
        [*total, fmt_dec(100 * male / female)],
        BPS,
    )


def density(f: dict[str, Any], number: str) -> Table:
    """Area, share of area, population and density per kecamatan."""
    area_total = sum(AREA_KM2.values())
    rows, people = [], 0
    for kec, (male, female) in f["pop"].items():
        n, area = male + female, AREA_KM2[kec]
        people += n
        share = fmt_dec(100 * area / area_total)
        rows.append([kec, fmt_dec(area), share, fmt_int(n), fmt_int(round(n / area))])
    total = [CITY, fmt_dec(area_total), "100,00", fmt_int(people)]
    return Table(
        number,
        f"Luas Wilayah, Jumlah Penduduk, dan Kepadatan Penduduk Menurut Kecamatan, {f['year']}",
        f"Area, Population, and Population Density by Subdistrict, {f['year']}",
        [
            KEC_HEADER,
            ["Luas (km2)", "Area"],
            ["Persentase", "Percentage"],
            ["Penduduk", "Population"],
            ["Kepadatan", "Density"],
        ],
        rows,
        [*total, fmt_int(round(people / area_total))],
        BPS,
    )


def population_by_desa(f: dict[str, Any], number: str) -> Table:
    """Population per desa/kelurahan of one kecamatan (a long table)."""
    kec = f["desa_kec"]
    male_k, female_k = f["pop"][kec]
    names = DESA[kec]
    weights = [1.0 + 0.35 * ((i * 7919) % 11) / 10 for i in range(len(names))]
    scale = 1 / sum(weights)
    rows, sums = [], [0, 0]
    for name, w in zip(names, weights, strict=True):
        male, female = round(male_k * w * scale), round(female_k * w * scale)
        sums = [sums[0] + male, sums[1] + female]
        rows.append([name, fmt_int(male), fmt_int(female), fmt_int(male + female)])
    return Table(
        number,
        f"Jumlah Penduduk Menurut Desa/Kelurahan di Kecamatan {kec}, {f['year']}",
        f"Population by Village in {kec} Subdistrict, {f['year']}",
        [
            ["Desa/Kelurahan", "Village"],
            ["Laki-laki", "Male"],
            ["Perempuan", "Female"],
            ["Jumlah", "Total"],
        ],
        rows,
        [f"Kecamatan {kec}", fmt_int(sums[0]), fmt_int(sums[1]), fmt_int(sum(sums))],
        BPS,
    )


def labour(f: dict[str, Any], number: str) -> Table:
    """Population aged 15+ by main activity and sex."""
    rows = [[name, fmt_int(m), fmt_int(w), fmt_int(m + w)] for name, m, w in f["rows"]]
    sums = [sum(r[1] for r in f["rows"]), sum(r[2] for r in f["rows"])]
    return Table(
        number,
        f"Penduduk Berumur 15 Tahun ke Atas Menurut Jenis Kegiatan dan Jenis Kelamin, {f['year']}",
        f"Population 15 Years of Age and Over by Type of Activity and Sex, {f['year']}",
        [
            ["Jenis Kegiatan", "Type of Activity"],
            ["Laki-laki", "Male"],
            ["Perempuan", "Female"],
            ["Jumlah", "Total"],
        ],
        rows,
        ["Jumlah", fmt_int(sums[0]), fmt_int(sums[1]), fmt_int(sum(sums))],
        "Sumber: Survei Angkatan Kerja Nasional (Sakernas) Agustus",
    )


def schools(f: dict[str, Any], number: str) -> Table:
    """Schools, SD pupils and SD teachers per kecamatan."""
    rows = []
    for kec in KECAMATAN:
        s, p, t = f["schools"][kec], f["pupils"][kec], f["teachers"][kec]
        rows.append([kec, *map(cell_int, s), fmt_int(p[0]), fmt_int(t[0])])
    total = [CITY] + [fmt_int(sum(int(r[i].replace(".", "")) for r in rows)) for i in range(1, 6)]
    return Table(
        number,
        f"Jumlah Sekolah, Murid, dan Guru Menurut Kecamatan, {f['year']}/{f['year1']}",
        f"Number of Schools, Pupils, and Teachers by Subdistrict, {f['year']}/{f['year1']}",
        [
            KEC_HEADER,
            ["SD", "Primary"],
            ["SMP", "Junior High"],
            ["SMA", "Senior High"],
            ["Murid SD", "Pupils"],
            ["Guru SD", "Teachers"],
        ],
        rows,
        total,
        "Sumber: Dinas Pendidikan dan Kebudayaan Kota Pariaman",
    )


def facilities(f: dict[str, Any], number: str) -> Table:
    """Health facilities per kecamatan ('-' where there are none)."""
    rows = [[kec, *map(cell_int, f["facilities"][kec])] for kec in KECAMATAN]
    total = [CITY, *(cell_int(f[k]) for k in ("rs", "pkm", "pustu", "posyandu"))]
    return Table(
        number,
        f"Jumlah Fasilitas Kesehatan Menurut Kecamatan di Kota Pariaman, {f['year']}",
        f"Number of Health Facilities by Subdistrict in Pariaman Municipality, {f['year']}",
        [
            KEC_HEADER,
            ["Rumah Sakit", "Hospital"],
            ["Puskesmas", "Health Center"],
            ["Puskesmas", "Pembantu"],
            ["Posyandu", "Integrated", "Health Post"],
        ],
        rows,
        total,
        "Sumber: Dinas Kesehatan Kota Pariaman",
    )


def rice(f: dict[str, Any], number: str) -> Table:
    """Rice harvested area, production and yield per kecamatan."""
    rows = [[k, fmt_dec(a), fmt_dec(p), fmt_dec(y)] for k, (a, p, y) in f["rice"].items()]
    return Table(
        number,
        f"Luas Panen, Produksi, dan Produktivitas Padi Menurut Kecamatan, {f['year']}",
        f"Harvested Area, Production, and Productivity of Paddy by Subdistrict, {f['year']}",
        [
            KEC_HEADER,
            ["Luas Panen (ha)", "Harvested Area"],
            ["Produksi (ton)", "Production"],
            ["Produktivitas", "(ku/ha)"],
        ],
        rows,
        [CITY, f["luas"], f["prod"], f["produktivitas"]],
        "Sumber: Dinas Pertanian Kota Pariaman",
    )


def inflation(f: dict[str, Any], number: str) -> Table:
    """Monthly CPI and inflation (twelve rows, no total)."""
    rows = []
    for month, ihk, change in f["months"]:
        ytd = 100 * (ihk / f["start"] - 1)
        rows.append([month, fmt_dec(ihk), fmt_dec(change), fmt_dec(ytd)])
    return Table(
        number,
        f"Indeks Harga Konsumen dan Inflasi Bulanan (2018=100), {f['year']}",
        f"Consumer Price Index and Monthly Inflation (2018=100), {f['year']}",
        [
            ["Bulan", "Month"],
            ["IHK", "CPI"],
            ["Inflasi Bulanan (%)", "Month-to-Month"],
            ["Inflasi Tahun", "Kalender (%)", "Year-to-Date"],
        ],
        rows,
        None,
        BPS,
    )


def gdp(f: dict[str, Any], number: str) -> Table:
    """GRDP at current prices by industry for three years (seventeen rows)."""
    rows = [[name, *(fmt_dec(x) for x in v)] for name, v in zip(SECTORS, f["values"], strict=True)]
    years = [str(y) for y in f["years"]]
    return Table(
        number,
        "Produk Domestik Regional Bruto Atas Dasar Harga Berlaku Menurut Lapangan Usaha "
        "(miliar rupiah)",
        "Gross Regional Domestic Product at Current Market Prices by Industry (billion rupiahs)",
        [["Lapangan Usaha", "Industry"], [years[0]], [years[1]], [years[2]]],
        rows,
        ["PDRB", *(fmt_dec(s) for s in f["sums"])],
        BPS,
    )


TABLES: dict[str, tuple[Callable[[dict[str, Any], str], Table], ...]] = {
    "penduduk": (population_by_sex, density, population_by_desa),
    "ketenagakerjaan": (labour,),
    "pendidikan": (schools,),
    "kesehatan": (facilities,),
    "pertanian": (rice,),
    "inflasi": (inflation,),
    "pdrb": (gdp,),
}
