"""Month names as printed by Arabic news sites, by family; spellings are folded before lookup."""

from __future__ import annotations

# Egyptian/Gulf (transliterated Latin names) with the spellings seen on Egyptian sites (إبريل، يونيه، يوليه).
# Hamza, taa marbuta, alef maqsura, diacritics and Persian letters are folded before lookup, so
# اغسطس/أغسطس or يونية/يونيه need no separate entry.
GREGORIAN_EGYPTIAN: dict[int, tuple[str, ...]] = {
    1: ("يناير",),
    2: ("فبراير",),
    3: ("مارس",),
    4: ("أبريل", "إبريل"),
    5: ("مايو",),
    6: ("يونيو", "يونيه"),
    7: ("يوليو", "يوليه"),
    8: ("أغسطس", "أغسطوس"),
    9: ("سبتمبر", "سيبتمبر"),
    10: ("أكتوبر", "أوكتوبر"),
    11: ("نوفمبر", "نوڤمبر"),
    12: ("ديسمبر", "ديسيمبر"),
}

# Levantine and Iraqi (Syriac-derived) names, with and without the article on the two-word months.
GREGORIAN_LEVANTINE: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني"),
    2: ("شباط",),
    3: ("آذار",),
    4: ("نيسان",),
    5: ("أيار",),
    6: ("حزيران",),
    7: ("تموز",),
    8: ("آب",),
    9: ("أيلول",),
    10: ("تشرين الأول", "تشرين أول"),
    11: ("تشرين الثاني", "تشرين ثاني"),
    12: ("كانون الأول", "كانون أول"),
}

# Algerian/Tunisian (French-derived) names; months they spell as in Egypt are not repeated.
GREGORIAN_MAGHREBI: dict[int, tuple[str, ...]] = {
    1: ("جانفي",),
    2: ("فيفري",),
    4: ("أفريل",),
    5: ("ماي",),
    6: ("جوان",),
    7: ("جويلية",),
    8: ("أوت",),
}

# Moroccan and Mauritanian names that differ from the Egyptian ones.
GREGORIAN_MOROCCAN: dict[int, tuple[str, ...]] = {
    7: ("يوليوز",),
    8: ("غشت", "أغشت"),
    9: ("شتنبر",),
    11: ("نونبر",),
    12: ("دجنبر",),
}

# English names and abbreviations, for RSS-like strings and mixed pages (compared lower-cased).
GREGORIAN_ENGLISH: dict[int, tuple[str, ...]] = {
    1: ("january", "jan"),
    2: ("february", "feb"),
    3: ("march", "mar"),
    4: ("april", "apr"),
    5: ("may",),
    6: ("june", "jun"),
    7: ("july", "jul"),
    8: ("august", "aug"),
    9: ("september", "sept", "sep"),
    10: ("october", "oct"),
    11: ("november", "nov"),
    12: ("december", "dec"),
}

GREGORIAN_FAMILIES = (
    GREGORIAN_EGYPTIAN,
    GREGORIAN_LEVANTINE,
    GREGORIAN_MAGHREBI,
    GREGORIAN_MOROCCAN,
    GREGORIAN_ENGLISH,
)

# Hijri months, with the common alternative names of the 4th–6th and 11th–12th months.
HIJRI: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع آخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى آخرة"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذوالقعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذوالحجة"),
}
