"""Entry point: declares the pages first (so the sidebar is right from the first paint), builds the database
on first start (one build, watched by every visitor), then runs the chosen page on one database version."""

import streamlit as st

from views import url_state
from views.navigation import PAGES
from views.shared import app_icon, freeze_start_up_objects, language_switch, pin_database, share_link, t

url_state.begin_run()
st.set_page_config(page_title=t("app_title"), page_icon=app_icon(), layout="wide")
language_switch()


def page(entry, **options):
    return st.Page(entry.path, title=t(entry.title), icon=entry.icon, **options)


def by_name(default_page, url_path):
    """The default page is served at /; its own name (/overview) opens it too, keeping the query."""
    def open_default_page():
        st.switch_page(default_page, query_params=st.query_params.to_dict())

    return st.Page(open_default_page, title=default_page.title, url_path=url_path, visibility="hidden")


pages = []
for entry in PAGES:
    if entry.default:  # the default page reserves a name other than its own, which by_name() serves
        default_page = page(entry, url_path=f"{entry.url_path}-home", default=True)
        pages += [default_page, by_name(default_page, entry.url_path)]
    else:
        pages.append(page(entry, url_path=entry.url_path))
chosen = st.navigation(pages)
pin_database()
try:
    chosen.run()
finally:  # also after a page's st.stop(): the link holds the selections made so far
    share_link()
    freeze_start_up_objects()
