"""Widgets whose value lives in the URL, so a copied link reopens the same view.

Each wrapper draws one Streamlit widget under `key`, and:
- on the page's first run, seeds the widget from ?<parameter>=… when the value is one the widget offers
  (a value that is not — unknown, hostile such as `' OR 1=1 --`, or longer than MAX_VALUE_LENGTH — is
  ignored: the default is shown with a notice naming the parameter, never the value);
- after every run, writes the chosen value back to the URL (removed when it is the default);
- remembers (label, value as shown) as an active filter, which the exports write on images and in the
  XLSX sheet "About" (active_filters()).
Many values are repeated parameters (?region=a&region=b). The values in the URL are codes, not labels.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence

import streamlit as st

from analysis.i18n import join, supported, text

MAX_VALUE_LENGTH = 200
MAX_VALUES = 200
RUN_FILTERS = "_url_state_filters"
RUN_NOTICES = "_url_state_notices"
INVALID = object()


def begin_run() -> None:
    """Forget the filters and notices of the previous run (app.py calls this before the page runs)."""
    st.session_state[RUN_FILTERS] = []
    st.session_state[RUN_NOTICES] = []


def active_filters() -> list[tuple[str, str]]:
    return list(st.session_state.get(RUN_FILTERS, []))


def remember(label: str, shown: str) -> None:
    if shown:
        st.session_state.setdefault(RUN_FILTERS, []).append((label, shown))


def notice(parameter: str) -> None:
    """Say once per run that the link's value for `parameter` was not usable (the value is not echoed)."""
    noticed = st.session_state.setdefault(RUN_NOTICES, [])
    if parameter not in noticed:
        noticed.append(parameter)
        language = supported(st.session_state.get("language"))
        st.warning(text("url_value_ignored", language, parameter=parameter), icon=":material/link_off:")


def url_values(parameter: str) -> list[str] | None:
    """The values of ?parameter= (None when absent); a value too long or too many values → INVALID."""
    if parameter not in st.query_params:
        return None
    values = st.query_params.get_all(parameter)
    if len(values) > MAX_VALUES or any(len(value) > MAX_VALUE_LENGTH for value in values):
        return INVALID
    return values


def from_url(key: str, parameter: str, read: Callable[[list[str]], object]):
    """On the first run of the widget `key`, its value from the URL through `read` (which returns INVALID
    for a value the widget does not offer: then a notice); INVALID when there is nothing to take."""
    values = None if key in st.session_state else url_values(parameter)
    if values is None:
        return INVALID
    value = INVALID if values is INVALID else read(values)
    if value is INVALID:
        notice(parameter)
    return value


def seed(key: str, parameter: str, read: Callable[[list[str]], object]) -> None:
    """from_url into the widget's session state."""
    value = from_url(key, parameter, read)
    if value is not INVALID:
        st.session_state[key] = value


def publish(parameter: str, value, default=None) -> None:
    """Write the value to the URL: a list as repeated parameters; nothing (or the `default` given) removes
    it."""
    if value is None or (default is not None and value == default) or value == [] or value == "":
        if parameter in st.query_params:
            del st.query_params[parameter]
        return
    st.query_params[parameter] = [str(item) for item in value] if isinstance(value, list) else str(value)


def forget(*parameters: str) -> None:
    """Remove parameters of widgets this run does not draw."""
    for parameter in parameters:
        if parameter in st.query_params:
            del st.query_params[parameter]


def keep_valid(key: str, options: Sequence, fallback) -> None:
    """Replace a remembered choice that the options no longer offer (another region was chosen)."""
    if key in st.session_state and st.session_state[key] not in options:
        st.session_state[key] = fallback


# --- The widgets ---------------------------------------------------------------------------------------------

def choice(label: str, options: Sequence, *, key: str, parameter: str, format_func: Callable = str,
           default=None, widget: str = "selectbox", container=None, **widget_options):
    """A selectbox (or another single-choice `widget`: "radio", "segmented_control") bound to ?parameter=;
    default: the first option."""
    options = list(options)
    default = options[0] if default is None and options else default
    codes = {str(option): option for option in options}
    seed(key, parameter, lambda values: codes.get(values[0], INVALID) if len(values) == 1 else INVALID)
    keep_valid(key, options, default)
    st.session_state.setdefault(key, default)
    value = getattr(container or st, widget)(label, options, key=key, format_func=format_func, **widget_options)
    publish(parameter, value)  # always written: a copied link names every choice
    if value != default:
        remember(label, format_func(value))
    return value


