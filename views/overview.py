"""Overview: the documents side by side, so a newcomer sees at once who wrote which list."""

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.i18n import format_date, join, label_of
from views.shared import download_buttons, language, query, show_table, source_caption, t

st.title(t("app_title"))
documents = query("documents_overview")
lang = language()
names = documents["region_en" if lang == "en" else "region_zh"]
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
        notes.append(t("overview_issuer_note", region=row.region, kind=row.kind,
                       issuer=row.issuer if isinstance(row.issuer, str) else t("not_stated"),
                       description=row.description))
    return notes


st.info("\n\n".join([t("overview_intro", n=len(documents)), *issuer_notes()]))


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
    t("implementer_units"): counts("implementer_units"),
    t("deadline_span"): documents.apply(deadline_span, axis=1),
    t("tasks_with_deadline"): counts("tasks_with_deadline"),
    t("warnings"): counts("warnings"),
    t("description"): descriptions,
}
side_by_side = pd.DataFrame({name: [values.iloc[i] for values in rows.values()] for i, name in enumerate(names)},
                            index=list(rows))
show_table(side_by_side, width="stretch", height=610)

columns = st.columns(len(documents))
for column, (_, row), name, description in zip(columns, documents.iterrows(), names, descriptions, strict=True):
    column.metric(name, int(row["tasks"]), help=description or None)

chart_data = documents.assign(region=names).rename(columns={"tasks": t("tasks"), "safeguards": t("safeguards")})
figure = px.bar(chart_data, x="region", y=[t("tasks"), t("safeguards")], title=t("tasks_by_region"),
                labels={"value": t("tasks"), "region": t("region"), "variable": ""})
figure.update_layout(legend_title_text="", height=340)
st.plotly_chart(figure, width="stretch")

with st.expander(f"{t('warnings')} ({int(documents['warnings'].sum())})"):
    warnings = query("etl_warnings")
    show_table(warnings, width="stretch", hide_index=True)
download_buttons(side_by_side.rename_axis(t("field")).reset_index(), "documents_overview", "overview")
source_caption()
