"""What every page shares: the language switch, the database snapshot of this run, cached queries, tables
for people, and the one way charts and tables leave the app (show_chart, download_buttons: the source,
filters, build date and version on every image and in every XLSX). Only this folder's modules and app.py
import streamlit."""

import atexit
import gc
import time
from pathlib import Path

import plotly.io as pio
import streamlit as st

from analysis import queries
from analysis.briefing import figure_for_export, figure_png, figure_svg
from analysis.database import VersionGone, database_identity, database_path, open_snapshot
from analysis.deck import DeckChart, briefing_pptx
from analysis.exports import csv_bytes, xlsx_bytes
from analysis.i18n import LANGUAGES, format_number, has_text, is_missing, supported, text
from analysis.provenance import Provenance, about_rows, built_on, filters_line, source_line
from analysis.ranking import SHOWN_REGIONS, distinct_names, kept_regions, page_count, page_of, ranked_regions
from etl.background import database_builder
from etl.paths import manifest_path, raw_directory
from views import url_state

RUN_IDENTITY = "_database_identity"
PROGRESS_POLL_SECONDS = 0.4
ROWS_SHOWN = 500  # rows of a long table drawn on a page; its downloads carry every row of the filter
KWIC_TASKS = 200  # tasks whose keyword-in-context lines are shown; the counts above them are of every task


@st.cache_resource(show_spinner=False)
def freeze_start_up_objects() -> bool:
    """Once per server process, after its first run: move what lives as long as the server (modules, Streamlit's
    and plotly's machinery, the catalogue, the database snapshot) out of the garbage collector's sight
    (gc.freeze). A full collection then scans only what pages create since, instead of pausing a page's run
    for 100-200 ms every few renders to walk ~170,000 long-lived objects again. They are unfrozen at exit, so
    the interpreter's last collection still releases them (extension modules check for leaks then)."""
    gc.collect()
    gc.freeze()
    atexit.register(gc.unfreeze)
    return True


def language() -> str:
    """The chosen language: the sidebar switch, seeded from the URL (?lang=en) so a shared link keeps it."""
    if "language" not in st.session_state:
        requested = st.query_params.get("lang")
        st.session_state["language"] = supported(requested)
        if requested is not None and requested not in LANGUAGES:
            url_state.notice("lang")
    return st.session_state["language"]


@st.cache_resource(show_spinner=False)
def app_icon():
    """The browser tab's icon, drawn here: a Material icon would be fetched from a font server."""
    from PIL import Image, ImageDraw

    icon = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    for left, top in ((4, 16), (13, 6), (22, 11)):
        draw.rectangle((left, top, left + 6, 28), fill=(31, 95, 168, 255))
    return icon


def t(key: str, **values) -> str:
    """The catalogue's text for `key` in the chosen language (analysis/i18n.py; locales/<language>.yaml)."""
    return text(key, language(), **values)


def language_switch() -> None:
    language()
    st.sidebar.radio(t("language_switch"), list(LANGUAGES), format_func=lambda code: t(f"language_name_{code}"),
                     key="language", horizontal=True)
    st.query_params["lang"] = st.session_state["language"]


# --- The database: built once on first start, one snapshot per run -----------------------------------------

@st.cache_resource(show_spinner=False)
def database_build(path: str):
    """The one background build of this server process for `path` (shared by every session), from the
    manifest and raw folder of etl.paths (POLICY_MANIFEST / POLICY_RAW_DIR in tests)."""
    return database_builder(path, manifest_path(), raw_directory())


def wait_for_database() -> None:
    """On first start (no database yet): start the one build, show its progress, rerun when it is done."""
    st.title(t("first_start_title"))
    st.info(t("first_start_intro"))
    build = database_build(str(database_path()))
    if build.status.state in ("idle", "done"):
        build.start()
    bar, log = st.progress(0.0), st.empty()
    while build.running():
        status = build.status
        fraction = status.done / status.total if status.total else 0.0
        bar.progress(min(fraction, 1.0), text=t("first_start_progress", done=status.done, total=status.total or "…"))
        log.code("\n".join(status.messages[-8:]) or "…", language=None)
        time.sleep(PROGRESS_POLL_SECONDS)
    if build.status.state == "failed":
        st.error(t("first_start_failed"))
        st.code(build.status.error, language=None)
        if st.button(t("first_start_retry"), key="first_start_retry"):
            build.start()
            st.rerun()
        st.stop()
    st.rerun()