def choices(label: str, options: Sequence, *, key: str, parameter: str, format_func: Callable = str,
            container=None, language: str = "zh", **widget_options) -> list:
    """A multiselect bound to repeated ?parameter=; none chosen means no filter."""
    options = list(options)
    codes = {str(option): option for option in options}

    def read(values: list[str]):
        chosen = [codes.get(value, INVALID) for value in values if value]
        return INVALID if any(item is INVALID for item in chosen) else list(dict.fromkeys(chosen))

    seed(key, parameter, read)
    if key in st.session_state:
        st.session_state[key] = [item for item in st.session_state[key] if item in codes.values()]
    value = (container or st).multiselect(label, options, key=key, format_func=format_func, **widget_options)
    publish(parameter, list(value))
    remember(label, join((format_func(item) for item in value), language))
    return value


def words(label: str, *, key: str, parameter: str, max_length: int = MAX_VALUE_LENGTH, container=None,
          **widget_options) -> str:
    """A text input bound to ?parameter= (search text); stripped; longer than max_length is refused."""
    def read(values: list[str]):
        text = values[0] if len(values) == 1 else ""
        return text if len(text) <= max_length and text.isprintable() else INVALID

    seed(key, parameter, read)
    value = (container or st).text_input(label, key=key, max_chars=max_length, **widget_options).strip()
    publish(parameter, value)
    remember(label, value)
    return value


def switch(label: str, *, key: str, parameter: str, container=None, **widget_options) -> bool:
    """A toggle bound to ?parameter=1 (off: no parameter)."""
    seed(key, parameter, lambda values: {"1": True, "0": False}.get(values[0], INVALID))
    value = (container or st).toggle(label, key=key, **widget_options)
    publish(parameter, "1" if value else None)
    if value:
        remember(label, "✓")
    return value


def number(label: str, low: int, high: int, *, key: str, parameter: str, container=None,
           **widget_options) -> int:
    """A slider of one whole number bound to ?parameter=; the lowest value is the default."""
    def read(values: list[str]):
        return int(values[0]) if values[0].isdigit() and low <= int(values[0]) <= high else INVALID

    if not low <= st.session_state.get(key, low) <= high:
        del st.session_state[key]
    initial = from_url(key, parameter, read)
    value = (container or st).slider(label, low, high, value=low if initial is INVALID else initial, key=key,
                                     **widget_options)
    publish(parameter, value, low)
    if value != low:
        remember(label, str(value))
    return int(value)


def span(label: str, low: int, high: int, *, key: str, parameter: str, container=None, options=None,
         **widget_options) -> tuple[int, int]:
    """A range slider of whole numbers (years) bound to ?parameter=2021-2025; with `options`, a select
    slider over them (low and high being the first and last)."""
    def read(values: list[str]):
        try:
            first, last = (int(part) for part in values[0].split("-"))
        except ValueError:
            return INVALID
        allowed = options is None or (first in options and last in options)
        return (first, last) if low <= first <= last <= high and allowed else INVALID

    initial = from_url(key, parameter, read)
    initial = (low, high) if initial is INVALID else initial  # a tuple value makes a range slider
    place = container or st
    value = place.slider(label, low, high, value=initial, key=key, **widget_options) if options is None else \
        place.select_slider(label, options, value=initial, key=key, **widget_options)
    value = tuple(value) if isinstance(value, list | tuple) else (value, value)
    full = tuple(value) == (low, high)
    publish(parameter, None if full else f"{value[0]}-{value[1]}")
    if not full:
        remember(label, f"{value[0]}–{value[1]}")
    return tuple(value)


def tabs(labels: dict[str, str], *, key: str, parameter: str) -> dict:
    """st.tabs whose open tab is ?parameter=<code>; returns {code: tab container}. labels: {code: label}."""
    codes = list(labels)
    by_label = {label: code for code, label in labels.items()}
    seed(key, parameter, lambda values: labels.get(values[0], INVALID))
    if st.session_state.get(key) not in by_label:
        st.session_state[key] = labels[codes[0]]
    containers = st.tabs(list(labels.values()), key=key, on_change="rerun")
    publish(parameter, by_label.get(st.session_state.get(key), codes[0]), codes[0])
    return dict(zip(codes, containers, strict=True))


def share_url(base: str | None) -> str:
    """The address of this view: the page's URL with every bound parameter (and lang)."""
    query = urllib.parse.urlencode([(name, value) for name in st.query_params
                                    for value in st.query_params.get_all(name)])
    base = (base or "").split("?")[0]
    return f"{base}?{query}" if query else base
