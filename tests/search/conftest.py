"""Fixtures for search tests: a private Meilisearch wired into the settings, a small
catalogue built through the catalogue's services, and readers at each access level."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import meilisearch
import pytest
from django.contrib.auth.models import User

from search_index.client import SearchConfig, make_client
from search_index.indexes import forget_configured
from tests.staff_users import staff_user


@dataclass
class Search:
    url: str
    key: str
    process: subprocess.Popen[bytes]
    config: SearchConfig

    @property
    def client(self) -> meilisearch.Client:
        return make_client(self.config)


@pytest.fixture
def search(
    meilisearch_instance: tuple[str, str, subprocess.Popen[bytes]],
    settings: Any,
    own_search_flushes: None,
) -> Iterator[Search]:
    url, key, process = meilisearch_instance
    prefix = f"t{uuid.uuid4().hex[:8]}"
    settings.MEILISEARCH_URL, settings.MEILISEARCH_API_KEY = url, key
    settings.MEILISEARCH_INDEX_PREFIX = prefix
    forget_configured()
    yield Search(url, key, process, SearchConfig(url=url, api_key=key, index_prefix=prefix))
    forget_configured()


@pytest.fixture
def readers(db: None) -> dict[str, User | None]:
    patron = User.objects.create_user("anggota", password="rahasia-123")
    staff = staff_user("petugas", password="rahasia-123")
    return {"anonymous": None, "patron": patron, "staff": staff}
