"""The coding-reliability figure and table (table coding_agreement): pure pandas and plotly.

Input: analysis/queries.coding_agreement (one sample: per code, plus the pooled row code 'all', with the
codebook's labels); `language` is 'zh' or 'en'.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.themes import FONT

POOLED = "all"
BANDS = ((0.8, 1.0, "#d9f0d3"), (0.6, 0.8, "#eeeeee"))  # Landis & Koch (1977): almost perfect, substantial


def scheme_rows(agreement: pd.DataFrame, scheme: str, language: str, pooled_label: str) -> pd.DataFrame:
    """One scheme's rows with a `label` column: the codebook label, or pooled_label for the pooled row."""
    rows = agreement[agreement["scheme"] == scheme].copy()
    codebook_label = rows["label_en" if language == "en" else "label_zh"]
    rows["label"] = codebook_label.where(rows["code"] != POOLED, pooled_label).fillna(rows["code"])
    return rows


def kappa_chart(rows: pd.DataFrame, title: str, axis_title: str, hover_words: tuple[str, str]) -> go.Figure:
    """κ per code with its 95% interval, lowest at the bottom; the pooled figure as a dashed line.
    hover_words = (word for 'hand-coded tasks', word for 'precision / recall')."""
    codes = rows[rows["code"] != POOLED].dropna(subset=["kappa"]).sort_values("kappa")
    pooled = rows[rows["code"] == POOLED]
    shapes = [{"type": "rect", "xref": "x", "yref": "y domain", "x0": low, "x1": high, "y0": 0, "y1": 1,
               "fillcolor": colour, "opacity": 0.6, "layer": "below", "line": {"width": 0}}
              for low, high, colour in BANDS]
    annotations = []
    if not pooled.empty:
        kappa = float(pooled["kappa"].iloc[0])
        shapes.append({"type": "line", "xref": "x", "yref": "y domain", "x0": kappa, "x1": kappa, "y0": 0, "y1": 1,
                       "line": {"dash": "dash", "color": "#c0392b"}})
        annotations.append({"text": f"{pooled['label'].iloc[0]} {kappa:.2f}", "x": kappa, "xref": "x", "y": 1,
                            "yref": "y domain", "xanchor": "center", "yanchor": "bottom", "showarrow": False})
    return go.Figure(data=[{
        "type": "scatter", "x": codes["kappa"], "y": codes["label"], "mode": "markers",
        "marker": {"size": 9, "color": "#2c7fb8"},
        "error_x": {"type": "data", "symmetric": False, "array": codes["kappa_high"] - codes["kappa"],
                    "arrayminus": codes["kappa"] - codes["kappa_low"], "color": "#9ecae1"},
        "customdata": codes[["hand_tasks", "n", "precision", "recall", "kappa_low", "kappa_high"]].to_numpy(),
        "hovertemplate": ("%{y}: κ = %{x:.2f} [%{customdata[4]:.2f}, %{customdata[5]:.2f}]<br>"
                          "%{customdata[0]} / %{customdata[1]} " + hover_words[0] + "<br>" + hover_words[1]
                          + " %{customdata[2]:.2f} / %{customdata[3]:.2f}<extra></extra>")}],
        layout={"title": title, "xaxis": {"title": axis_title, "range": [-0.2, 1.05]}, "font": {"family": FONT},
                "height": max(360, 26 * len(codes) + 140), "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
                "shapes": shapes, "annotations": annotations})


def agreement_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The figures behind the chart, pooled row last, rounded for reading."""
    shown = rows[["label", "code", "n", "hand_tasks", "auto_tasks", "both_tasks", "kappa", "kappa_low",
                  "kappa_high", "precision", "recall"]]
    return shown.round({"kappa": 2, "kappa_low": 2, "kappa_high": 2, "precision": 2, "recall": 2})
