"""Presenter slides at room scale, measured in a real browser: type sizes, chart contrast, icon size, no projected
buttons, the end of the deck, a sources line on every slide, nothing below the edge, and the QR code."""

import io

import pytest
import zxingcpp
from PIL import Image

from components.navigation import presenter_steps
from evidence.load import SHIPPED_DATA, load_folder
from evidence.qr import phone_address
from evidence.recovery import RECOVERY_STEP, RECOVERY_VIEW
from tests.browser.conftest import SCREENSHOTS, start_server, wait_for_address, wait_until_drawn
from tests.browser.test_phone import CHART_LABEL_PROBLEMS

EVIDENCE = load_folder(SHIPPED_DATA)
STEPS = presenter_steps(EVIDENCE)
VIEW_OF = {**dict(zip(EVIDENCE.metrics.metric_id, EVIDENCE.metrics.comparison_id)), RECOVERY_STEP: RECOVERY_VIEW}
READING, TITLE, CHART, CONTRAST, ICON = 36, 48, 28, 4.5, 12  # px, px, px, ratio, px at 1920x1080

MEASURE = """() => {
    const fine = '.st-key-footer, .st-key-presenter_controls';  // fine print and the key hint are not reading text
    const shown = e => e.getClientRects().length && e.textContent.trim() && !e.closest(fine);
    const px = e => parseFloat(getComputedStyle(e).fontSize);
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = c => { const v = rgb(c).slice(0, 3).map(x => x / 255)
        .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
    const opaque = c => c && c !== 'none' && !c.startsWith('rgba(0, 0, 0, 0)') && !c.endsWith(', 0)');
    const reading = [...document.querySelectorAll('[data-testid=stMain] :is(p, li, p span)')].filter(shown).map(px);
    const charts = [...document.querySelectorAll('.stPlotlyChart')].map(chart => {
        const backgrounds = [...chart.querySelectorAll('.main-svg')].map(s => getComputedStyle(s).backgroundColor)
            .concat([...chart.querySelectorAll('rect.bg')].map(r => getComputedStyle(r).fill)).filter(opaque);
        const texts = [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()
            && t.getBoundingClientRect().width > 0);
        return texts.map(t => [px(t), Math.min(...backgrounds.map(b => ratio(getComputedStyle(t).fill, b))),
                               t.textContent.trim()]);
    }).flat();
    const points = [...document.querySelectorAll('.stPlotlyChart path.point')]
        .map(p => p.getBoundingClientRect()).filter(r => r.width > 0);
    const icons = points.map(r => Math.min(r.width, r.height));
    const rows = {};  // the gap between neighbours in a row of icons: below 1 px they merge into a block
    points.forEach(r => (rows[Math.round(r.top + r.height / 2)] ||= []).push(r));
    const gaps = Object.values(rows).flatMap(row => row.sort((a, b) => a.left - b.left).slice(1)
        .map((r, i) => r.left - row[i].right));
    const svg = document.querySelector('.stPlotlyChart .main-svg');
    const bar = document.querySelector('.st-key-presenter_bar');
    const sources = document.querySelector('.st-key-slide_sources');
    const main = document.querySelector('[data-testid=stMain]');
    const h1 = document.querySelector('h1');  // on screen against its own layout: how far the slide is scaled
    return {
        reading: Math.min(...reading), title: px(document.querySelector('h1')),
        chart: Math.min(999, ...charts.map(c => c[0])), contrast: Math.min(99, ...charts.map(c => c[1])),
        icons: Math.min(999, ...icons), chartWidth: svg ? svg.getBoundingClientRect().width : 0, gap: Math.min(99, ...gaps), bar: getComputedStyle(bar).opacity,
        sources: sources && sources.innerText,
        over: Math.max(document.scrollingElement.scrollHeight, main.scrollHeight) - innerHeight,
        hint: document.querySelector('.st-key-presenter_hint').innerText,
        scale: h1.getBoundingClientRect().width / h1.offsetWidth,
    };
}"""


def open_step(page, server_url, step: str) -> dict:
    """Open a slide by its address and measure it (with 'labels': its charts' overlapping or clipped texts)."""
    view = step if step in ("glance", "closing") else f"{VIEW_OF[step]}&slide={step}"
    page.goto(f"{server_url}/?mode=presenter&view={view}")
    wait_until_drawn(page)
    return {**page.evaluate(MEASURE), "labels": page.evaluate(CHART_LABEL_PROBLEMS)}


