"""Findings of the UI review, each held by a test: wide tables become cards on phones, the urgency is labelled in
the reader's language, the whole queue card is the link, and English readers get English agency and category
names."""

from __future__ import annotations

from sqlalchemy import select

from ioc.auth.models import Agency
from ioc.feedback.models import Category
from tests.browser import horizontal_overflow, login, screenshot
from tests.feedback.conftest import cookie_login, file_report

# Scroll width beyond the client width of every table wrapper (0 when nothing scrolls sideways inside the page).
WRAP_OVERFLOW = """() => Math.max(0, ...[...document.querySelectorAll('.fb-table-wrap')]
    .map((w) => w.scrollWidth - w.clientWidth))"""


def _assert_cards(page, table: str) -> None:
    assert horizontal_overflow(page) == 0
    assert page.evaluate(WRAP_OVERFLOW) == 0
    assert page.evaluate(f"getComputedStyle(document.querySelector('{table} tbody tr')).display") != "table-row"
    labels = page.evaluate(f"""[...document.querySelectorAll('{table} tbody tr:first-child td')]
        .map((td) => getComputedStyle(td, '::before').content)""")
    assert any(label not in ("none", '""', "normal") for label in labels), labels


def test_stats_table_is_a_compact_table_on_phone(live_server, new_page, make_user, feedback, db):
    """A phone keeps the statistics a table of short rows (cards of eight labelled lines made it 25,000 px long)."""
    for category in ("O_GA", "ATTP", "LAN_CHIEM"):
        file_report(db, feedback, category=category)
    name, _ = make_user("leader")
    for dimension in ("agency", "category", "area"):
        page = new_page("phone")
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/stats/feedback?dimension={dimension}")
        assert horizontal_overflow(page) == 0
        assert page.evaluate(WRAP_OVERFLOW) == 0
        row = page.locator("#fb-stats tbody tr").first
        assert row.evaluate("(tr) => getComputedStyle(tr).display") == "table-row"
        assert row.evaluate("(tr) => tr.getBoundingClientRect().height") < 64
    screenshot(page, "feedback-stats-compact-phone")
    laptop = new_page("laptop")
    login(laptop, live_server.url, name)
    laptop.goto(f"{live_server.url}/stats/feedback")
    assert laptop.evaluate("getComputedStyle(document.querySelector('#fb-stats tbody tr')).display") == "table-row"
    assert laptop.locator("#fb-stats thead th:visible").count() == 9  # the rank and every column


def test_categories_page_cards_on_phone_and_urgency_labels(live_server, new_page, make_user, feedback):
    name, _ = make_user("admin")
    page = new_page("phone")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/admin/feedback-categories")
    _assert_cards(page, "#fb-categories")
    screenshot(page, "feedback-categories-phone")
    urgency = (
        "([...document.querySelectorAll('#fb-categories tbody td:nth-child(5)')].map((td) => td.innerText.trim()))"
    )
    shown = set(page.evaluate(urgency))
    assert shown and shown <= {"Thông thường", "Khẩn cấp", "Phức tạp"}, shown
    page.goto(f"{live_server.url}/admin/feedback-categories?lang=en")
    english = set(page.evaluate(urgency))
    assert english and english <= {"Normal", "Urgent", "Complex"}, english


def test_whole_queue_card_is_the_link(live_server, new_page, make_user, feedback, db):
    report = file_report(db, feedback)
    name, _ = make_user("operator")
    page = new_page("phone")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/feedback")
    card = page.locator("#fb-queue-list .fb-item").first
    card.evaluate("(el) => el.scrollIntoView({block: 'center'})")  # clear of the sticky top bar and the tab bar
    box = card.bounding_box()
    assert box["height"] >= 44
    # Points all over the card — its description and its date line, not only the title — hit the link.
    for fx, fy in ((0.1, 0.9), (0.5, 0.6), (0.9, 0.95), (0.05, 0.1)):
        href = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href')",
            [box["x"] + box["width"] * fx, box["y"] + box["height"] * fy],
        )
        assert href == f"/feedback/{report.id}", (fx, fy)
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6)  # on the description
    page.wait_for_url(f"**/feedback/{report.id}")


