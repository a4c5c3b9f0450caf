"""Which regions a chart or table shows when there are too many to draw: the N regions with most of a
measure, one page at a time, and the chosen region always among them. Pure pandas; knows nothing of
Streamlit. The page says how many of how many it shows (views.shared.region_window)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

SHOWN_REGIONS = 20  # the default N: a heatmap or bar chart stays readable


def ranked_regions(weights: Mapping[str, float] | pd.Series, order: Sequence[str]) -> list[str]:
    """The regions of `order` that have a weight, by weight (largest first); ties keep the order of `order`."""
    weights = pd.Series(weights, dtype="float64")
    position = pd.Series(range(len(order)), index=list(order), dtype="int64")
    known = position[position.index.isin(weights.index)]
    frame = pd.DataFrame({"weight": weights.reindex(known.index).to_numpy(), "position": known.to_numpy()},
                         index=known.index)
    return frame.sort_values(["weight", "position"], ascending=[False, True], kind="stable").index.tolist()


def kept_regions(ranked: Sequence[str], keep: Iterable[str]) -> list[str]:
    """The regions of `keep` that the ranking holds, once each, in the order of `keep`."""
    known = set(ranked)
    return [region for region in dict.fromkeys(keep) if region in known]


def page_of(ranked: Sequence[str], shown: int, page: int = 1, keep: Iterable[str] = ()) -> list[str]:
    """Page `page` (from 1) of `shown` regions of a ranking; the regions of `keep` that are ranked come first
    on every page and count towards `shown`."""
    kept = kept_regions(ranked, keep)
    rest = [region for region in ranked if region not in kept]  # kept: a handful
    room = max(shown - len(kept), 0)
    start = (max(page, 1) - 1) * room
    return kept + rest[start:start + room]


def page_count(total: int, shown: int, kept: int = 0) -> int:
    """How many pages of `shown` regions a ranking of `total` takes (`kept` of them on every page)."""
    room = max(shown - kept, 1)
    return max(-(-(total - kept) // room), 1)


def distinct_names(region_ids: Sequence[str], names: Sequence[str]) -> dict[str, str]:
    """region_id → the name a page shows: the region's name, with its id in brackets when several regions
    share that name (two lists of one city added as two regions), so that no two columns, bars or options
    carry the same label."""
    counts = Counter(names)
    return {region_id: f"{name} ({region_id})" if counts[name] > 1 else name
            for region_id, name in zip(region_ids, names, strict=True)}