def test_every_slide_reads_from_the_back_of_a_room_at_1920x1080(page, server_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    problems = []
    for step in STEPS:
        m = open_step(page, server_url, step)
        page.screenshot(path=SCREENSHOTS / f"slide-1920-{step}.png")
        checks = {"reading text": m["reading"] >= READING, "title": m["title"] >= TITLE,
                  "chart text": m["chart"] >= CHART, "chart contrast": m["contrast"] >= CONTRAST,
                  "icons": m["icons"] >= ICON, "icons apart": m["gap"] >= 1, "no bar": m["bar"] == "0",
                  "fits": m["over"] <= 0, "chart labels apart": m["labels"] == [],
                  "sources": (m["sources"] or "").startswith("Sources: ")}
        problems += [(step, name, m) for name, ok in checks.items() if not ok]
    assert problems == [], brief(problems)


def brief(problems: list) -> list:
    """The failed checks with the figures that matter: overlapping labels, else the icons' and chart's sizes."""
    keys = ("icons", "gap", "chartWidth", "scale", "over", "reading", "chart")
    return [(step, name, m["labels"][:6] if "labels" in name else {k: m[k] for k in keys})
            for step, name, m in problems]


def test_every_slide_fits_a_1366x768_screen_with_its_charts_scaled_whole(page, server_url):
    """The slide of 1920x1080, scaled down whole: nothing below the edge, no chart label over another, and the icons
    of an icon array scaled with the slide's title (so Plotly drew the chart of 1920x1080) and still apart."""
    problems = []
    for step in STEPS:
        page.set_viewport_size({"width": 1920, "height": 1080})
        full = open_step(page, server_url, step)
        page.set_viewport_size({"width": 1366, "height": 768})
        page.wait_for_timeout(300)
        wait_until_drawn(page)
        m = {**page.evaluate(MEASURE), "labels": page.evaluate(CHART_LABEL_PROBLEMS)}
        page.screenshot(path=SCREENSHOTS / f"slide-1366-{step}.png")
        checks = {"fits": m["over"] <= 0, "chart labels apart": m["labels"] == [], "icons apart": m["gap"] >= 1,
                  "scaled": 0.6 < m["scale"] < 0.8}
        if full["chartWidth"]:
            checks["chart scaled whole"] = abs(m["chartWidth"] / (full["chartWidth"] * m["scale"]) - 1) < 0.02
        if full["icons"] < 999:
            checks["icons scaled whole"] = abs(m["icons"] / (full["icons"] * m["scale"]) - 1) < 0.05
        problems += [(step, name, m) for name, ok in checks.items() if not ok]
    assert problems == [], brief(problems)


def test_the_deck_stops_at_both_ends_and_says_so(page, server_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    assert "End of the slides" not in open_step(page, server_url, STEPS[-2])["hint"]
    page.keyboard.press("PageDown")
    assert STEPS[-1] == "closing"  # the balanced closing slide, not one measure
    wait_for_address(page, "view=closing")
    wait_until_drawn(page)
    assert "End of the slides" in page.locator(".st-key-presenter_hint").inner_text()
    closing = page.locator("[data-testid=stMain]").inner_text()
    assert all(heading in closing for heading in ("What open surgery offers", "What MISS offers",
                                                  "What is still uncertain", "Questions to ask your surgeon"))
    page.keyboard.press("ArrowRight")  # no wrap to the first slide
    page.wait_for_timeout(1500)
    wait_until_drawn(page)
    assert page.evaluate("location.href").endswith("view=closing")
    open_step(page, server_url, "glance")
    page.keyboard.press("PageUp")  # nor from the first to the last
    page.wait_for_timeout(1500)
    wait_until_drawn(page)
    assert "view=glance" in page.evaluate("location.href")
    assert page.locator(".st-key-presenter_hint").inner_text().startswith("1 of")


def test_the_button_bar_appears_on_keyboard_focus_and_on_hover(page, server_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_step(page, server_url, "infection")
    bar = page.locator(".st-key-presenter_bar")
    opacity = lambda: bar.evaluate("e => getComputedStyle(e).opacity")  # noqa: E731
    assert opacity() == "0"
    page.locator(".st-key-presenter_bar button").first.focus()
    assert opacity() == "1"
    page.locator("h1").first.click()
    bar.hover()
    assert opacity() == "1"


@pytest.mark.parametrize("mode,width", [("patient", 375), ("patient", 800), ("patient", 1400), ("presenter", 1920),
                                        ("presenter", 1366)])
def test_the_options_drawing_labels_never_overlap(page, server_url, mode, width):
    page.set_viewport_size({"width": width, "height": 1080 if width == 1920 else 768})
    page.goto(f"{server_url}/?mode={mode}&view=glance")
    wait_until_drawn(page)
    boxes, sizes = page.evaluate("""() => {
        const labels = [...document.querySelectorAll('.st-key-options_diagram .annotation-text')];
        return [labels.map(l => { const r = l.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }),
                labels.map(l => parseFloat(getComputedStyle(l).fontSize))];
    }""")
    assert len(boxes) == 2
    (left, right) = sorted(boxes)
    assert left[1] < right[0], boxes  # the first label ends before the second begins
    if mode == "presenter" and width == 1920:
        assert min(sizes) >= 18


def test_the_qr_code_opens_the_overview_on_a_phone_at_the_public_address(page):
    public = "http://spine.example.org:8080"
    process, url = start_server({"SPINE_PUBLIC_URL": public})
    try:
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(f"{url}/?mode=presenter&view=glance")
        wait_until_drawn(page)
        image = page.locator("[data-testid=stImage] img").first
        image.wait_for()
        page.wait_for_function("() => document.querySelector('[data-testid=stImage] img').complete")
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.screenshot())))
        assert [code.text for code in found] == [phone_address("glance", base=public)]
        assert [code.text for code in found] == [f"{public}/?mode=patient&view=glance"]
    finally:
        process.terminate()
