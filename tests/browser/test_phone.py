"""A phone that just works (375x812, patient mode): a labelled topic picker, taps of 24 px or more, chart labels that
neither overlap nor get clipped, no sideways scrolling, and a new view that opens at its top."""

import pytest

from tests.browser.conftest import SCREENSHOTS, wait_for_address, wait_until_drawn
from tests.pages.conftest import COMPARISONS, VIEWS

PHONE = {"width": 375, "height": 812}

SMALL_TAP_TARGETS = """() => {
    // Visible controls on screen smaller than 24x24 px (WCAG 2.2, 2.5.8); links inside running text are exempt.
    const targets = 'button, summary, [role=tab], [role=radio], [role=checkbox], [role=slider], [role=option], '
        + 'label:has(input[type=radio], input[type=checkbox]), a:not(p a, li a, td a, blockquote a)';
    return [...document.querySelectorAll(targets)].filter(e => {
        const r = e.getBoundingClientRect();
        return e.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 1 && r.height > 1
            && r.right > 0 && r.left < innerWidth;
    }).map(e => {
        const r = e.getBoundingClientRect();
        return [e.getAttribute('data-testid') || e.getAttribute('aria-label') || e.tagName,
                e.innerText.slice(0, 30), Math.round(r.width), Math.round(r.height)];
    }).filter(([, , w, h]) => w < 24 || h < 24);
}"""

CHART_LABEL_PROBLEMS = """() => {
    // Per chart: pairs of texts whose boxes overlap, texts over a marker (or icon) or under the chart's toolbar, texts
    // running outside the chart.
    const box = e => e.getBoundingClientRect();
    // more than 3 px both ways: a text's box holds its line's blank ascent and descent
    const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 3
        && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 3;
    const problems = [];
    document.querySelectorAll('.stPlotlyChart').forEach((chart, i) => {
        const frame = box(chart.querySelector('.main-svg'));
        const texts = [...chart.querySelectorAll('svg text')]
            .filter(t => t.textContent.trim() && box(t).width > 0 && t.checkVisibility({opacityProperty: true}));
        const markers = [...chart.querySelectorAll('.scatterlayer path.point')].filter(p => box(p).width > 0);
        const toolbar = [...chart.querySelectorAll('.modebar-btn')]
            .filter(b => b.checkVisibility({opacityProperty: true}) && box(b).width > 0);
        texts.forEach((t, j) => {
            const r = box(t);
            if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1
                || r.bottom > frame.bottom + 1) problems.push([i, t.textContent, 'clipped']);
            texts.slice(j + 1).filter(u => meet(r, box(u)))
                .forEach(u => problems.push([i, t.textContent, u.textContent]));
            if (markers.some(p => meet(r, box(p)))) problems.push([i, t.textContent, 'covers a marker']);
            if (toolbar.some(b => meet(r, box(b)))) problems.push([i, t.textContent, 'under the toolbar']);
        });
    });
    return problems;
}"""


def sideways(page) -> int:
    """The widest scrolling width of the page and its main area (px)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.querySelector('[data-testid=stMain]').scrollWidth)")


def heading_in_view_and_on_top(page) -> bool:
    """The first heading lies wholly in the viewport and nothing is drawn over its centre."""
    return page.locator("h1").first.evaluate("""h => {
        const r = h.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return r.top >= 0 && r.bottom <= innerHeight && hit !== null && h.contains(hit);
    }""")


def test_a_tap_on_the_topic_picker_opens_blood_loss_at_its_title(page, server_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/?mode=patient&view=glance")
    wait_until_drawn(page)
    page.mouse.wheel(0, 3000)  # read on first: the old scroll position must not carry over
    page.get_by_label("Choose a topic").click()
    page.get_by_role("option", name="Blood loss", exact=True).click()
    wait_for_address(page, "view=blood_loss", "mode=patient")
    wait_until_drawn(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "phone-blood-loss.png")
    assert page.locator("h1").first.inner_text() == "Blood loss"
    assert heading_in_view_and_on_top(page)
    assert page.evaluate(SMALL_TAP_TARGETS) == []
    assert sideways(page) <= PHONE["width"]


def test_the_menu_on_a_phone_is_labelled_and_its_taps_are_big_enough(page, server_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/?mode=patient&view=glance")
    wait_until_drawn(page)
    page.get_by_role("button", name="Expand sidebar").click()
    page.wait_for_function("document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().left >= 0")
    page.wait_for_timeout(500)  # the slide-in has ended
    page.get_by_text("Add your own data").click()
    page.get_by_role("button", name="Help for Your figures (CSV or ZIP)").wait_for()
    page.screenshot(path=SCREENSHOTS / "phone-menu.png")
    assert page.evaluate(SMALL_TAP_TARGETS) == []


def test_a_view_picked_further_down_opens_at_its_title(page, server_url):
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(f"{server_url}/?mode=patient&view=glance")
    wait_until_drawn(page)
    page.locator("[data-testid=stMain]").hover()
    page.mouse.wheel(0, 5000)
    page.locator("[data-testid=stSidebar]").get_by_text("Hospital stay", exact=True).click()
    wait_for_address(page, "view=hospital_stay")
    wait_until_drawn(page)
    assert heading_in_view_and_on_top(page)


@pytest.mark.parametrize("mode,view", [("patient", v) for v in VIEWS] + [("surgeon", v) for v in COMPARISONS])
def test_every_view_on_a_phone_has_big_taps_and_clean_chart_labels(page, server_url, mode, view):
    """Surgeons' views add filters and forest plots."""
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/?mode={mode}&view={view}")
    wait_until_drawn(page)
    charts = page.locator(".stPlotlyChart").all()
    for number, chart in enumerate(charts):
        chart.screenshot(path=SCREENSHOTS / f"phone-chart-{mode}-{view}-{number}.png")
    if charts:  # a tap shows Plotly's toolbar, where it is not hidden
        charts[0].hover(position={"x": 5, "y": 5})
    assert page.evaluate(CHART_LABEL_PROBLEMS) == []
    assert page.evaluate(SMALL_TAP_TARGETS) == []
    assert sideways(page) <= PHONE["width"]


def test_the_glance_answers_the_four_questions_within_the_first_two_screens_in_16px(page, server_url):
    from components.glance import FOUR_QUESTIONS

    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/?mode=patient&view=glance")
    wait_until_drawn(page)
    page.screenshot(path=SCREENSHOTS / "phone-glance-four-answers.png")
    placed = {}
    for metric_id in FOUR_QUESTIONS.values():
        placed[metric_id] = page.locator(f".st-key-answer_{metric_id}").evaluate("""box => {
            const main = document.querySelector('[data-testid=stMain]');
            const texts = [...box.querySelectorAll('p, strong, button')].filter(e => e.textContent.trim());
            return [box.getBoundingClientRect().bottom + main.scrollTop,
                    Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize)))];
        }""")
    assert {m: p for m, p in placed.items() if p[0] > 2 * PHONE["height"] or p[1] < 16} == {}, placed
    page.locator(".st-key-more_hospital_stay button").click()
    wait_for_address(page, "view=hospital_stay")
    wait_until_drawn(page)
    assert heading_in_view_and_on_top(page)
