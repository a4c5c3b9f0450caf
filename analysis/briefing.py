"""Briefing-ready exports of plotly figures (issue 6); knows nothing of Streamlit.

- figure_with_source: a copy of a figure with its title and a source-note annotation under the plot;
- figure_png / figure_svg: static images through kaleido 1.x (Chromium). kaleido's sync server is started once
  per process, so only the first export pays for starting the browser (about 4 s; later ones about 0.3 s);
- briefing_html: one self-contained HTML page (plotly.js inline once) holding every chart with its source
  note, and the tables, for a briefing pack.
"""

from __future__ import annotations

import html
import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

FONT_FAMILY = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
NOTE_WIDTH = 140  # characters per line of the source note (CJK characters count as two)
_server_lock = threading.Lock()
_server_started = False


def _wrap(text: str, width: int = NOTE_WIDTH) -> str:
    """Break a long note into lines joined with <br>, counting CJK characters as double width."""
    lines, line, length = [], "", 0
    for character in text:
        size = 2 if ord(character) > 0x2E80 else 1
        if length + size > width and line:
            lines.append(line)
            line, length = "", 0
        line += character
        length += size
    if line:
        lines.append(line)
    return "<br>".join(html.escape(piece) for piece in lines)


def figure_with_source(figure: go.Figure, title: str, source_note: str) -> go.Figure:
    """A copy of the figure with the title on top and the source note (wrapped) below the plot area."""
    result = go.Figure(figure)
    note_lines = _wrap(source_note).count("<br>") + 1
    bottom = int((result.layout.margin.b or 80)) + 16 * note_lines
    result.update_layout(
        title={"text": html.escape(title), "x": 0.01, "xanchor": "left"},
        font={"family": FONT_FAMILY},
        margin={"b": bottom, "t": max(int(result.layout.margin.t or 0), 70)},
        height=(result.layout.height or 450) + 16 * note_lines,
    )
    result.add_annotation(text=_wrap(source_note), xref="paper", yref="paper", x=0, y=0, yshift=-bottom + 8,
                          xanchor="left", yanchor="bottom", showarrow=False, align="left",
                          font={"size": 11, "color": "#555555"})
    return result


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


def _to_image(figure: go.Figure, image_format: str, width: int | None, height: int | None) -> bytes:
    _ensure_server()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(figure, format=image_format, width=width, height=height)


def figure_png(figure: go.Figure, width: int = 1200, height: int | None = None) -> bytes:
    """PNG bytes of exactly width × height pixels (height: the figure's own, else 700)."""
    return _to_image(figure, "png", width, height or int(figure.layout.height or 700))


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

