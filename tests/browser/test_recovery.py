"""What the weeks after surgery are like, as a person sees it: on a phone (375x812) the digest of weeks 1, 2, 6 and
12 lies within the first three screens of 'At a glance' (after the four questions' answers) in 16 px type or more;
on a 1920x1080 projector the recovery slide reads at 36 px and fits the screen."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import SCREENSHOTS, wait_until_drawn

PHONE = {"width": 375, "height": 812}
ROOM = {"width": 1920, "height": 1080}

WHERE = """sel => {
    // Top and bottom of the element on the page (px from the top of the main area's content), and the smallest
    // type of its text.
    const e = document.querySelector(sel);
    const main = document.querySelector('[data-testid=stMain]');
    const r = e.getBoundingClientRect(), m = main.getBoundingClientRect();
    const texts = [...e.querySelectorAll('p, li')].filter(t => t.innerText.trim());
    const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize));
    return {top: r.top - m.top + main.scrollTop, bottom: r.bottom - m.top + main.scrollTop,
            smallest: Math.min(...sizes), text: e.innerText};
}"""


def test_on_a_phone_the_weeks_are_within_the_first_three_screens_in_16_px_type(page, server_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{server_url}/?mode=patient&view=glance")
    wait_until_drawn(page)
    digest = page.locator(".st-key-recovery_digest")
    digest.wait_for()
    page.screenshot(path=SCREENSHOTS / "phone-glance-recovery-digest.png", full_page=False)
    where = page.evaluate(WHERE, ".st-key-recovery_digest")
    for week in ("Week 1:", "Week 2:", "Week 6:", "Week 12:"):
        assert week in where["text"]
    list_bottom = page.evaluate("""() => {
        const items = [...document.querySelectorAll('.st-key-recovery_digest li')];
        const main = document.querySelector('[data-testid=stMain]');
        return items.at(-1).getBoundingClientRect().bottom - main.getBoundingClientRect().top + main.scrollTop;
    }""")
    # the four questions' answers fill the first two screens (tests/browser/test_phone.py); Week 12 ends in the third
    assert list_bottom <= 3 * PHONE["height"], where
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.st-key-recovery_digest li')]
        .map(li => parseFloat(getComputedStyle(li).fontSize)))""")
    assert smallest >= 16, smallest
    print(f"digest top {where['top']:.0f} px, week 12 ends {list_bottom:.0f} px, type {smallest:.0f} px")


def test_the_recovery_slide_reads_from_the_back_of_the_room(page, server_url):
    page.set_viewport_size(ROOM)
    page.goto(f"{server_url}/?mode=presenter&view=recovery&slide=recovery_weeks")
    wait_until_drawn(page)
    page.get_by_text("Week 12:").wait_for()
    page.screenshot(path=SCREENSHOTS / "presenter-recovery-weeks.png")
    sizes = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] li, [data-testid=stMain] p')]
        .filter(e => /Week (1|2|6|12):/.test(e.innerText))
        .map(e => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().bottom])""")
    assert len(sizes) >= 4
    assert min(size for size, _ in sizes) >= 36, sizes
    assert max(bottom for _, bottom in sizes) <= ROOM["height"], sizes


def test_the_recovery_tables_are_accessible_and_cards_on_a_phone(page, server_url):
    page.goto(f"{server_url}/?mode=patient&view=recovery")
    wait_until_drawn(page)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa"], "resultTypes": ["violations"]})
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["nodes"][0]["target"]) for v in serious]
    page.set_viewport_size(PHONE)
    page.get_by_text("Lifting, and manual or heavy work").scroll_into_view_if_needed()
    cells = page.evaluate("""() => [...document.querySelectorAll('[class*="st-key-recovery_"] tbody td')]
        .map(td => [getComputedStyle(td).display, getComputedStyle(td, '::before').content,
                    td.getBoundingClientRect().right])""")
    assert cells and all(display == "block" for display, _, _ in cells)
    assert {label for _, label, _ in cells} >= {'"Open: "', '"MISS: "', '"Sources: "'}
    assert max(right for _, _, right in cells) <= PHONE["width"]
    page.screenshot(path=SCREENSHOTS / "phone-recovery-cards.png")
