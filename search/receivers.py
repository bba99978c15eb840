"""Signal receivers that write outbox rows for every catalogue change search cares about.

Why receivers rather than explicit calls in the catalogue's services: the catalogue may
not import this app (layers), and receivers also catch edits made through the Django
admin, shell scripts and data migrations, which bypass services. They run inside the
saving transaction, so the row commits (or rolls back) together with the change.
``QuerySet.update()`` sends no signal: the catalogue's bulk edits move
``Publication.modified_at``, and the periodic sweep (``sync.sweep_modified``) turns
those into outbox rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from catalogue.models import Page, Publication, Softcopy, Subject
from search import outbox
from search.models import OutboxEntry

PUBLICATION = OutboxEntry.Kind.PUBLICATION
SOFTCOPY = OutboxEntry.Kind.SOFTCOPY


def publication_changed(sender: Any, instance: Publication, raw: bool = False, **kw: Any) -> None:
    if not raw:
        outbox.record(PUBLICATION, [instance.pk])


def subjects_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kw: Any) -> None:
    if isinstance(instance, Publication):
        if action.startswith("post_"):
            outbox.record(PUBLICATION, [instance.pk])
    elif action == "pre_clear":  # a subject loses all its publications: name them first
        outbox.record(PUBLICATION, instance.publications.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        outbox.record(PUBLICATION, pk_set or [])


def subject_renamed(sender: Any, instance: Subject, raw: bool = False, **kw: Any) -> None:
    if not raw and not kw.get("created"):
        outbox.record(PUBLICATION, instance.publications.values_list("pk", flat=True))


def softcopy_changed(sender: Any, instance: Softcopy, raw: bool = False, **kw: Any) -> None:
    if not raw:
        outbox.record(SOFTCOPY, [instance.pk])


def page_changed(sender: Any, instance: Page, raw: bool = False, **kw: Any) -> None:
    if not raw:
        outbox.record(SOFTCOPY, [instance.softcopy_id])


def connect() -> None:
    uid = "pustaka-indexing"
    post_save.connect(publication_changed, sender=Publication, dispatch_uid=f"{uid}-pub-save")
    post_delete.connect(publication_changed, sender=Publication, dispatch_uid=f"{uid}-pub-del")
    m2m_changed.connect(
        subjects_changed, sender=Publication.subjects.through, dispatch_uid=f"{uid}-subjects"
    )
    post_save.connect(subject_renamed, sender=Subject, dispatch_uid=f"{uid}-subject-save")
    post_save.connect(softcopy_changed, sender=Softcopy, dispatch_uid=f"{uid}-sc-save")
    post_delete.connect(softcopy_changed, sender=Softcopy, dispatch_uid=f"{uid}-sc-del")
    post_save.connect(page_changed, sender=Page, dispatch_uid=f"{uid}-page-save")
    post_delete.connect(page_changed, sender=Page, dispatch_uid=f"{uid}-page-del")
