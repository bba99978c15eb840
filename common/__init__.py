"""What every server domain needs once, at the bottom of the import layers.

The bilingual error base and the field-error templates (``common.errors``), choosing the
Indonesian or English text of a message (``common.language``), contact details as stored
(``common.contact``), page ranges as written by people (``common.pageranges``) and the
names every task is enqueued by (``common.tasknames``). Nothing here imports a domain
package; a rule two domains share moves here instead of being copied.
"""
