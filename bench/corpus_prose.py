"""Topics of a "Kota Pariaman Dalam Angka" volume: chapters, sections and prose templates."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import corpus_data as data
from bench.corpus_types import Paragraph


@dataclass(frozen=True)
class Topic:
    """One section of the volume: where it sits, its figures and its sentences."""

    key: str
    chapter: int
    chapter_title: str
    section: str
    facts: Callable[[random.Random, int], dict[str, Any]]
    sentences: tuple[str, ...]


POPULATION = (
    "Berdasarkan hasil proyeksi penduduk, jumlah penduduk Kota Pariaman pada tahun {year} "
    "sebanyak {total} jiwa yang terdiri atas {male} jiwa penduduk laki-laki dan {female} "
    "jiwa penduduk perempuan.",
    "Dibandingkan dengan tahun sebelumnya, jumlah penduduk Kota Pariaman tumbuh sebesar "
    "{growth} persen.",
    "Rasio jenis kelamin tahun {year} sebesar {ratio}, yang berarti terdapat sekitar "
    "{ratio_int} penduduk laki-laki untuk setiap 100 penduduk perempuan.",
    "Kecamatan dengan jumlah penduduk terbanyak adalah Kecamatan {kec_max} dengan {kec_max_n} "
    "jiwa, sedangkan jumlah penduduk paling sedikit terdapat di Kecamatan {kec_min} sebanyak "
    "{kec_min_n} jiwa.",
    "Kepadatan penduduk Kota Pariaman mencapai {density} jiwa per kilometer persegi dengan "
    "luas wilayah 73,36 kilometer persegi.",
    "Kecamatan {kec_dense} merupakan wilayah terpadat karena menjadi pusat pemerintahan, "
    "perdagangan, dan jasa di Kota Pariaman.",
    "Penduduk usia produktif, yaitu kelompok umur 15 sampai 64 tahun, mencapai {productive} "
    "persen dari seluruh penduduk.",
    "Angka ketergantungan sebesar {dependency} menunjukkan bahwa setiap 100 penduduk usia "
    "produktif menanggung sekitar {dependency_int} penduduk usia tidak produktif.",
    "Data kependudukan ini bersumber dari proyeksi penduduk hasil Sensus Penduduk 2020 yang "
    "dilaksanakan oleh Badan Pusat Statistik.",
    "Pertumbuhan penduduk dipengaruhi oleh kelahiran, kematian, serta perpindahan penduduk "
    "yang masuk dan keluar Kota Pariaman.",
)
LABOUR = (
    "Hasil Survei Angkatan Kerja Nasional (Sakernas) Agustus {year} menunjukkan jumlah "
    "angkatan kerja di Kota Pariaman sebanyak {labour} orang.",
    "Tingkat Partisipasi Angkatan Kerja (TPAK) tercatat sebesar {tpak} persen, {tpak_dir} "
    "dibandingkan dengan tahun sebelumnya.",
    "Tingkat Pengangguran Terbuka (TPT) Kota Pariaman pada tahun {year} sebesar {tpt} persen.",
    "Sebagian besar penduduk yang bekerja terserap di lapangan usaha perdagangan, jasa, serta "
    "pertanian dan perikanan.",
    "Penduduk bekerja menurut status pekerjaan utama didominasi oleh buruh atau karyawan, "
    "diikuti oleh mereka yang berusaha sendiri.",
    "Pengangguran terbuka lebih banyak dialami oleh penduduk muda yang baru menamatkan "
    "pendidikan menengah dan sedang mencari pekerjaan pertama.",
)
EDUCATION = (
    "Pada tahun ajaran {year}/{year1}, di Kota Pariaman terdapat {sd} Sekolah Dasar (SD), "
    "{smp} Sekolah Menengah Pertama (SMP), dan {sma} Sekolah Menengah Atas (SMA).",
    "Jumlah murid SD tercatat sebanyak {murid_sd} orang dengan {guru_sd} orang guru, sehingga "
    "rasio murid terhadap guru sebesar {rasio_sd}.",
    "Angka Partisipasi Sekolah (APS) penduduk usia 7 sampai 12 tahun mencapai {aps} persen.",
    "Rata-rata lama sekolah penduduk berumur 25 tahun ke atas adalah {rls} tahun, sedangkan "
    "harapan lama sekolah mencapai {hls} tahun.",
    "Ketersediaan sarana pendidikan yang merata di setiap kecamatan menjadi salah satu faktor "
    "penting dalam peningkatan kualitas sumber daya manusia.",
    "Kecamatan {kec} memiliki jumlah sekolah terbanyak, yaitu {kec_n} sekolah dari seluruh "
    "jenjang pendidikan dasar dan menengah.",
)
HEALTH = (
    "Fasilitas kesehatan di Kota Pariaman pada tahun {year} terdiri atas {rs} rumah sakit, "
    "{pkm} puskesmas, {pustu} puskesmas pembantu, dan {posyandu} posyandu.",
    "Jumlah tenaga kesehatan yang tercatat meliputi {dokter} dokter, {perawat} perawat, dan "
    "{bidan} bidan.",
    "Cakupan imunisasi dasar lengkap pada bayi mencapai {imun} persen.",
    "Persentase persalinan yang ditolong oleh tenaga kesehatan sebesar {persalinan} persen.",
    "Angka harapan hidup penduduk Kota Pariaman tahun {year} mencapai {ahh} tahun.",
    "Posyandu berperan penting dalam pemantauan tumbuh kembang balita serta pelayanan "
    "kesehatan ibu dan anak di tingkat desa dan kelurahan.",
)
RICE = (
    "Luas panen padi di Kota Pariaman pada tahun {year} mencapai {luas} hektare dengan "
    "produksi sebesar {prod} ton gabah kering giling (GKG).",
    "Produktivitas padi rata-rata tercatat {produktivitas} kuintal per hektare.",
    "Kecamatan {kec_max} merupakan penghasil padi terbesar dengan produksi {kec_max_n} ton.",
    "Selain padi, komoditas tanaman pangan yang diusahakan petani antara lain jagung, ubi "
    "kayu, ubi jalar, dan kacang tanah.",
    "Produksi perikanan tangkap di wilayah pesisir Kota Pariaman mencapai {ikan} ton, sebagian "
    "besar berasal dari nelayan di Kecamatan Pariaman Utara dan Pariaman Tengah.",
    "Dibandingkan tahun sebelumnya, produksi padi {dir} sebesar {change} persen.",
)
INFLATION = (
    "Inflasi tahun kalender {year} tercatat sebesar {annual} persen dengan Indeks Harga "
    "Konsumen (IHK) sebesar {ihk}.",
    "Inflasi bulanan tertinggi terjadi pada bulan {month_max} sebesar {max} persen, sedangkan "
    "inflasi terendah terjadi pada bulan {month_min}.",
    "Kelompok pengeluaran yang memberikan andil terbesar terhadap inflasi adalah makanan, "
    "minuman, dan tembakau.",
    "Komoditas yang dominan mendorong inflasi antara lain beras, cabai merah, bawang merah, "
    "dan ikan tongkol.",
    "Penghitungan IHK menggunakan tahun dasar 2018 dengan paket komoditas hasil Survei Biaya "
    "Hidup.",
    "Pemerintah daerah bersama Tim Pengendalian Inflasi Daerah melaksanakan operasi pasar "
    "untuk menjaga stabilitas harga bahan pokok.",
)
GDP = (
    "Nilai Produk Domestik Regional Bruto (PDRB) Kota Pariaman atas dasar harga berlaku pada "
    "tahun {year} mencapai {adhb} miliar rupiah.",
    "PDRB atas dasar harga konstan 2010 tercatat sebesar {adhk} miliar rupiah.",
    "Laju pertumbuhan ekonomi Kota Pariaman tahun {year} sebesar {growth} persen.",
    "Struktur perekonomian Kota Pariaman didominasi oleh lapangan usaha {top_sector} dengan "
    "kontribusi sebesar {top_share} persen.",
    "PDRB per kapita atas dasar harga berlaku mencapai {percapita} juta rupiah.",
    "Lapangan usaha perdagangan besar dan eceran serta reparasi mobil dan sepeda motor juga "
    "memberikan kontribusi yang cukup besar terhadap perekonomian.",
)

TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        Topic(
            "penduduk",
            3,
            "PENDUDUK DAN KETENAGAKERJAAN",
            "Penduduk",
            data.population_facts,
            POPULATION,
        ),
        Topic(
            "ketenagakerjaan",
            3,
            "PENDUDUK DAN KETENAGAKERJAAN",
            "Ketenagakerjaan",
            data.labour_facts,
            LABOUR,
        ),
        Topic(
            "pendidikan",
            4,
            "SOSIAL DAN KESEJAHTERAAN RAKYAT",
            "Pendidikan",
            data.education_facts,
            EDUCATION,
        ),
        Topic(
            "kesehatan",
            4,
            "SOSIAL DAN KESEJAHTERAAN RAKYAT",
            "Kesehatan",
            data.health_facts,
            HEALTH,
        ),
        Topic("pertanian", 5, "PERTANIAN", "Tanaman Pangan", data.rice_facts, RICE),
        Topic("inflasi", 9, "HARGA-HARGA", "Inflasi", data.inflation_facts, INFLATION),
        Topic(
            "pdrb",
            11,
            "PENDAPATAN REGIONAL",
            "Produk Domestik Regional Bruto",
            data.gdp_facts,
            GDP,
        ),
    )
}


def paragraphs(topic: Topic, facts: dict[str, Any], rng: random.Random) -> list[Paragraph]:
    """All of a topic's sentences, shuffled and grouped into paragraphs of 2-4."""
    sentences = [s.format(**facts) for s in topic.sentences]
    rng.shuffle(sentences)
    result = []
    while sentences:
        take = rng.randint(2, 4)
        result.append(Paragraph(" ".join(sentences[:take])))
        sentences = sentences[take:]
    return result
