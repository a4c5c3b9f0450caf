"""Overview: the documents side by side, so a newcomer sees at once who wrote which list."""

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.i18n import format_date, join, label_of
from analysis.ranking import distinct_names
from views.shared import (
    download_buttons,
    language,
    literal,
    open_tasks,
    picked_cell,
    picked_point,
    query,
    question,
    region_window,
    show_chart,
    show_table,
    source_caption,
    t,
    table,
)

st.title(t("app_title"))
question("question_overview")
every_document = query("documents_overview")
lang = language()
intro = st.empty()  # filled below, once the shown lists are known
# With many lists: the regions with most tasks, a page at a time (every column is one list).
shown = region_window(every_document.groupby("region_id")["tasks"].sum(), "overview_regions")
documents = every_document[every_document["region_id"].isin(shown)].reset_index(drop=True)
# One column per list: a name shared by two lists (two of one city, or two cities of one name) gets the list's id
names = pd.Series(list(distinct_names(documents["doc_id"].tolist(),
                                      documents["region_en" if lang == "en" else "region_zh"].tolist()).values()),
                  dtype=object)
descriptions = documents["description_en" if lang == "en" else "description_zh"].fillna("")


def issuer_notes() -> list[str]:
    """Who issued the lists, by kind of issuer; the lists of a less common kind are pointed out with their
    own description, so a reader does not compare a college's list with a government's unawares."""
    kinds = documents.assign(region=names, description=descriptions,
                             kind=documents["issuer_kind"].map(lambda kind: label_of("issuer_kind", kind, lang)))
    groups = kinds.groupby("kind", sort=False)["region"].agg(list)
    if len(groups) < 2:
        return []
    largest = groups.map(len).max()
    notes = [t("overview_issuers", groups=t("clause_separator").join(
        t("overview_issuer_group", kind=kind, n=len(regions), regions=join(regions, lang))
        for kind, regions in groups.items()))]
    for row in kinds[kinds["kind"].map(groups.map(len)) < largest].itertuples():
        notes.append(t("overview_issuer_note", region=literal(row.region), kind=row.kind,
                       issuer=literal(row.issuer) if isinstance(row.issuer, str) else t("not_stated"),
                       description=literal(row.description)))
    return notes


intro.info("\n\n".join([t("overview_intro", n=len(every_document)), *issuer_notes()]))


def deadline_span(row) -> str:
    if pd.isna(row["first_deadline_year"]):
        return t("ongoing_tasks") if row["ongoing_tasks"] else t("none")
    span = f"{int(row['first_deadline_year'])}–{int(row['last_deadline_year'])}"
    ongoing = int(row["ongoing_tasks"])
    return span + (t("overview_ongoing_count", label=t("ongoing_tasks"), n=ongoing) if ongoing else "")


def level_text(row) -> str:
    return t("overview_issuer_level", kind=label_of("issuer_kind", row["issuer_kind"], lang),
             level=label_of("admin_level", row["admin_level"], lang))


def issued_on(value) -> str:
    return format_date(value, lang) or t("not_stated")


def counts(column: str) -> pd.Series:
    return documents[column].fillna(0).astype(int).astype(str)


rows = {
    t("province"): documents["province_zh"],
    t("issuer"): documents["issuer"].fillna(t("not_stated")),
    t("issuer_kind"): documents.apply(level_text, axis=1),
    t("title"): documents["title"],
    t("document_number"): documents["document_number"].fillna(t("not_stated")),
    t("issued_on"): documents["issued_on"].map(issued_on),
    t("layout"): documents["layout"].map(lambda layout: label_of("layout", layout, lang)),
    t("tasks"): counts("tasks"),
    t("safeguards"): counts("safeguards"),
    t("lead_agencies"): counts("lead_agencies"),
    t("support_agencies"): counts("support_agencies"),
    t("responsible_agencies"): counts("responsible_agencies"),
    t("implementer_units"): counts("implementer_units"),
    t("deadline_span"): documents.apply(deadline_span, axis=1),
    t("tasks_with_deadline"): counts("tasks_with_deadline"),
    t("warnings"): counts("warnings"),
    t("description"): descriptions,
}
side_by_side = pd.DataFrame({name: [values.iloc[i] for values in rows.values()] for i, name in enumerate(names)},
                            index=list(rows))
region_of = dict(zip(names, documents["region_id"], strict=True))
event = show_table(side_by_side, width="stretch", height=645, key="overview_table", on_select="rerun",
                   selection_mode="single-cell")
download_buttons(side_by_side.rename_axis(t("field")).reset_index(), "documents_overview", "overview",
                 t("app_title"))
cell = picked_cell(event)
if cell and cell[1] in region_of:  # a click on a region's column opens its tasks
    open_tasks(region=region_of[cell[1]])

columns = st.columns(len(documents))
for column, (_, row), name, description in zip(columns, documents.iterrows(), names, descriptions, strict=True):
    column.metric(literal(name), int(row["tasks"]), help=literal(description) if description else None)

chart_data = documents.assign(region=names).rename(columns={"tasks": t("tasks"), "safeguards": t("safeguards")})
figure = px.bar(chart_data, x="region", y=[t("tasks"), t("safeguards")], custom_data=["region_id"],
                labels={"value": t("tasks"), "region": t("region"), "variable": ""})
figure.update_layout(legend_title_text="", height=340, clickmode="event+select")
event = show_chart(figure, "overview_tasks_chart", t("tasks_by_region"), subtitle=t("drill_hint"),
                   on_select="rerun", selection_mode="points")
if picked_point(event):
    open_tasks(region=picked_point(event)[0])

with st.expander(f"{t('warnings')} ({int(every_document['warnings'].sum())})"):
    warnings = query("etl_warnings")
    table(warnings, "etl_warnings", t("warnings"), width="stretch", hide_index=True)
source_caption()
