"""The pages of the dashboard, as data: app.py builds the navigation from this list and the tests run every
page in it (AppTest and a real browser, both languages), so a new page is tested by being listed here.

Plain data, no streamlit: `title` is a key of the text catalogue.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    path: str  # the page's file, relative to app.py
    title: str  # catalogue key of its title
    icon: str
    url_path: str  # its address: /<url_path> (the default page is also served at /)
    default: bool = False


PAGES = (
    PageEntry("views/overview.py", "page_overview", ":material/dashboard:", "overview", default=True),
    PageEntry("views/tasks.py", "page_tasks", ":material/search:", "tasks"),
    PageEntry("views/metrics.py", "page_metrics", ":material/target:", "metrics"),
    PageEntry("views/agency_load.py", "page_agency_load", ":material/account_tree:", "agency_load"),
    PageEntry("views/themes.py", "page_themes", ":material/label:", "themes"),
    PageEntry("views/instruments.py", "page_instruments", ":material/hub:", "instruments"),
    PageEntry("views/peers.py", "page_peers", ":material/compare_arrows:", "peers"),
    PageEntry("views/upload.py", "page_upload", ":material/upload_file:", "upload"),
)
