"""A briefing deck (PPTX, python-pptx) for one region and its peers; knows nothing of Streamlit.

briefing_pptx(title, subtitle, charts, table, footer) -> bytes: a title slide; one slide per chart (its title,
the chart as a picture, its source note under it); one slide with the headline table. Every text is given in
the reader's language by the caller and written as plain text (document text stays text).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation
from pptx.util import Emu, Inches, Pt

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.4)
TITLE_HEIGHT = Inches(0.9)
NOTE_HEIGHT = Inches(0.8)
TABLE_ROWS = 14  # a slide holds this many rows; the rest are counted in the note
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


@dataclass(frozen=True)
class DeckChart:
    title: str
    png: bytes
    note: str  # the source note printed under the picture
    width: int  # pixels of the picture, for its aspect ratio
    height: int


def briefing_pptx(title: str, subtitle: str, charts: list[DeckChart], table_title: str, table: pd.DataFrame,
                  table_note: str) -> bytes:
    """The deck as bytes: 1 title slide + one slide per chart + 1 table slide."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title_slide(deck, title, subtitle)
    for chart in charts:
        chart_slide(deck, chart)
    table_slide(deck, table_title, table, table_note)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def title_slide(deck, title: str, subtitle: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    slide.shapes.title.text = title
    slide.placeholders[1].text = subtitle


def titled_slide(deck, title: str):
    """A 'title only' slide with the title box across the top."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    heading = slide.shapes.title
    heading.left, heading.top, heading.width, heading.height = MARGIN, Inches(0.2), SLIDE_WIDTH - 2 * MARGIN, \
        TITLE_HEIGHT
    heading.text = title
    heading.text_frame.paragraphs[0].font.size = Pt(28)
    return slide


def note_box(slide, text: str, top) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, NOTE_HEIGHT)
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    for paragraph in box.text_frame.paragraphs:
        paragraph.font.size = Pt(10)


def chart_slide(deck, chart: DeckChart) -> None:
    """The chart's picture as large as fits between title and note, its aspect ratio kept."""
    slide = titled_slide(deck, chart.title)
    top = Inches(0.2) + TITLE_HEIGHT
    room_width, room_height = SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - top - NOTE_HEIGHT - Inches(0.1)
    scale = min(room_width / chart.width, room_height / chart.height)
    width, height = Emu(int(chart.width * scale)), Emu(int(chart.height * scale))
    slide.shapes.add_picture(io.BytesIO(chart.png), int((SLIDE_WIDTH - width) / 2), top, width, height)
    note_box(slide, chart.note, top + height + Inches(0.05))


def table_slide(deck, title: str, frame: pd.DataFrame, note: str) -> None:
    """The first TABLE_ROWS rows of the table, every cell as text."""
    slide = titled_slide(deck, title)
    shown = frame.head(TABLE_ROWS)
    top = Inches(0.2) + TITLE_HEIGHT
    rows, columns = len(shown) + 1, max(len(shown.columns), 1)
    height = SLIDE_HEIGHT - top - NOTE_HEIGHT - Inches(0.1)
    grid = slide.shapes.add_table(rows, columns, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height).table
    for column, name in enumerate(shown.columns):
        write_cell(grid.cell(0, column), str(name), bold=True)
    for row, values in enumerate(shown.itertuples(index=False, name=None), start=1):
        for column, value in enumerate(values):
            write_cell(grid.cell(row, column), "" if value is None or value != value else str(value))
    note_box(slide, note, SLIDE_HEIGHT - NOTE_HEIGHT)


def write_cell(cell, text: str, bold: bool = False) -> None:
    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        paragraph.font.size = Pt(11)
        paragraph.font.bold = bold
