"""Check digits of ISSN and ISBN, on compact strings (digits and a final X only)."""

from __future__ import annotations


def issn_valid(code: str) -> bool:
    """Eight characters, the last the mod-11 check digit (X = 10)."""
    if len(code) != 8 or not code[:7].isdigit() or not (code[7].isdigit() or code[7] == "X"):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(code[:7], range(8, 1, -1), strict=True)
    )
    check = (11 - total % 11) % 11
    return code[7] == ("X" if check == 10 else str(check))


def isbn_valid(code: str) -> bool:
    """ISBN-13 (978/979, mod 10) or ISBN-10 (mod 11, final X = 10)."""
    if len(code) == 13 and code.isdigit():
        if code[:3] not in ("978", "979"):
            return False
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(code)) % 10 == 0
    if len(code) == 10 and code[:9].isdigit() and (code[9].isdigit() or code[9] == "X"):
        digits = [10 if d == "X" else int(d) for d in code]
        return sum(d * w for d, w in zip(digits, range(10, 0, -1), strict=True)) % 11 == 0
    return False


def issn_format(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
