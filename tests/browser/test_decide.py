"""Ready to decide in a real browser: axe finds no serious WCAG 2 A/AA violation at 375 px and on a desktop, with
a risk factor ticked, a question answered and a SURE item answered 'no'; taps are 24 px or more on the phone; nothing scrolls sideways."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import SCREENSHOTS, wait_until_drawn
from tests.browser.test_phone import CHART_LABEL_PROBLEMS, SMALL_TAP_TARGETS, sideways

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1366, "height": 900}}


@pytest.mark.parametrize("mode", ["patient", "surgeon"])
@pytest.mark.parametrize("size", list(SIZES))
def test_ready_to_decide_passes_axe_and_fits(page, server_url, size, mode):
    page.set_viewport_size(SIZES[size])
    page.goto(f"{server_url}/?mode={mode}&view=decide")
    wait_until_drawn(page)
    main = page.locator("[data-testid=stMain]")
    main.get_by_text("Less with MISS").first.click()
    wait_until_drawn(page)
    main.locator(".st-key-decide_sure-u").get_by_text("No", exact=True).click()  # a SURE 'no' and its talk-through
    wait_until_drawn(page)
    main.get_by_text("The good points and the downsides of each operation").first.wait_for(timeout=30_000)
    main.locator("label:has(input[type=checkbox])").first.click()
    page.wait_for_selector(".stPlotlyChart .main-svg", timeout=30_000)
    wait_until_drawn(page)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"], "resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["nodes"][0]["target"]) for v in serious]
    page.screenshot(path=SCREENSHOTS / f"decide-{mode}-{size}.png", full_page=True)
    assert sideways(page) <= SIZES[size]["width"]
    assert page.evaluate(CHART_LABEL_PROBLEMS) == []  # the icon array of the ticked factor
    if size == "phone":
        assert page.evaluate(SMALL_TAP_TARGETS) == []
    sizes = page.evaluate("""() => {
        const main = document.querySelector('[data-testid=stMain]');
        const size = e => e ? parseFloat(getComputedStyle(e).fontSize) : 0;
        return {
            body: size([...main.querySelectorAll('p')].find(p => p.textContent.startsWith('Check what you took in'))),
            question: size(main.querySelector('.st-key-decide_q_compare_blood_loss [data-testid=stWidgetLabel] p')),
            choice: size(main.querySelector('.st-key-decide_q_compare_blood_loss [role=radiogroup] p')),
            sure: size(main.querySelector('.st-key-decide_sure-u [data-testid=stWidgetLabel] p')),
            note: size(main.querySelector('[data-testid=stCode] code')),
        };
    }""")
    print(size, mode, sizes)
    assert sizes["body"] >= 16 and sizes["question"] >= 14 and sizes["choice"] >= 14 and sizes["sure"] >= 14 \
        and sizes["note"] >= 12, sizes