PIN_ATTEMPTS = 5


def pin_database() -> None:
    """Take the database version this run reads (built first if missing); every query of the run uses it."""
    path = str(database_path())
    for _ in range(PIN_ATTEMPTS):
        identity = database_identity()
        if identity is None:
            wait_for_database()
        try:
            snapshot(path, identity)
            break
        except (VersionGone, FileNotFoundError):  # replaced between looking and opening: look again
            continue
    st.session_state[RUN_IDENTITY] = identity


@st.cache_resource(show_spinner=False, max_entries=4)
def snapshot(path: str, identity: str):
    """The read-only snapshot of one database version; runs still using an evicted one keep it alive."""
    return open_snapshot(Path(path), identity)


def query(name: str, *arguments, **keyword_arguments):
    """Run analysis.queries.<name> on this run's snapshot, cached by version and arguments. If that version
    is gone (replaced and evicted since the run began), the run starts again on the current one."""
    identity = st.session_state.get(RUN_IDENTITY) or database_identity()
    try:
        return cached_query(str(database_path()), identity, name, arguments,
                            tuple(sorted(keyword_arguments.items())))
    except VersionGone:
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=512)
def cached_query(path: str, identity: str, name: str, arguments: tuple, keyword_arguments: tuple):
    return getattr(queries, name)(snapshot(path, identity), *arguments, **dict(keyword_arguments))


def region_names() -> dict:
    frame = query("regions")
    column = "region_en" if language() == "en" else "region_zh"
    return distinct_names(frame["region_id"].tolist(), frame[column].tolist())


# --- Many regions: the top N of a ranking, one page at a time ---------------------------------------------------

SHOWN_CHOICES = (10, 20, 50, 100)


def region_window(weights, key: str, *, keep=(), container=None) -> list[str]:
    """The regions a chart or table shows: the N (a control, in the URL) with the largest `weights`
    (region_id → number, e.g. tasks), one page at a time, the regions of `keep` on every page. With no more
    regions than the smallest N, every region with a weight and no control. Says under the control how many
    of how many. The regions come in the order of region_names() (so a small corpus keeps its order)."""
    order = list(region_names())
    ranked = ranked_regions(weights, order)
    window = ranked
    if len(ranked) > SHOWN_CHOICES[0]:
        place = container or st
        left, right = place.columns(2)
        shown = url_state.choice(t("regions_shown"), SHOWN_CHOICES, key=f"{key}_shown", parameter=f"{key}_n",
                                 default=SHOWN_REGIONS, container=left, help=t("regions_shown_help"))
        pages = page_count(len(ranked), shown, len(kept_regions(ranked, keep)))
        page_labels = {number: t("regions_page_of", page=number, pages=pages) for number in range(1, pages + 1)}
        page = url_state.choice(t("regions_page"), list(page_labels), key=f"{key}_page",
                                parameter=f"{key}_page", container=right, format_func=page_labels.get)
        window = page_of(ranked, shown, page, keep)
        place.caption(t("regions_window", shown=len(window), total=len(ranked)))
    chosen = set(window)
    return [region for region in order if region in chosen]


# --- Tables for people: localized headers, no None/nan cells ---------------------------------------------

def column_labels(frame) -> dict[str, str]:
    """Headers of the columns the catalogue names (column_<name>) in the chosen language; columns it does not
    name (already localized ones, region names) keep their names."""
    return {column: t(f"column_{column}") for column in frame.columns
            if isinstance(column, str) and has_text(f"column_{column}")}


def readable(frame, hidden=()):
    """A copy for people: the missing cells of the shown columns blank instead of None/nan (whole numbers
    as written, other numbers in the locale's format)."""
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if column in hidden or not values.isna().any():
            continue
        shown[column] = [cell_text(value) for value in values]
    return shown