def test_english_agency_and_category_names(client, make_user, feedback, db):
    report = file_report(db, feedback)
    assert report.agency_code
    agency = db.scalar(select(Agency).where(Agency.code == report.agency_code))
    category = db.scalar(select(Category).where(Category.code == report.category_code))
    assert agency.name_en and category.name_en
    name, operator = make_user("operator")

    listed = client.get("/api/v1/feedback/reports?lang=en", headers=operator).json()["items"][0]
    assert listed["agency_name"] == agency.name_en
    one = client.get(f"/api/v1/feedback/reports/{report.id}?lang=en", headers=operator).json()
    assert one["agency_name"] == agency.name_en
    assert client.get(f"/api/v1/feedback/reports/{report.id}", headers=operator).json()["agency_name"] == agency.name
    feature = client.get("/api/v1/feedback/map?lang=en", headers=operator).json()["features"][0]
    assert feature["properties"]["category"] == category.name_en
    feature = client.get("/api/v1/feedback/map?lang=vi", headers=operator).json()["features"][0]
    assert feature["properties"]["category"] == category.name
    public = client.get("/api/v1/feedback/public/geojson?lang=en").json()["features"]
    assert all(f["properties"]["category"] != category.name for f in public)

    # The staff queue page, in English through the language cookie.
    cookie_login(client, name)
    client.cookies.set("ioc_lang", "en")
    page = client.get("/feedback").text
    assert agency.name_en in page and agency.name not in page


def test_categories_are_edited_in_a_form_with_question_rows_and_errors_beside_fields(
    live_server, new_page, make_user, feedback, db
):
    name, _ = make_user("admin")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/admin/feedback-categories")
        assert page.locator("textarea#fb-cat-json").count() == 0  # no raw JSON box
        page.click("#fb-categories tr:has-text('RAC_THAI') [data-edit]")
        assert page.input_value("#cat-code") == "RAC_THAI" and page.input_value("#cat-name")
        assert page.locator(".fb-attr-row").count() == 1
        assert "sinh_hoat = Rác sinh hoạt" in page.input_value(".fb-attr-row [data-sub=values]")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"feedback-category-form-{viewport}")
    # A new category: a missing name and a bad code are shown beside their fields, nothing is saved.
    page.click("#cat-reset")
    page.fill("#cat-code", "bad code")
    page.click("#fb-cat-form button[type=submit]")
    assert page.locator("#cat-code[aria-invalid=true]").count() == 1
    assert page.locator("#cat-name[aria-invalid=true] ~ .field-error").count() == 1
    # A choice without a code is shown beside the question's choices.
    page.fill("#cat-code", "CAU_CONG")
    page.fill("#cat-name", "Cầu, cống hư hỏng")
    page.fill("#cat-name-en", "Damaged bridges and culverts")
    page.click("#cat-add-attr")
    row = page.locator(".fb-attr-row").first
    row.locator("[data-sub=code]").fill("loai")
    row.locator("[data-sub=description]").fill("Loại công trình")
    row.locator("[data-sub=datatype]").select_option("singlevaluelist")
    row.locator("[data-sub=values]").fill("cau = Cầu\n= Cống")
    page.click("#fb-cat-form button[type=submit]")
    page.wait_for_selector(".fb-attr-row [data-sub=values][aria-invalid=true]")
    assert db.scalar(select(Category).where(Category.code == "CAU_CONG")) is None
    screenshot(page, "feedback-category-form-errors-laptop")
    # The server's own check (two questions with one code) is reported in the form, nothing is saved.
    page.click("#cat-add-attr")
    twin = page.locator(".fb-attr-row").last
    twin.locator("[data-sub=code]").fill("loai")
    twin.locator("[data-sub=description]").fill("Loại khác")
    row.locator("[data-sub=values]").fill("cau = Cầu\ncong = Cống")
    page.click("#fb-cat-form button[type=submit]")
    page.wait_for_selector("#fb-cat-form .alert-error:not([hidden])")
    assert db.scalar(select(Category).where(Category.code == "CAU_CONG")) is None
    twin.locator(".fb-attr-remove").click()
    row.locator("[data-sub=values]").fill("cau = Cầu\ncong = Cống")
    with page.expect_navigation():
        page.click("#fb-cat-form button[type=submit]")
    assert page.locator("#fb-categories tr:has-text('CAU_CONG')").count() == 1
    db.expire_all()
    saved = db.scalar(select(Category).where(Category.code == "CAU_CONG"))
    assert saved.name_en == "Damaged bridges and culverts"
    assert [v["key"] for v in saved.attributes[0]["values"]] == ["cau", "cong"]
