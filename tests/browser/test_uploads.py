"""Uploading one's own data in a real browser: shown beside the published figures, broken files named, HTML inert."""

import re

from tests.browser.conftest import wait_for_address, wait_until_drawn
from tests.fixtures.broken import BROKEN, VALID


def upload(page, name: str, data: bytes) -> None:
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text("Add your own data").click()
    sidebar.locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.wait_for_timeout(500)
    wait_until_drawn(page)


def test_own_figures_appear_beside_the_published_ones(page, server_url):
    page.goto(f"{server_url}/?mode=surgeon&view=blood_loss")
    wait_until_drawn(page)
    upload(page, *VALID["own figures"])
    page.get_by_text(re.compile("Showing your 1 figure beside the published ones")).wait_for()
    assert page.locator(".stPlotlyChart").get_by_text("Your data: Li 2018").count() >= 1


def test_a_broken_file_is_named_and_the_session_keeps_working(page, server_url):
    page.goto(f"{server_url}/?mode=surgeon&view=blood_loss")
    wait_until_drawn(page)
    name, data, words = BROKEN["negative"]
    upload(page, name, data)
    page.get_by_text("figures.csv, row 2, column open_value: must be 0 or more").wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
    page.locator("[data-testid=stSidebar]").get_by_text("Hospital stay", exact=True).click()
    wait_for_address(page, "view=hospital_stay")
    wait_until_drawn(page)
    assert page.locator("h1").first.inner_text() == "Hospital stay"


def test_html_in_an_upload_is_shown_as_text(page, server_url):
    dialogs = []
    page.on("dialog", lambda d: dialogs.append(d.message))
    page.goto(f"{server_url}/?mode=surgeon&view=blood_loss")
    wait_until_drawn(page)
    upload(page, *VALID["html in every text field"])
    page.get_by_text(re.compile("Showing your 1 figure")).wait_for()
    chart = page.locator(".stPlotlyChart")
    assert chart.get_by_text("<script>window.pwned=1</script>", exact=False).count() >= 1  # shown as text
    assert page.evaluate("window.pwned") is None and dialogs == []
    assert page.locator("img[src='x']").count() == 0
