"""A proposed catalogue record read from the OCR of a softcopy's first pages.

Pure Python (no Django, no database): ``pages`` turns Tesseract's hOCR (or plain text)
into lines of words with boxes, ``extract.propose`` reads title, English title, year,
period, BPS catalogue and publication numbers, ISSN/ISBN (check digits verified), area,
kind and subjects from them. Every proposed field keeps the words it came from (page and
box, for highlighting) and a confidence; a field not printed is proposed empty.
"""