def cell_text(value) -> str:
    """One cell of a column with gaps, as text: '' for a gap, whole numbers without separators (years,
    line numbers), other numbers in the locale's format."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    return format_number(value, language()) if isinstance(value, int | float) else str(value)


def show_table(frame, column_config=None, **options):
    """st.dataframe with localized headers and blank missing cells. The caller's column_config entries win;
    a column configured as None is hidden (it stays in the data, untouched)."""
    config = {**column_labels(frame), **(column_config or {})}
    hidden = [column for column, setting in config.items() if setting is None]
    return st.dataframe(readable(frame, hidden), column_config=config, **options)


# --- Leaving the app: charts and tables with their source ---------------------------------------------------

PNG_WIDTH = 1200  # CSS pixels of an exported chart; the PNG is drawn at twice that (PNG_SCALE)
PNG_SCALE = 2
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def provenance(regions=None, filters=None) -> Provenance:
    """The documents behind a view (of `regions`, default all), the filters active so far in this run
    (or `filters`), the database's build date: what an export says about where it comes from."""
    documents = query("document_sources")
    if regions:
        documents = documents[documents["region_id"].isin(list(regions))]
    built = query("build_date") or built_on(st.session_state.get(RUN_IDENTITY))
    return Provenance(documents, language(), built,
                      tuple(url_state.active_filters() if filters is None else filters))


def export_notes(origin: Provenance) -> list[str]:
    return [filters_line(origin), source_line(origin)]


def export_chart(figure, title: str, *, subtitle: str = "", regions=None, filters=None):
    """The chart as it leaves the app: title, subtitle (measure, units), the active filters and the source
    line drawn on it; labels escaped; margins that fit long labels."""
    return figure_for_export(figure, title, subtitle, export_notes(provenance(regions, filters)))


def show_chart(figure, key: str, title: str, *, subtitle: str = "", regions=None, filters=None,
               stem: str | None = None, container=None, **options):
    """Draw a chart as it leaves the app (export_chart) with PNG and SVG buttons right under it; the camera
    button of the chart's toolbar saves the same picture. Returns st.plotly_chart's value (the selection,
    with on_select)."""
    shown = export_chart(figure, title, subtitle=subtitle, regions=regions, filters=filters)
    return draw_chart(shown, key, stem or key, container, **options)


def draw_chart(shown, key: str, stem: str, container=None, **options):
    """st.plotly_chart of an exported chart, its camera set to the PNG export's size, and its buttons."""
    height = int(shown.layout.height or 500)
    config = {"displaylogo": False, "toImageButtonOptions": {
        "format": "png", "filename": stem, "width": PNG_WIDTH, "height": height, "scale": PNG_SCALE}}
    place = container or st
    event = place.plotly_chart(shown, width="stretch", key=key, config=config, **options)
    image_buttons(shown, stem, key, place)
    return event


@st.cache_data(show_spinner=False, max_entries=64)
def image_bytes(figure_json: str, image_format: str) -> bytes:
    """PNG (at twice the size) or SVG of a figure, cached by its JSON; made only when a button asks."""
    figure = pio.from_json(figure_json)
    if image_format == "png":
        return figure_png(figure, PNG_WIDTH, scale=PNG_SCALE)
    return figure_svg(figure, PNG_WIDTH)


def image_buttons(figure, stem: str, key: str, place=st) -> None:
    """PNG and SVG download buttons; the image (and the figure's JSON it is cached by) is made when a button is
    clicked: kaleido is slow to start, and a page run should not serialize every chart twice."""
    row = place.container(horizontal=True)
    row.download_button(t("download_png"), lambda: image_bytes(figure.to_json(), "png"), f"{stem}.png",
                        "image/png", key=f"{key}-png", on_click="ignore", icon=":material/image:")
    row.download_button(t("download_svg"), lambda: image_bytes(figure.to_json(), "svg"), f"{stem}.svg",
                        "image/svg+xml", key=f"{key}-svg", on_click="ignore", icon=":material/polyline:")


