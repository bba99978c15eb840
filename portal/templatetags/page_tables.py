"""``{% softcopy_tables softcopy as tables %}``: a readable softcopy's tables, page order
(the caller has already checked that the reader may open the softcopy)."""

from __future__ import annotations

import json

from django import template

from catalogue.models import PageTable, Softcopy
from catalogue.selectors.tables import softcopy_tables as select_tables

register = template.Library()


@register.simple_tag
def softcopy_tables(softcopy: Softcopy) -> list[PageTable]:
    return list(select_tables(softcopy))


@register.filter
def bbox_json(table: PageTable) -> str:
    """The table's outline on its page (fractions) for the viewer's highlight."""
    return json.dumps(table.data.get("bbox") or [])
