"""The proposal's evidence as page pictures with boxes: what the confirm screen draws.

Each front page becomes an SVG whose viewBox is the page's hOCR size, with the page
image under it and one rectangle per word a field came from (class per field, so the
screen's script can emphasise a field's words when its input has focus). Born-digital
pages have no boxes: their words are listed instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from catalogue.proposal.pages import PageText
from catalogue.proposal.result import Proposal


@dataclass
class Box:
    field: str
    label: str
    x: int
    y: int
    width: int
    height: int


@dataclass
class PageView:
    number: int
    image_url: str
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)


def page_views(
    softcopy_id: int, pages: list[PageText], proposal: Proposal, labels: dict[str, str]
) -> list[PageView]:
    views = []
    for page in pages:
        if page.size is None:
            continue
        url = reverse("staff-inbox-page", args=[softcopy_id, page.number])
        view = PageView(page.number, url, page.size[0], page.size[1])
        for name, found in proposal.fields.items():
            for evidence in found.evidence:
                if evidence.page == page.number and evidence.box is not None:
                    x0, y0, x1, y1 = evidence.box
                    pad = 4
                    view.boxes.append(
                        Box(
                            name,
                            str(labels.get(name, name)),
                            x0 - pad,
                            y0 - pad,
                            x1 - x0 + 2 * pad,
                            y1 - y0 + 2 * pad,
                        )
                    )
        views.append(view)
    # The page most fields were read from (usually the imprint page) first.
    return sorted(views, key=lambda view: -len(view.boxes))
