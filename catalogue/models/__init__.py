"""The catalogue's data: publications, holdings, softcopies and their pages, access logs,
digitisation jobs."""

from catalogue.models.access import AccessLog
from catalogue.models.holdings import Holding
from catalogue.models.jobs import DigitisationJob, JobInput, JobPage
from catalogue.models.publications import (
    Contributor,
    Publication,
    PublicationContributor,
    Subject,
)
from catalogue.models.softcopies import Page, Softcopy
from catalogue.models.tables import PageTable, TableCorrection, TablePageScan

__all__ = [
    "AccessLog",
    "Contributor",
    "DigitisationJob",
    "Holding",
    "JobInput",
    "JobPage",
    "Page",
    "PageTable",
    "Publication",
    "PublicationContributor",
    "Softcopy",
    "Subject",
    "TableCorrection",
    "TablePageScan",
]
