"""Display forms of proper names in English: "Phường Hải Châu" → "Hải Châu Ward", "UBND Xã Bà Nà" →
"Bà Nà Commune People's Committee", "Trạm Y tế Phường Hải Vân" → "Hải Vân Ward Health Station".

A place keeps its own name (with its diacritics, as Vietnamese names are written in English); the words
that say what kind of place or body it is are translated and moved where English puts them. A record
that has its own English name shows that instead; this is the fallback for the rest."""

from __future__ import annotations

# Kinds of administrative unit, longest first so "Thành phố" wins over a shorter word.
UNIT_KINDS = (
    ("Thành phố", "City"),
    ("Đặc khu", "Special Zone"),
    ("Thị trấn", "Township"),
    ("Thị xã", "Town"),
    ("Phường", "Ward"),
    ("Tỉnh", "Province"),
    ("Quận", "District"),
    ("Huyện", "District"),
    ("Xã", "Commune"),
)
# Bodies and facilities named after a place ("<kind> <place>"), longest first.
BODY_KINDS = (
    ("Bệnh viện Đa khoa khu vực", "Regional General Hospital"),
    ("Ủy ban nhân dân", "People's Committee"),
    ("Trường Mầm non", "Kindergarten"),
    ("Trường Tiểu học", "Primary School"),
    ("Trường THCS", "Lower Secondary School"),
    ("Trường THPT", "Upper Secondary School"),
    ("Khu du lịch sinh thái", "Eco-tourism Site"),
    ("Giám sát dịch bệnh", "Disease Surveillance"),
    ("Đếm người", "People Counter"),
    ("Trạm Y tế", "Health Station"),
    ("Công an", "Police"),
    ("Bảo tàng", "Museum"),
    ("Làng nghề", "Craft Village"),
    ("Đình làng", "Village Communal House"),
    ("Công viên", "Park"),
    ("Bãi biển", "Beach"),
    ("Chợ đêm", "Night Market"),
    ("Chùa", "Pagoda"),
    ("UBND", "People's Committee"),
)


def place(name: str, lang: str = "vi") -> str:
    """An administrative unit's name in a language ("Phường Hải Châu" → "Hải Châu Ward")."""
    if lang != "en":
        return name
    for vi, en in UNIT_KINDS:
        if name.startswith(vi + " ") and len(name) > len(vi) + 1:
            return f"{name[len(vi) + 1 :]} {en}"
    return name


def display(name: str, lang: str = "vi", english: str = "") -> str:
    """A record's name in a language: its own English name when it has one, else the translated kind
    words around the place ("UBND Phường Hải Châu" → "Hải Châu Ward People's Committee")."""
    if lang != "en":
        return name
    if english:
        return english
    for vi, en in BODY_KINDS:
        if name.startswith(vi + " ") and len(name) > len(vi) + 1:
            return f"{display(name[len(vi) + 1 :], lang)} {en}"  # kinds nest: a counter at a beach in a ward
    return place(name, lang)
