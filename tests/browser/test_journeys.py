"""What a person sees in a real browser: every view drawn, no error, nothing leaves this machine, three journeys."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.navigation import presenter_steps
from evidence.load import SHIPPED_DATA, load_folder
from evidence.recovery import RECOVERY_STEP
from evidence.recovery import TITLE as RECOVERY_TITLE
from evidence.summary import summaries_for
from tests.browser.conftest import SCREENSHOTS, start_server, wait_for_address, wait_until_drawn
from tests.pages.conftest import COMPARISONS, VIEWS

EVIDENCE = load_folder(SHIPPED_DATA)
TITLES = {m: s.patient_label for m, s in summaries_for(EVIDENCE, EVIDENCE.figures).items()}
TITLES[RECOVERY_STEP] = RECOVERY_TITLE
SLIDES = presenter_steps(EVIDENCE)[1:-1]  # every measure and the weeks after surgery (the closing slide follows)

ERROR_BOXES = "[data-testid=stException], [data-testid=stAlertContentError]"


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_draws_without_error_or_outside_request(page, server_url, outside_requests, view):
    page.goto(f"{server_url}/?mode=surgeon&view={view}")
    wait_until_drawn(page)
    assert page.locator(ERROR_BOXES).count() == 0
    assert outside_requests == []
    if view in COMPARISONS:
        assert page.locator("[class*=st-key-claim_]").count() >= 1  # the article's passage beside the chart


@pytest.mark.parametrize("mode", ["patient", "surgeon", "presenter"])
def test_overview_screenshots_for_the_readme(page, server_url, outside_requests, mode):
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{server_url}/?mode={mode}&view=glance")
    wait_until_drawn(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"glance-{mode}.png")
    assert page.locator("h1").first.inner_text() == "Open or minimally invasive spine fusion?"
    assert outside_requests == []


def slide_fits_and_smallest_chart_text(page) -> tuple[int, float]:
    """How far the slide runs past the bottom of the screen (px) and its smallest chart text (px)."""
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMain]');
        const over = Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0) - innerHeight;
        const sizes = [...document.querySelectorAll('.stPlotlyChart svg text')]
            .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
            .map(t => parseFloat(getComputedStyle(t).fontSize));
        return [over, sizes.length ? Math.min(...sizes) : 999];
    }""")


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)])
def test_presenter_steps_through_every_measure_and_each_slide_fits_the_screen(page, server_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{server_url}/?mode=presenter&view=glance")
    wait_until_drawn(page)
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    seen, problems = [], []
    for step in range(len(SLIDES)):
        page.keyboard.press("PageDown" if step % 2 else "ArrowRight")
        wait_for_address(page, f"slide={SLIDES[step]}")
        wait_until_drawn(page)
        seen.append(page.locator("h1").first.inner_text())
        over, smallest = slide_fits_and_smallest_chart_text(page)
        if over > 0 or (width == 1920 and smallest < 18):
            problems.append((SLIDES[step], over, smallest))
        if width == 1920 and SLIDES[step] in ("infection", "fluoroscopy", "blood_loss"):
            page.screenshot(path=SCREENSHOTS / f"presenter-{SLIDES[step]}.png")
    assert seen == [TITLES[m] for m in SLIDES]  # every measure, benefits and downsides alike
    assert problems == []
    for key, slide in [("ArrowLeft", SLIDES[-2]), ("PageUp", SLIDES[-3])]:
        page.keyboard.press(key)
        wait_for_address(page, f"slide={slide}")


def test_a_copied_link_reopens_the_same_view_in_the_same_mode(page, server_url, browser):
    page.goto(f"{server_url}/?mode=patient&view=glance")
    wait_until_drawn(page)
    page.get_by_text("Surgeon (consultation)").click()
    wait_for_address(page, "mode=surgeon")
    page.locator("[data-testid=stSidebar]").get_by_text("Hospital stay", exact=True).click()
    copied = wait_for_address(page, "view=hospital_stay", "mode=surgeon")
    other = browser.new_context().new_page()
    other.goto(copied)
    wait_until_drawn(other)
    assert other.locator("h1").first.inner_text() == "Hospital stay"
    assert other.get_by_role("radio", name="Surgeon (consultation)").is_checked()


@pytest.mark.parametrize("view", ["glance", "infection", "recovery", "source"])
def test_phone_width_has_nothing_scrolling_sideways(page, server_url, view):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{server_url}/?mode=patient&view={view}")
    wait_until_drawn(page)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.querySelector('[data-testid=stMain]').scrollWidth]")
    assert max(widths) <= 375, widths
    page.screenshot(path=SCREENSHOTS / f"phone-{view}.png", full_page=True)


