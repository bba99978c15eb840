"""The catalogue's data: publications, softcopies and their pages, digitisation jobs."""

from catalogue.models.jobs import DigitisationJob, JobInput, JobPage
from catalogue.models.publications import Publication
from catalogue.models.softcopies import Page, Softcopy

__all__ = ["DigitisationJob", "JobInput", "JobPage", "Page", "Publication", "Softcopy"]
