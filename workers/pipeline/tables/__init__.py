"""Statistical tables out of a page's words: pure, no Django, no Celery, no OCR.

The words come from what the page already has — Tesseract's hOCR for scanned pages
(``hocr.py``), the PDF's own text and ruling lines for born-digital pages
(``pdf_words.py``) — so a page is never read twice. ``detect.find_tables`` turns them
into ``model.Table`` objects; ``numbers`` reads Indonesian number formats; ``export``
writes CSV and XLSX.
"""