@pytest.mark.parametrize("view", ["glance", "infection", "matters", "source"])
def test_no_serious_accessibility_violations(page, server_url, view):
    page.goto(f"{server_url}/?mode=patient&view={view}")
    wait_until_drawn(page)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"], "resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["nodes"][0]["target"]) for v in serious]


def test_html_in_data_files_is_shown_as_text_and_never_runs(page, data_copy, outside_requests):
    glossary = data_copy / "glossary.csv"
    glossary.write_text(glossary.read_text() + 'injected,"<script>window.pwned=1</script><img src=x onerror=\'window.pwned=2\'>"\n')
    metrics = data_copy / "metrics.csv"
    metrics.write_text(metrics.read_text().replace(
        "How much blood is lost during the operation.", "<img src=x onerror='window.pwned=3'> ![t](http://example.com/t.png)"
    ).replace("Intraoperative blood loss", "Blood ![i](http://example.com/i.png)"))
    comparisons = data_copy / "comparisons.csv"
    comparisons.write_text(comparisons.read_text().replace(
        "Blood loss,How much blood", "Blood ![c](http://example.com/c.png) loss,How much blood"))
    process, url = start_server({"SPINE_DATA_DIR": str(data_copy)})
    try:
        dialogs = []
        page.on("dialog", lambda d: dialogs.append(d.message))
        page.goto(f"{url}/?mode=surgeon&view=blood_loss")
        wait_until_drawn(page)
        assert page.get_by_text("<img src=x onerror='window.pwned=3'>", exact=False).count() >= 1
        assert page.evaluate("window.pwned") is None and dialogs == []
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("h1").first.inner_text() == "Blood ![c](http://example.com/c.png) loss"
        assert outside_requests == []  # no image from a Markdown link in the data was fetched
    finally:
        process.terminate()


def test_printing_a_view_drops_the_sidebar_and_keeps_charts_whole(page, server_url):
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{server_url}/?mode=patient&view=blood_loss")
    wait_until_drawn(page)
    page.emulate_media(media="print")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert page.locator(".stPlotlyChart").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = page.pdf(format="A4", print_background=True)
    (SCREENSHOTS / "print-blood-loss.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")


def test_surgeon_hands_over_a_two_page_pdf_with_their_notes(page, server_url):
    import io

    from pypdf import PdfReader
    page.goto(f"{server_url}/?mode=surgeon&view=infection")
    wait_until_drawn(page)
    notes = "Plan: MISS at L4-L5 next month; call us if the wound is red."
    box = page.get_by_role("textbox", name="Your notes for the patient (printed)")
    box.fill(notes)
    box.press("Control+Enter")  # a text area commits on Ctrl+Enter or blur; the script reruns with the notes
    try:
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=running]", timeout=5_000)
    except PlaywrightTimeout:
        pass  # the rerun was over before we looked; the PDF's text below says whether the notes arrived
    wait_until_drawn(page)
    assert page.get_by_text("Handout made on").is_visible()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Patient handout (A4 PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(pdf.pages) <= 2
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Open or minimally invasive spine fusion?" in text and notes in text
