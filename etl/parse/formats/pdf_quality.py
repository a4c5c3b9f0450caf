"""Is a PDF's text layer usable, and the repair of one common defect in it.

Many Chinese PDFs map shared glyphs to Kangxi radicals (⼯作 ⼀、 ⾼质量 with U+2F2F, U+2F00 … instead of 工 一 高):
the same on screen, but no pattern matches them; fix_cjk_compat maps them back. A text layer without a usable
mapping comes out as (cid:19)(cid:17)… or as Latin-1 noise; is_garbled says so, so the document is refused
instead of yielding plausible nonsense. Thresholds from the formats research (/work/notes/formats.md, section 2).
"""

import re
import unicodedata

RADICALS = dict(zip("⺁⺠⺩⻁⻄⻅⻆⻈⻉⻋⻐⻓⻔⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⺰",
                    "厂民王虎西见角讠贝车钅长门雨青韦页风飞食饣饣马骨鬼鱼鸟卤麦黄黾齐齿龙纟", strict=True))
CID = re.compile(r"\(cid:\d+\)")
GLYPH_NAME = re.compile(r"/g[0-9A-Fa-f]{1,5}\b|/uni[0-9A-F]{4}")
MIN_CHARACTERS_TO_JUDGE = 20


def fix_cjk_compat(text: str) -> str:
    """Kangxi radicals (U+2F00–2FD5) and CJK compatibility ideographs → ordinary ideographs (NFKC on those code
    points only: full NFKC would also turn the full-width （）：０-９ into ASCII)."""
    out = []
    for character in text:
        point = ord(character)
        if 0x2F00 <= point <= 0x2FD5 or 0xF900 <= point <= 0xFAFF or point in (0x2E9F, 0x2EF3):
            out.append(unicodedata.normalize("NFKC", character))
        else:
            out.append(RADICALS.get(character, character))
    return "".join(out)


def text_quality(text: str) -> dict:
    """Shares of unmapped glyphs, CJK ideographs, private-use/replacement and control characters, Latin-1 noise
    among the non-space characters."""
    unmapped = len(CID.findall(text)) + len(GLYPH_NAME.findall(text))
    characters = [c for c in GLYPH_NAME.sub("", CID.sub("", text)) if not c.isspace()]
    total = len(characters) + unmapped or 1
    cjk = sum(1 for c in characters if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    private = sum(1 for c in characters if "\ue000" <= c <= "\uf8ff" or c == "\ufffd")
    control = sum(1 for c in characters if unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs"))
    latin1 = sum(1 for c in characters if "\u00a0" <= c <= "\u02ff")
    return {"characters": total, "unmapped": unmapped / total, "cjk": cjk / total,
            "private": (private + control) / total, "latin1": latin1 / total}


def is_garbled(text: str) -> str | None:
    """Why the text layer is unusable (expecting Chinese), or None when it reads as text."""
    quality = text_quality(text)
    if quality["characters"] < MIN_CHARACTERS_TO_JUDGE:
        return None
    if quality["unmapped"] > 0.05:
        return f"{quality['unmapped']:.0%} of its characters are unmapped glyphs such as (cid:17)"
    if quality["private"] > 0.05:
        return f"{quality['private']:.0%} of its characters are private-use, replacement or control characters"
    if quality["cjk"] < 0.2:
        return f"only {quality['cjk']:.0%} of its characters are Chinese (Latin-1 noise {quality['latin1']:.0%})"
    return None
