"""Bands of the Herfindahl-Hirschman index, apart from the agency-load stage so that the pages can name a
band without importing the ETL's stages (etl/derive/__init__ imports every stage and its libraries)."""

import pandas as pd

# US DoJ / FTC Horizontal Merger Guidelines (2010), section 5.3: HHI below 1500 unconcentrated, 1500-2500
# moderately concentrated, above 2500 highly concentrated (on the 0-10 000 scale; here divided by 10 000).
# The 2023 Merger Guidelines lowered the "highly concentrated" line to 1800; this stage keeps the 2010 bands,
# the ones the dashboard cites.
HHI_MODERATE_FROM = 0.15
HHI_HIGH_ABOVE = 0.25


def hhi_band(value: float | None) -> str | None:
    """Band of an HHI (0-1 scale) by the 2010 DoJ/FTC thresholds: 'unconcentrated' | 'moderate' | 'high'.

    Both thresholds belong to the moderate band, as in the guidelines ("between 1500 and 2500"). The value is
    rounded to 9 decimals first so that floating-point noise does not push 0.25 over the line.
    """
    if value is None or pd.isna(value):
        return None
    rounded = round(float(value), 9)
    if rounded < HHI_MODERATE_FROM:
        return "unconcentrated"
    if rounded > HHI_HIGH_ABOVE:
        return "high"
    return "moderate"
