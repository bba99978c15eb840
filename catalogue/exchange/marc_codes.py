"""The MARC21 tags, codes and terms Pustaka reads and writes (see docs/catalogue-marc.md).

Standard tags where MARC21 has one; BPS's own data (catalogue and publication numbers,
area, kind, period, dates, visibility) in the local field 901, and item data MARC has
no subfield for (condition, moment of the last status change) in the local field 909.
"""

from __future__ import annotations

LOCAL_PUBLICATION = "901"
LOCAL_ITEM = "909"

# 901 subfield -> Publication field
LOCAL_SUBFIELDS = {
    "a": "catalogue_number",
    "b": "publication_number",
    "c": "area_code",
    "d": "area_name",
    "e": "kind",
    "f": "period",
    "g": "release_date",
    "h": "scheduled_date",
    "i": "visibility",
    "j": "year",
    "k": "cover",
}
LOCAL_DELETED_AT = "z"

# Where a Publication field lives in a record: for error messages ("isbn [020]").
FIELD_TAGS = {
    "title": "245",
    "subtitle": "245",
    "isbn": "020",
    "issn_print": "022",
    "issn_electronic": "776",
    "language": "041",
    "edition": "250",
    "publisher": "264",
    "pages": "300",
    "frequency": "310",
    "notes": "500",
    "abstract": "520",
    "subjects": "650",
    "contributors": "100/700",
    "holdings": "852",
    **dict.fromkeys(LOCAL_SUBFIELDS.values(), LOCAL_PUBLICATION),
}

# Relator code (our PublicationContributor.Role values) -> MARC relator term.
RELATOR_TERMS = {
    "aut": "author",
    "edt": "editor",
    "com": "compiler",
    "trl": "translator",
    "pdr": "project director",
    "dtc": "data contributor",
    "cov": "cover designer",
    "ctb": "contributor",
}
RELATOR_CODES = {term: code for code, term in RELATOR_TERMS.items()}

# Frequency -> 008/18 (serials) and 008/19 regularity.
FREQUENCY_008 = {
    "annual": ("a", "r"),
    "semester": ("f", "r"),
    "quarterly": ("q", "r"),
    "monthly": ("m", "r"),
    "weekly": ("w", "r"),
    "five_yearly": ("z", "r"),
    "ten_yearly": ("z", "r"),
    "irregular": (" ", "x"),
    "one_off": ("z", "n"),
}
# 310 $a written by other systems in English -> our code (ours is the Indonesian label).
FREQUENCY_WORDS = {
    "annually": "annual",
    "yearly": "annual",
    "semiannual": "semester",
    "semiannually": "semester",
    "semi-annual": "semester",
    "biannual": "semester",
    "quarterly": "quarterly",
    "monthly": "monthly",
    "weekly": "weekly",
    "irregular": "irregular",
}

# Two-letter codes (SLiMS stores "id", "en") -> the MARC/ISO 639-2 codes we keep.
LANGUAGE_TWO_TO_THREE = {
    "id": "ind",
    "in": "ind",
    "en": "eng",
    "ms": "may",
    "ar": "ara",
    "nl": "dut",
    "zh": "chi",
    "ja": "jpn",
    "fr": "fre",
    "de": "ger",
    "jv": "jav",
    "su": "sun",
}

# Subject fields SLiMS writes by topic type (650 topical, 651 geographic, 600 names,
# 610 bodies, 653 uncontrolled, 655 genre) and other systems' 648.
SUBJECT_TAGS = ("650", "651", "600", "610", "648", "653", "655")
PERSON_TAGS = ("100", "700")
BODY_TAGS = ("110", "111", "710", "711")  # 111/711 (meetings) are bodies for us
COUNTRY_INDONESIA = "io "
