"""Vietnamese for the validation errors pydantic reports, by error type (its English stays as pydantic wrote it)."""

from __future__ import annotations

from typing import Any

from ioc.kit.i18n import Text

# pydantic's error types are stable; their context names the bound ({min_length}, {ge}, {expected}, …).
BY_TYPE = {
    "missing": "bắt buộc, chưa có giá trị",
    "extra_forbidden": "không phải là trường được chấp nhận",
    "string_type": "phải là một chuỗi văn bản",
    "string_too_short": "cần ít nhất {min_length} ký tự",
    "string_too_long": "chỉ được tối đa {max_length} ký tự",
    "string_pattern_mismatch": "không đúng định dạng",
    "too_short": "cần ít nhất {min_length} phần tử",
    "too_long": "chỉ được tối đa {max_length} phần tử",
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "finite_number": "phải là một số hữu hạn",
    "bool_parsing": "phải là đúng hoặc sai",
    "bool_type": "phải là đúng hoặc sai",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
    "date_parsing": "không phải là ngày hợp lệ (YYYY-MM-DD)",
    "date_from_datetime_parsing": "không phải là ngày hợp lệ (YYYY-MM-DD)",
    "datetime_parsing": "không phải là thời điểm hợp lệ (ISO 8601, có múi giờ)",
    "datetime_from_date_parsing": "không phải là thời điểm hợp lệ (ISO 8601, có múi giờ)",
    "timezone_aware": "cần có múi giờ (ví dụ +07:00)",
    "url_parsing": "không phải là địa chỉ URL hợp lệ",
    "url_scheme": "địa chỉ URL phải bắt đầu bằng http:// hoặc https://",
    "json_invalid": "không phải là JSON hợp lệ",
    "dict_type": "phải là một đối tượng",
    "list_type": "phải là một danh sách",
    "model_attributes_type": "phải là một đối tượng",
    "uuid_parsing": "không phải là mã UUID hợp lệ",
}


def validation_message(error: dict[str, Any]) -> str:
    """The message of one pydantic error: Vietnamese by its type when known, pydantic's English otherwise."""
    english = error.get("msg", "invalid")
    template = BY_TYPE.get(error.get("type", ""))
    if template is None:
        return english
    values = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, str | int | float)}
    try:
        return Text(template, en=english, **values)
    except (KeyError, IndexError):  # a context without the bound the template names
        return english
