"""``pustaka station add NAME | list | revoke NAME``: scanner stations and their tokens."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scanning.errors import ScanningError
from scanning.models import Station
from scanning.services.stations import station_add, station_revoke


class Command(BaseCommand):
    help = "Manage scanner stations; `add` prints the new station's token once."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add a station and print its token (once)")
        add.add_argument("name")
        actions.add_parser("list", help="list stations")
        revoke = actions.add_parser("revoke", help="revoke a station's token")
        revoke.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ScanningError as exc:
            self.stderr.write(f"{exc.message_id}\n{exc.message_en} ({exc.detail})")
            raise SystemExit(exc.exit_code) from exc

    def _add(self, options: dict[str, Any]) -> None:
        new = station_add(name=options["name"])
        self.stderr.write(
            f"Stasiun {new.station.name} dibuat. Simpan token ini; tidak akan ditampilkan lagi.\n"
            f"Station {new.station.name} created. Keep this token; it is not shown again."
        )
        self.stdout.write(new.token)  # alone on stdout, so scripts can capture it

    def _list(self, options: dict[str, Any]) -> None:
        for station in Station.objects.order_by("name"):
            state = "aktif/active" if station.active else "dicabut/revoked"
            seen = (
                station.last_seen_at.isoformat(timespec="seconds") if station.last_seen_at else "-"
            )
            self.stdout.write(f"{station.name}\t{state}\t{seen}")

    def _revoke(self, options: dict[str, Any]) -> None:
        station = station_revoke(name=options["name"])
        self.stdout.write(f"{station.name}: dicabut / revoked")
