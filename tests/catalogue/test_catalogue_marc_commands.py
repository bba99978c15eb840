"""`pustaka catalogue_export --format ...` and `catalogue_import` with MARC files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from lxml import etree

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data" / "marc"


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_from_argv`` closes every connection when it ends; the test still needs its own."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def _exit_code(*argv: str) -> int:
    command = load_command_class("catalogue", argv[0])
    command.stdout, command.stderr = io.StringIO(), io.StringIO()  # type: ignore[assignment]
    try:
        command.run_from_argv(["pustaka", *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def _catalogue() -> None:
    publication = publication_create(
        title="KPDA 2024", catalogue_number="1102001.1377", year=2024, kind="in_figures"
    )
    holding_create(publication=publication, barcode="PST-1", call_number="310 BPS k")


@pytest.mark.parametrize(
    ("name", "options"), [("k.mrc", []), ("k.xml", []), ("k.dat", ["--format", "marc"])]
)
def test_export_then_import_by_content(tmp_path: Path, name: str, options: list[str]) -> None:
    _catalogue()
    target = tmp_path / name
    assert _exit_code("catalogue_export", str(target), *options) == 0
    Publication.objects.all().delete()
    renamed = target.rename(tmp_path / "tanpa-ekstensi")  # the content decides, not the name
    out = io.StringIO()
    call_command("catalogue_import", str(renamed), stdout=out)
    assert "1 dari/of 1 rekaman/records diimpor/imported" in out.getvalue()
    imported = Publication.objects.get()
    assert (imported.title, imported.kind) == ("KPDA 2024", "in_figures")
    assert imported.holdings.get().call_number == "310 BPS k"


def test_export_marcxml_to_stdout() -> None:
    _catalogue()
    out = io.StringIO()
    call_command("catalogue_export", "--format", "marcxml", stdout=out)
    root = etree.fromstring(out.getvalue().encode())
    ns = {"m": "http://www.loc.gov/MARC21/slim"}
    assert root.xpath("//m:datafield[@tag='245']/m:subfield[@code='a']/text()", namespaces=ns) == [
        "KPDA 2024"
    ]


def test_export_dublin_core() -> None:
    _catalogue()
    out = io.StringIO()
    call_command("catalogue_export", "--format", "dc", stdout=out)
    root = etree.fromstring(out.getvalue().encode())
    titles = root.xpath("//dc:title/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"})
    assert titles == ["KPDA 2024"]


def test_slims_export_through_the_command(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("catalogue_import", str(DATA / "slims-export.mrc"), "--dry-run", stdout=out)
    assert "3 dari/of 3 rekaman/records akan diimpor/would be imported" in out.getvalue()
    assert Publication.objects.count() == 0
    assert _exit_code("catalogue_import", str(DATA / "slims-export.xml")) == 0
    assert Publication.objects.count() == 3


def _bad_file(tmp_path: Path) -> Path:
    xml = (DATA / "slims-export.xml").read_text(encoding="utf-8")
    xml = xml.replace("978-979-96251-7-5 (pbk.)", "978-979-96251-7-4 (pbk.)")
    xml = xml.replace("<record>", '<record><controlfield tag="001">S-2</controlfield>', 2)
    path = tmp_path / "slims-salah.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def test_bad_records_exit_65_and_say_which(tmp_path: Path) -> None:
    path = _bad_file(tmp_path)
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("catalogue_import", str(path), stdout=out)
    assert caught.value.returncode == 65
    assert (
        "rekaman/record 2 (001 S-2), kolom/column isbn: Angka pemeriksa ISBN salah. / "
        "The ISBN check digit is wrong. [[020] 978-979-96251-7-4]"
    ) in out.getvalue()
    assert "0 dari/of 3 rekaman/records" in out.getvalue()
    assert Publication.objects.count() == 0
    assert _exit_code("catalogue_import", str(path), "--skip-errors") == 65
    assert Publication.objects.count() == 2


def test_json_report_names_the_record(tmp_path: Path) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(_bad_file(tmp_path)), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert [(e["row"], e["record_id"], e["column"], e["code"]) for e in report["errors"]] == [
        (2, "S-2", "isbn", "invalid_isbn")
    ]


def test_wrong_file_type_and_missing_file(tmp_path: Path) -> None:
    pdf = tmp_path / "katalog.mrc"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("catalogue_import", str(pdf), stdout=out)
    assert caught.value.returncode == 65
    assert "bukan MARC" in out.getvalue()
    assert "neither MARC" in out.getvalue()
    iso = tmp_path / "iso.dat"
    iso.write_bytes((DATA / "slims-export.mrc").read_bytes())
    assert _exit_code("catalogue_import", str(iso), "--format", "marcxml") == 65
    assert _exit_code("catalogue_import", str(tmp_path / "tidak-ada.mrc")) == 66
    assert Publication.objects.count() == 0


def test_update_flag_changes_the_existing_record(tmp_path: Path) -> None:
    _catalogue()
    target = tmp_path / "k.xml"
    call_command("catalogue_export", str(target), stderr=io.StringIO())
    assert _exit_code("catalogue_import", str(target)) == 65  # a duplicate
    target.write_bytes(target.read_bytes().replace(b">KPDA 2024<", b">KPDA 2024 (revisi)<"))
    out = io.StringIO()
    call_command("catalogue_import", str(target), "--update", stdout=out)
    assert "1 diperbarui/updated" in out.getvalue()
    assert Publication.objects.get().title == "KPDA 2024 (revisi)"
    assert Holding.objects.count() == 1


def test_a_record_that_does_not_fit_the_format_stops_the_export(tmp_path: Path) -> None:
    publication_create(title="Panjang", abstract="x" * 12_000)
    publication_create(title="Kendali", notes="halaman\x0cberikut")
    for name, wanted in (("p.mrc", "ISO 2709"), ("p.xml", "XML")):
        with pytest.raises(CommandError) as caught:
            call_command("catalogue_export", str(tmp_path / name), stderr=io.StringIO())
        assert caught.value.returncode == 65
        assert wanted in str(caught.value)
        assert not (tmp_path / name).exists()  # no half-written file
