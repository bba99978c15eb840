"""`pustaka catalogue_export` and `pustaka catalogue_import`: output and exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from catalogue.models import Holding, Publication
from catalogue.services.holdings import holding_create
from catalogue.services.publications import publication_create

pytestmark = pytest.mark.django_db

GOOD = "title,catalogue_number,year,holdings\r\nKPDA 2024,1102001.1377,2024,<PST-1|310>\r\n"
BAD = GOOD + "ISSN salah,,2023,<PST-2|310|Rak|lost>\r\n"


def _write(tmp_path: Path, text: str, name: str = "katalog.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_from_argv`` closes every connection when it ends; the test still needs its own."""
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)


def _exit_code(*argv: str) -> int:
    """Run a command the way ``pustaka`` does and return the process exit status."""
    command = load_command_class("catalogue", argv[0])
    command.stdout, command.stderr = io.StringIO(), io.StringIO()  # type: ignore[assignment]
    try:
        command.run_from_argv(["pustaka", *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def test_export_then_import_into_an_empty_catalogue(tmp_path: Path) -> None:
    publication = publication_create(title="KPDA 2024", catalogue_number="1102001.1377", year=2024)
    holding_create(publication=publication, barcode="PST-1")
    target = tmp_path / "ekspor.csv"
    assert _exit_code("catalogue_export", str(target)) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,title,")  # UTF-8 BOM for spreadsheets
    Publication.objects.all().delete()
    out = io.StringIO()
    call_command("catalogue_import", str(target), stdout=out)
    assert "1 dari/of 1 baris/rows diimpor/imported" in out.getvalue()
    imported = Publication.objects.get()
    assert (imported.title, imported.catalogue_number) == ("KPDA 2024", "1102001.1377")
    assert imported.holdings.get().barcode == "PST-1"


def test_export_to_stdout() -> None:
    publication_create(title="KPDA 2024")
    out = io.StringIO()
    call_command("catalogue_export", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("id,title,")
    assert lines[1].split(",")[1] == "KPDA 2024"


def test_invalid_rows_exit_65_and_import_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, BAD)
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("catalogue_import", str(path), stdout=out)
    assert caught.value.returncode == 65
    assert "baris/row 3, kolom/column holdings" in out.getvalue()
    assert "0 dari/of 2 baris/rows" in out.getvalue()
    assert Publication.objects.count() == 0
    assert _exit_code("catalogue_import", str(path)) == 65
    assert Publication.objects.count() == 0


def test_skip_invalid_imports_the_rest_and_still_exits_non_zero(tmp_path: Path) -> None:
    path = _write(tmp_path, BAD)
    assert _exit_code("catalogue_import", str(path), "--skip-invalid") == 65
    assert list(Publication.objects.values_list("title", flat=True)) == ["KPDA 2024"]
    assert list(Holding.objects.values_list("barcode", flat=True)) == ["PST-1"]


def test_dry_run_and_json_report(tmp_path: Path) -> None:
    good = _write(tmp_path, GOOD)
    assert _exit_code("catalogue_import", str(good), "--dry-run") == 0
    assert Publication.objects.count() == 0
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("catalogue_import", str(_write(tmp_path, BAD, "b.csv")), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["imported"] == []
    assert report["rows"] == 2
    assert [(e["row"], e["column"], e["code"]) for e in report["errors"]] == [
        (3, "holdings", "invalid_value")
    ]


def test_unreadable_file_exits_66(tmp_path: Path) -> None:
    assert _exit_code("catalogue_import", str(tmp_path / "tidak-ada.csv")) == 66
    latin = tmp_path / "latin.csv"
    latin.write_bytes("title\r\nJudul \xe9\r\n".encode("latin-1"))
    assert _exit_code("catalogue_import", str(latin)) == 66
