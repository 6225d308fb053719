"""Numbers written the Vietnamese way.

Rule (docs/kpi.md): a numeric spreadsheet cell is taken as it is. A number written as text
follows the Vietnamese convention: ',' is the decimal mark and '.' groups thousands, so
"1.234,5" is 1234.5, "1234,5" is 1234.5 and "1.234" is 1234. A '.' must be followed by exactly
three digits; "12.5" is refused rather than guessed (it is 12,5 in English notation and 125 by a
careless reading). Spaces (also non-breaking) between digit groups are ignored; a leading '-' or
'+' is allowed; a '%' sign or any letter is refused (the unit is the indicator's).
"""

from __future__ import annotations

import math
import re

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_DECIMALS = re.compile(r"^\d+$")


def parse_number(raw: object) -> float:
    """A float from a cell; ValueError with a message for people when it is not a number."""
    if isinstance(raw, bool):
        raise ValueError("giá trị logic (TRUE/FALSE) không phải là số")
    if isinstance(raw, (int, float)):
        if math.isnan(raw) or math.isinf(raw):
            raise ValueError("giá trị không hữu hạn")
        return float(raw)
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        raise ValueError("ô trống, cần một số")
    sign = -1.0 if text[0] == "-" else 1.0
    body = text[1:] if text[0] in "+-" else text
    whole, _, decimals = body.partition(",")
    if "," in decimals:
        raise ValueError(f"'{raw}' có nhiều hơn một dấu phẩy thập phân")
    if decimals and not _DECIMALS.match(decimals):
        raise ValueError(f"'{raw}' không phải là số (phần thập phân sau dấu phẩy chỉ gồm chữ số)")
    if _PLAIN.match(whole):
        digits = whole
    elif _GROUPED.match(whole):
        digits = whole.replace(".", "")
    elif "." in whole and re.match(r"^[\d.]+$", whole):
        raise ValueError(
            f"'{raw}': dấu chấm chỉ dùng để phân cách hàng nghìn (nhóm 3 chữ số); "
            f"phần thập phân viết sau dấu phẩy, ví dụ 1.234,5"
        )
    else:
        raise ValueError(f"'{raw}' không phải là số (viết kiểu Việt Nam, ví dụ 1.234,5)")
    value = sign * float(digits + ("." + decimals if decimals else ""))
    if math.isinf(value):  # 310 digits and more overflow a float: refuse rather than store infinity
        raise ValueError(f"'{raw}' quá lớn")
    return value
