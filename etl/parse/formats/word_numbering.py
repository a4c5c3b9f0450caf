"""Render Word automatic list labels ("一、" "（一）" "1." "第一条" ...) from numbering.xml + styles.xml.

Neither python-docx nor docx2python does this (docx2python prints "1)" / "--" and ignores lvlText).
Pure lxml; give it the parsed numbering and styles root elements (None when the part is missing).
Counting rules (what Word does):
  * counters live on the abstractNum, so two w:num pointing at the same abstractNum CONTINUE one another;
    a w:num with <w:lvlOverride><w:startOverride> restarts that level the first time it is used;
  * numbering a level resets every deeper level (unless that deeper level's lvlRestart says otherwise);
  * numPr can come from the paragraph or from its style (pStyle -> basedOn chain); numId 0 = "no numbering";
  * lvlText "%1.%2" refers to the counters of levels 1 and 2; isLgl forces them to decimal.
Chinese counting: 10="十", 11="十一", 20="二十", 101="一百零一" (1-9999 cross-checked against LibreOffice 7.4 in
the formats research, /work/notes/formats.md); ideographTraditional = 甲..癸 then decimal;
ideographDigital = digit by digit (一〇). A malformed numbering part gives no label, never an error.
"""
import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
DIGITS = "〇一二三四五六七八九"
LEGAL = "零壹贰叁肆伍陆柒捌玖"
CIRCLED = [chr(c) for c in range(0x2460, 0x2474)]  # ①..⑳
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _val(el, child):
    c = el.find(W + child) if el is not None else None
    return None if c is None else c.get(W + "val")


