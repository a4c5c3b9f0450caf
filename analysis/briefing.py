"""Briefing-ready exports of plotly figures (issue 6); knows nothing of Streamlit.

- figure_with_source: a figure with its title and a source-note annotation under the plot (changed in place);
- figure_png / figure_svg: static images through kaleido 1.x (Chromium). kaleido's sync server is started once
  per process, so only the first export pays for starting the browser (about 4 s; later ones about 0.3 s);
- briefing_html: one self-contained HTML page (plotly.js inline once) holding every chart with its source
  note, and the tables, for a briefing pack.
"""

from __future__ import annotations

import html
import threading
import unicodedata
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
NOTE_WIDTH = 76  # characters per line of a note (CJK characters count as two): fits a chart in a 1024 px window
_server_lock = threading.Lock()
_server_started = False


# A line preferably ends after punctuation that closes or separates (。，；、 ）) or a space, so a name is never
# cut in two: Unicode categories Po (other), Pe (close), Pd (dash), Zs (space).
BREAK_AFTER_CATEGORIES = ("Po", "Pe", "Pd", "Zs")
BREAK_SEARCH = 24  # how far back (in width units) a line looks for such a break before cutting anywhere


def width_of(text: str) -> int:
    return sum(2 if ord(character) > 0x2E80 else 1 for character in text)


def _wrap(text: str, width: int = NOTE_WIDTH) -> str:
    """Break a long note into lines joined with <br>, counting CJK characters as double width; a line ends
    after punctuation or a space where one is near, so names and the version stay whole."""
    lines, line = [], ""
    for character in text:
        if width_of(line + character) > width and line:
            cut = max((position for position, mark in enumerate(line)
                       if unicodedata.category(mark) in BREAK_AFTER_CATEGORIES), default=-1)
            if cut >= 0 and width_of(line[cut + 1:]) <= BREAK_SEARCH:
                lines.append(line[:cut + 1].rstrip())
                line = line[cut + 1:].lstrip()
            else:
                lines.append(line)
                line = ""
        line += character
    if line:
        lines.append(line)
    return "<br>".join(html.escape(piece) for piece in lines)


def plain(text) -> str:
    """Document text as Plotly shows it literally: Plotly reads a subset of HTML in labels (<b>, <a href>,
    <br>), so < > & become entities, which it shows as the characters themselves."""
    return html.escape(str(text), quote=False)


LABEL_FIELDS = ("x", "y", "labels")


def escape_labels(figure: go.Figure) -> go.Figure:
    """Escape, in place, the category labels and legend names of every trace (where document text such as
    agency names ends up); hover and text markup that a builder writes on purpose is left alone."""
    for trace in figure.data:
        for name in LABEL_FIELDS:
            values = getattr(trace, name, None) if name in trace else None
            if values is not None and not isinstance(values, str) and any(isinstance(v, str) for v in values):
                trace[name] = [plain(value) if isinstance(value, str) else value for value in values]
        if "name" in trace and isinstance(trace.name, str):
            trace.name = plain(trace.name)
    return figure


def note_lines(notes) -> list[str]:
    """The non-empty notes, each wrapped and escaped (lines joined with <br>)."""
    return [_wrap(note) for note in notes if note]


NOTE_LINE_HEIGHT = 17
TITLE_LINE_HEIGHT = 22


