"""Rows as plain Python values, for stages whose work is per task or per region: a pandas group per task costs
more than the work on it, and a frame built from records and then retyped costs more than one built column by
column."""

from __future__ import annotations

import pandas as pd


def rows_by(frame: pd.DataFrame, key: str, *columns: str) -> dict[str, list[tuple]]:
    """{value of `key`: [(its row's values of `columns`) for each of its rows]}, keys in order of first
    appearance, each key's rows in table order."""
    grouped: dict[str, list[tuple]] = {}
    for value, *values in zip(*(frame[column].tolist() for column in (key, *columns)), strict=True):
        grouped.setdefault(value, []).append(tuple(values))
    return grouped


def rows_frame(rows: list[dict], columns: list[str], types: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows (dicts with these keys) as a frame with these column types, built column by column; other
    columns as pandas infers them, object when there are no rows."""
    types = types or {}
    return pd.DataFrame({column: pd.array([row[column] for row in rows], dtype=types.get(column, object))
                         if column in types or not rows else [row[column] for row in rows] for column in columns})