def _roman(n):
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _letters(n):  # Word: A..Z, AA..ZZ, AAA.. (repeat the letter, not base-26)
    return chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cn_small(n, digits=DIGITS, ten="十", hundred="百", thousand="千", zero="零", one_ten=""):
    """1..9999 with 十/百/千 units: 10 十, 11 十一, 20 二十, 101 一百零一, 110 一百一十, 1010 一千零一十."""
    if n < 10:
        return digits[n]
    if n < 100:
        tens = one_ten if n < 20 else digits[n // 10]
        return tens + ten + (digits[n % 10] if n % 10 else "")
    unit, head, rest = (hundred, n // 100, n % 100) if n < 1000 else (thousand, n // 1000, n % 1000)
    out = digits[head] + unit
    if rest == 0:
        return out
    if rest < (10 if n < 1000 else 100):       # a gap: 一百零一, 一千零五十
        out += zero
        if rest < 10:
            return out + digits[rest]
        return out + digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else "")
    return out + _cn_small(rest, digits, ten, hundred, thousand, zero, digits[1])


SIMPLE = {  # numFmt -> f(n) for formats that are a plain lookup
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    "ideographDigital": lambda n: "".join(DIGITS[int(d)] for d in str(n)),          # 一〇 (digit by digit)
    "ideographTraditional": lambda n: TIANGAN[n - 1] if n <= 10 else str(n),        # 甲乙丙…癸
    "ideographZodiac": lambda n: ZODIAC[n - 1] if n <= 12 else str(n),             # 子丑寅…
    "decimalEnclosedCircle": lambda n: CIRCLED[n - 1] if n <= 20 else str(n),      # ①
    "decimalEnclosedCircleChinese": lambda n: CIRCLED[n - 1] if n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if n <= 20 else f"({n})",  # ⑴
    "decimalEnclosedFullstop": lambda n: chr(0x2488 + n - 1) if n <= 20 else f"{n}.",  # ⒈
    "upperLetter": lambda n: _letters(n), "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": lambda n: _roman(n), "lowerRoman": lambda n: _roman(n).lower(),
    "chineseLegalSimplified": lambda n: _cn_small(n, LEGAL, "拾", "佰", "仟", "零", "壹"),  # 壹拾贰
    "ideographLegalTraditional": lambda n: _cn_small(n, LEGAL, "拾", "佰", "仟", "零", "壹"),
}
CHINESE_COUNTING = {"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
                    "taiwaneseCountingThousand"}   # 1-99 verified vs LibreOffice; >=100 Word may differ


def format_number(n: int, fmt: str | None) -> str:
    if fmt == "none":
        return ""
    if fmt == "bullet":
        return "•"
    if n <= 0 or n > 9999:
        return str(n)
    if fmt in CHINESE_COUNTING:
        return _cn_small(n)
    return SIMPLE[fmt](n) if fmt in SIMPLE else str(n)   # decimal and anything unknown


class WordNumbering:
    """label = WordNumbering(numbering_root, styles_root).label(p_element)  ->  "（一）" or ""."""

    def __init__(self, numbering_root, styles_root=None):
        self.abstract, self.num, self.counters, self.seen = {}, {}, {}, set()
        self.style_numpr, self.based_on = {}, {}   # styleId -> (numId, ilvl) / basedOn styleId
        for st in styles_root.iter(W + "style") if styles_root is not None else ():
            sid = st.get(W + "styleId")
            self.based_on[sid] = _val(st, "basedOn")
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                self.style_numpr[sid] = (_val(numpr, "numId"), _val(numpr, "ilvl"))
        if numbering_root is None:
            return
        abstracts = list(numbering_root.iter(W + "abstractNum"))
        by_style = {_val(a, "styleLink"): a.get(W + "abstractNumId") for a in abstracts if _val(a, "styleLink")}
        for a in abstracts:
            self.abstract[a.get(W + "abstractNumId")] = {int(level.get(W + "ilvl")): level for level in a.findall(W + "lvl")}
        links = {a.get(W + "abstractNumId"): by_style.get(_val(a, "numStyleLink")) for a in abstracts}
        for n in numbering_root.iter(W + "num"):
            aid = _val(n, "abstractNumId")
            aid = links.get(aid) or aid             # numStyleLink -> the abstractNum holding styleLink
            starts, lvls = {}, {}
            for ov in n.findall(W + "lvlOverride"):
                il = int(ov.get(W + "ilvl"))
                if _val(ov, "startOverride") is not None:
                    starts[il] = int(_val(ov, "startOverride"))
                if ov.find(W + "lvl") is not None:
                    lvls[il] = ov.find(W + "lvl")
            self.num[n.get(W + "numId")] = (aid, starts, lvls)

    def _numpr(self, p):
        """(numId, ilvl) from the paragraph, else from its pStyle -> basedOn chain."""
        ppr = p.find(W + "pPr")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = (_val(numpr, "numId"), _val(numpr, "ilvl")) if numpr is not None else (None, None)
        style = _val(ppr, "pStyle") if ppr is not None else None
        for _ in range(20):
            if not style or (num_id is not None and ilvl is not None):
                break
            s_num, s_ilvl = self.style_numpr.get(style, (None, None))
            num_id, ilvl = num_id if num_id is not None else s_num, ilvl if ilvl is not None else s_ilvl
            style = self.based_on.get(style)
        return num_id, int(ilvl or 0)

    def _lvl(self, num_id, ilvl):
        aid, _, lvls = self.num[num_id]
        return lvls[ilvl] if ilvl in lvls else self.abstract.get(aid, {}).get(ilvl)

    def label(self, p) -> str:
        """The label Word shows before paragraph p ("" when it has none); counts as Word does, in order."""
        try:
            return self._label(p)
        except (ValueError, TypeError, KeyError):  # a malformed numbering part: the text is still read
            return ""

    def _label(self, p) -> str:
        num_id, ilvl = self._numpr(p)
        if num_id in (None, "0") or num_id not in self.num or self._lvl(num_id, ilvl) is None:
            return ""
        aid, starts, _ = self.num[num_id]
        lvl = self._lvl(num_id, ilvl)
        counters = self.counters.setdefault(aid, {})       # shared by every w:num of this abstractNum
        if num_id not in self.seen:                         # first use of this w:num: startOverride
            self.seen.add(num_id)
            for il, start in starts.items():
                counters[il] = start - 1
                for deeper in [k for k in counters if k > il]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, int(_val(lvl, "start") or 1) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:    # restart deeper levels (lvlRestart: 0 = never)
            restart = _val(self._lvl(num_id, deeper), "lvlRestart")
            if restart is None or restart != "0" and int(restart) > ilvl:
                del counters[deeper]
        if _val(lvl, "numFmt") == "bullet":
            return "•"  # bullet glyphs are mostly Symbol/Wingdings private-use chars (\uf0b7, \uf06c ...)
        is_lgl = lvl.find(W + "isLgl") is not None

        def level_value(m):
            ref = int(m.group(1)) - 1
            ref_lvl = self._lvl(num_id, ref)
            fmt = _val(ref_lvl, "numFmt") or "decimal"
            value = counters.get(ref, int(_val(ref_lvl, "start") or 1))
            return format_number(value, "decimal" if is_lgl and fmt != "decimalZero" else fmt)

        text = re.sub(r"%([1-9])", level_value, _val(lvl, "lvlText") or "")
        return text + (" " if _val(lvl, "suff") == "space" else "")  # tab suffix dropped: TAB = table cell


def load_numbering(doc):
    """Parsed roots from a python-docx Document (None when the document has no such part)."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    try:
        styles = doc.part.styles.element
    except (KeyError, AttributeError):
        styles = None
    try:
        return WordNumbering(numbering, styles)
    except (ValueError, TypeError):  # malformed numbering or styles part: read the text without labels
        return WordNumbering(None, None)