def figure_for_export(figure: go.Figure, title: str, subtitle: str = "", notes=()) -> go.Figure:
    """The figure fit to leave the app: the title (and subtitle: measure, units) on top, the notes (active
    filters, the source line) under the plot, labels escaped, margins that grow to fit long labels (automargin)
    so nothing is clipped. The same figure is shown, exported and captured by the camera. Changed in place and
    returned (a copy of a plotly figure costs as much as building it again); pass go.Figure(figure) to keep
    the original."""
    result = escape_labels(figure)
    lines = "<br>".join(note_lines(notes))
    note_height = (lines.count("<br>") + 1) * NOTE_LINE_HEIGHT if lines else 0
    margin = result.layout.margin
    subtitle_height = (_wrap(subtitle).count("<br>") + 1) * TITLE_LINE_HEIGHT if subtitle else 0
    top = max(int(margin.t or 0), 50) + subtitle_height
    bottom = max(int(margin.b or 0), 40) + note_height + 10
    result.update_layout(
        title={"text": plain(title), "x": 0.01, "xanchor": "left", "xref": "container", "yref": "container",
               "y": 0.995, "yanchor": "top", "pad": {"t": 8},
               "subtitle": {"text": _wrap(subtitle), "font": {"size": 13, "color": "#555555"}}},
        font={"family": FONT_FAMILY},
        margin={"t": top, "b": bottom, "l": max(int(margin.l or 0), 20), "r": max(int(margin.r or 0), 20)},
        height=(result.layout.height or 450) + note_height + subtitle_height)
    result.update_xaxes(automargin=True)
    result.update_yaxes(automargin=True)
    if lines:
        result.add_annotation(text=lines, xref="paper", yref="paper", x=0, y=0, yshift=-(bottom - note_height - 6),
                              xanchor="left", yanchor="top", showarrow=False, align="left",
                              font={"size": 11, "color": "#555555"}, name="export-note")
    return result


def figure_with_source(figure: go.Figure, title: str, source_note: str) -> go.Figure:
    """The figure (changed in place) with the title on top and the source note (wrapped) below the plot."""
    return figure_for_export(figure, title, notes=[source_note])


def _ensure_server() -> None:
    """Start kaleido's sync server once per process (later calls reuse its browser)."""
    global _server_started
    with _server_lock:
        if _server_started:
            return
        try:
            import kaleido

            if hasattr(kaleido, "start_sync_server"):
                kaleido.start_sync_server(silence_warnings=True)
        except Exception:  # pragma: no cover - without the server plotly starts a browser per export
            pass
        _server_started = True


def _to_image(figure: go.Figure, image_format: str, width: int | None, height: int | None,
              scale: float = 1) -> bytes:
    _ensure_server()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(figure, format=image_format, width=width, height=height, scale=scale)


def figure_png(figure: go.Figure, width: int = 1200, height: int | None = None, scale: float = 1) -> bytes:
    """PNG bytes of (width × scale) × (height × scale) pixels (height: the figure's own, else 700); scale 2
    for a sharp picture on a projector or in print."""
    return _to_image(figure, "png", width, height or int(figure.layout.height or 700), scale)


def figure_svg(figure: go.Figure, width: int = 1200, height: int | None = None) -> bytes:
    """SVG bytes; text stays text, so Chinese titles are searchable and editable."""
    return _to_image(figure, "svg", width, height or int(figure.layout.height or 700))


def briefing_html(region: str, figures: list[tuple[str, go.Figure, str]], tables: list[tuple[str, pd.DataFrame]],
                  source_note: str, language: str = "zh") -> bytes:
    """A self-contained HTML briefing pack: title, every (title, figure, source note) as an interactive chart
    (plotly.js inline with the first one only) with its note under it, then the tables. UTF-8 bytes."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if language == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        f"<title>{html.escape(region)}</title>",
        "<style>body{font-family:" + FONT_FAMILY + ";max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
        "figure{margin:2em 0}figcaption{font-size:0.85em;color:#555}table{border-collapse:collapse;"
        "font-size:0.85em;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;"
        "white-space:pre-wrap}th{background:#f3f3f3}</style></head><body>",
        f"<h1>{html.escape(region)}</h1>",
        f'<p class="source-note">{html.escape(source_note)}</p>',
    ]
    for position, (title, figure, note) in enumerate(figures):
        chart = pio.to_html(figure, full_html=False, include_plotlyjs="inline" if position == 0 else False,
                            div_id=f"briefing-figure-{position + 1}", config={"displaylogo": False})
        parts.append(f'<figure class="briefing-figure" data-title="{html.escape(title)}">{chart}'
                     f"<figcaption>{html.escape(note)}</figcaption></figure>")
    for title, frame in tables:
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(frame.to_html(index=False, escape=True, na_rep="", border=0, classes="briefing-table"))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")