def deck_button(title: str, subtitle: str, charts: list[tuple[str, object]], table_title: str, frame,
                stem: str, key: str, regions=None) -> None:
    """One click builds the briefing deck (PPTX): title slide, one slide per (title, exported chart) with
    the source line under its picture, the headline table."""
    origin = provenance(regions)
    note = source_line(origin)
    exported = table_file(frame)

    def build() -> bytes:
        slides = [DeckChart(chart_title, image_bytes(figure.to_json(), "png"), note, PNG_WIDTH,
                            int(figure.layout.height or 500)) for chart_title, figure in charts]
        return briefing_pptx(title, subtitle, slides, table_title, exported, note)

    st.download_button(t("download_pptx"), build, f"{stem}.pptx", PPTX_TYPE, key=key, on_click="ignore",
                       type="primary", icon=":material/slideshow:")


def table_file(frame):
    """The table as exported: the columns shown, headers in the chosen language, blank missing cells (`frame`
    may be a function returning the table)."""
    frame = frame() if callable(frame) else frame
    return readable(frame).rename(columns=column_labels(frame))


def download_buttons(frame, stem: str, key: str, title: str | None = None, regions=None, filters=None,
                     place=st) -> None:
    """CSV (UTF-8 with BOM for Excel) and XLSX (with its sheet "About": sources, filters, build date,
    version, citation) of exactly the table shown, headers in the chosen language. Built when clicked;
    `frame` may also be a function returning the table (a large table made only then)."""
    origin = provenance(regions, filters)
    row = place.container(horizontal=True)
    row.download_button(t("download_csv"), lambda: csv_bytes(table_file(frame)), f"{stem}.csv", "text/csv",
                        key=f"{key}-csv", on_click="ignore", icon=":material/table:")
    row.download_button(t("download_xlsx"), lambda: xlsx_bytes(table_file(frame), stem,
                                                                about_rows(origin, title or stem)), f"{stem}.xlsx",
                        XLSX_TYPE, key=f"{key}-xlsx", on_click="ignore", icon=":material/grid_on:")


def table(frame, stem: str, title: str, *, regions=None, filters=None, column_config=None, **options):
    """A table with its CSV and XLSX downloads right under it (show_table + download_buttons)."""
    shown = show_table(frame, column_config=column_config, **options)
    hidden = [column for column, setting in (column_config or {}).items() if setting is None]
    download_buttons(frame.drop(columns=hidden, errors="ignore"), stem, f"{stem}-table", title, regions,
                     filters)
    return shown


def share_link() -> None:
    """The sidebar's copy-link box: this page's URL with every selection (st.code has a copy button)."""
    base = getattr(st.context, "url", None)
    st.sidebar.caption(t("share_link"), help=t("share_link_help"))
    st.sidebar.code(url_state.share_url(base), language=None, wrap_lines=True)


# --- Drill-down: a click opens the tasks behind a bar, cell or row --------------------------------------------

TASKS_PAGE = "views/tasks.py"


def open_tasks(**filters) -> None:
    """Open the task explorer filtered by the given URL parameters (region, agency, theme, function, group,
    q, task …; a list is repeated), in the chosen language."""
    parameters = {name: value for name, value in filters.items() if value not in (None, "", [])}
    st.switch_page(TASKS_PAGE, query_params={**parameters, "lang": language()})


def picked_point(event):
    """customdata of the point a chart's click selected (None without a click)."""
    points = event.selection.points if event else []
    return points[0].get("customdata") if points else None


def picked_cell(event):
    """(row position, column name) of the table cell a click selected (None without a click)."""
    cells = event.selection.cells if event else []
    return tuple(cells[0]) if cells else None


MARKDOWN_SPECIALS = str.maketrans({character: "\\" + character for character in "\\`*_{}[]()#+-.!|<>$~:"})


def literal(value) -> str:
    """Text from a document or the manifest made safe to embed in markdown: every markdown character
    escaped, so a link, emphasis or HTML in it is shown as typed."""
    return str(value).translate(MARKDOWN_SPECIALS)


def question(key: str) -> None:
    """The page's opening sentence: the question it answers."""
    st.caption(t(key))


def source_caption() -> None:
    st.caption(t("data_note"))
