"""Health report logic, without external services."""

from __future__ import annotations

from portal.health.checks import redact_url
from portal.health.sane import _backend_names, config_dirs
from portal.health.status import ComponentStatus, HealthReport


def test_report_fails_only_on_required_components() -> None:
    report = HealthReport(
        [
            ComponentStatus("database", True),
            ComponentStatus("scanner", False, required=False, error="no SANE"),
        ]
    )
    assert report.ok
    assert report.failed == []
    report = HealthReport([ComponentStatus("search", False, error="refused")])
    assert not report.ok
    assert report.failed == ["search"]
    body = report.as_dict()
    assert body["components"]["search"] == {"state": "down", "required": True, "error": "refused"}


def test_redact_url_hides_passwords() -> None:
    assert redact_url("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert redact_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"


def test_sane_config_dirs_follow_sane_rules(monkeypatch) -> None:
    monkeypatch.setenv("SANE_CONFIG_DIR", "/tmp/a:")
    assert [str(p) for p in config_dirs()] == ["/tmp/a", "/etc/sane.d"]
    monkeypatch.setenv("SANE_CONFIG_DIR", "/tmp/a")
    assert [str(p) for p in config_dirs()] == ["/tmp/a"]
    assert _backend_names("# comment\ntest\n  #net\nepson2 # scanner\n") == ["test", "epson2"]
