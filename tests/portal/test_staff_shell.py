"""The staff shell: navigation grouped by task and filtered by permission; README addresses."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from catalogue.models import DigitisationJob
from portal.shell import staff_groups_for
from tests.staff_users import staff_user

pytestmark = pytest.mark.django_db

GROUP_LINK = re.compile(r'id="nav-group-([a-z]+)" href="([^"]+)"')
SECTION = re.compile(r'<nav class="section-nav".*?</nav>', re.S)


def groups_shown(html: str) -> dict[str, str]:
    return dict(GROUP_LINK.findall(html))


def test_an_administrator_sees_the_four_task_groups(client: Client) -> None:
    admin = User.objects.create_superuser("kepala", password="x")
    client.force_login(admin)
    html = client.get("/meja/").text
    assert list(groups_shown(html)) == ["layanan", "koleksi", "pengaduan", "administrasi"]
    # The desk is in "Layanan": its tabs are the section nav, the queue tab is current.
    section = SECTION.search(html)
    assert section
    assert 'aria-current="page"' in section.group(0)
    assert 'id="nav-desk-queue" href="/meja/" aria-current="page"' in section.group(0)
    assert 'id="nav-report"' in section.group(0)


def test_every_link_the_shell_shows_an_administrator_answers(client: Client) -> None:
    admin = User.objects.create_superuser("kepala", password="x")
    client.force_login(admin)
    seen = {link["url"] for group in staff_groups_for(admin) for link in group["links"]}
    assert len(seen) >= 12
    for url in sorted(seen):
        assert client.get(url).status_code == 200, url


def test_an_officer_sees_only_what_the_officer_may_open(client: Client, officer: User) -> None:
    client.force_login(officer)
    html = client.get("/meja/").text
    assert "layanan" in groups_shown(html)
    assert 'id="nav-report"' not in html  # no service report permission
    links = [link for group in staff_groups_for(officer) for link in group["links"]]
    assert "nav-staff-monitor" not in {link["id"] for link in links}
    for link in links:  # nothing shown answers 403
        assert client.get(link["url"]).status_code == 200, link["url"]


def test_a_patron_sees_no_staff_groups(client: Client) -> None:
    client.force_login(User.objects.create_user("pembaca", password="x"))
    html = client.get("/").text
    assert groups_shown(html) == {}
    assert 'class="section-nav"' not in html


def test_job_states_are_words_in_the_page_language(client: Client) -> None:
    client.force_login(staff_user("staf"))  # a librarian: the digitisation screens are hers
    DigitisationJob.objects.create(title="Statistik Daerah", state=DigitisationJob.JobState.DONE)
    indonesian = client.get("/staf/digitalisasi/").text
    assert ">Selesai</span>" in indonesian
    assert ">done<" not in indonesian
    english = client.get("/en/staf/digitalisasi/").text
    assert ">Done</span>" in english


@pytest.mark.parametrize(
    "url",
    ["/", "/buku-tamu/", "/cari/", "/publikasi/", "/layanan/pengaduan/", "/layanan/survei/"],
)
def test_public_readme_addresses_answer(client: Client, url: str) -> None:
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/meja/", "/staf/digitalisasi/", "/staf/pindai/", "/akun/"])
def test_signed_in_addresses_lead_to_sign_in(client: Client, url: str) -> None:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    final = response.redirect_chain[-1][0]
    assert "/masuk/" in final or "/admin/login/" in final, final


def test_akun_leads_a_signed_in_patron_to_the_account(client: Client) -> None:
    client.force_login(User.objects.create_user("pembaca", password="x"))
    response = client.get("/akun/", follow=True)
    assert response.redirect_chain[-1][0] == "/akun/saya/"
    assert response.status_code == 200


def test_the_report_hub_is_linked_for_whoever_may_see_a_topic(
    client: Client, officer: User
) -> None:
    from portal.reports.topics import TOPICS, topics_for

    assert [t.code for t in topics_for(officer)] == ["pengaduan"]  # complaints only
    links = {link["url"] for group in staff_groups_for(officer) for link in group["links"]}
    assert "/staf/laporan/" in links
    client.force_login(officer)
    hub = client.get("/staf/laporan/").text
    assert "/staf/laporan/pengaduan/" in hub
    assert "/staf/laporan/kunjungan/" not in hub
    assert len(TOPICS) == 6
