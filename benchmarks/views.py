"""The dashboard's views and the label each has in the sidebar "Show" radio, read from the app's own code and data."""

from streamlit import logger

logger.set_log_level("error")  # the cache decorators warn when there is no server

from components.navigation import view_titles  # noqa: E402
from evidence.load import SHIPPED_DATA, load_folder  # noqa: E402
from evidence.wording import plain  # noqa: E402

LABELS = {view: plain(title) for view, title in view_titles(load_folder(SHIPPED_DATA)).items()}
VIEWS = list(LABELS)
