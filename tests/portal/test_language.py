"""Indonesian first, English on request."""

from __future__ import annotations

from django.test import Client


def test_home_speaks_indonesian_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Layanan perpustakaan tidak dipungut biaya." in response.text
    assert '<html lang="id">' in response.text


def test_home_in_english_on_request(client: Client) -> None:
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Library services are free of charge." in response.text


def test_language_switch_names_each_language_in_itself(client: Client) -> None:
    """A visitor who reads only English must find "English", not "Inggris"."""
    for url in ("/", "/buku-tamu/"):
        page = client.get(url).text
        assert "English" in page, url
        assert "Bahasa Indonesia" in page, url
        assert "Inggris<" not in page, url
