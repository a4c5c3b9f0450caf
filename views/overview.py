"""Overview: the four documents side by side, so a newcomer sees at once who wrote which list."""

import pandas as pd
import plotly.express as px
import streamlit as st

from analysis.labels import label
from views.shared import download_buttons, language, query, source_caption, t

st.title(t("app_title"))
st.info(t("overview_intro"))

documents = query("documents_overview")
lang = language()


def deadline_span(row) -> str:
    if pd.isna(row["first_deadline_year"]):
        return t("ongoing_tasks") if row["ongoing_tasks"] else t("none")
    span = f"{int(row['first_deadline_year'])}–{int(row['last_deadline_year'])}"
    return span + (f"（{t('ongoing_tasks')} {int(row['ongoing_tasks'])}）" if row["ongoing_tasks"] else "")


def level_text(row) -> str:
    kind = label(row["issuer_kind"] or "", lang)
    level = label(row["admin_level"], lang) if row["admin_level"] != "province" else label("province_level", lang)
    return f"{kind} · {level}"


rows = {
    t("province"): documents["province_zh"],
    t("issuer"): documents["issuer"].fillna(t("not_stated")),
    t("issuer_kind"): documents.apply(level_text, axis=1),
    t("title"): documents["title"],
    t("issued_on"): documents["issued_on"].astype("string").fillna(t("not_stated")),
    t("layout"): documents["layout"].map(lambda layout: label(layout, lang)),
    t("tasks"): documents["tasks"].astype(str),
    t("safeguards"): documents["safeguards"].astype(str),
    t("lead_agencies"): documents["lead_agencies"].astype(str),
    t("support_agencies"): documents["support_agencies"].astype(str),
    t("implementer_units"): documents["implementer_units"].astype(str),
    t("deadline_span"): documents.apply(deadline_span, axis=1),
    t("tasks_with_deadline"): documents["tasks_with_deadline"].astype(str),
    t("warnings"): documents["warnings"].astype(str),
    t("description"): documents["description_en" if lang == "en" else "description_zh"],
}
names = documents["region_en" if lang == "en" else "region_zh"]
side_by_side = pd.DataFrame({name: [values.iloc[i] for values in rows.values()] for i, name in enumerate(names)},
                            index=list(rows))
st.dataframe(side_by_side, width="stretch", height=570)

columns = st.columns(len(documents))
for column, (_, row) in zip(columns, documents.iterrows(), strict=True):
    column.metric(row["region_en"] if lang == "en" else row["region_zh"], int(row["tasks"]),
                  help=row["description_en" if lang == "en" else "description_zh"])

chart_data = documents.assign(region=names)
figure = px.bar(chart_data, x="region", y=["tasks", "safeguards"], title=t("tasks_by_region"),
                labels={"value": t("tasks"), "region": t("region"), "variable": ""})
figure.update_layout(legend_title_text="", height=340)
st.plotly_chart(figure, width="stretch")

with st.expander(f"{t('warnings')} ({int(documents['warnings'].sum())})"):
    warnings = query("etl_warnings")
    st.dataframe(warnings, width="stretch", hide_index=True)
download_buttons(side_by_side.reset_index(names="field"), "documents_overview", "overview")
source_caption()
