"""The analyst's pages of ``budgetkg serve`` (``/ui/…``, the saved questions' HTML answers, ``/source/…``),
over HTTP and in headless Chromium, on the seeds and the real disclosures of ../shared.

Figures asserted here were read by hand (tests/expected/real/<document>/NOTES.md and the seeds'
expected answers); the totals a page shows must equal the saved question's answer.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from budgetkg.cli import parser
from budgetkg.output import as_csv
from budgetkg.questions import catalogue, run_rows
from budgetkg.serve import BudgetServer, ServeOptions
from budgetkg.serve.templating import amount
from budgetkg.store import EmbeddedStore
from tests.browser import keep_screenshot
from tests.conftest import SHARED
from tests.real_build import RealBuild
from tests.test_serve import fetch, running

SHENZHEN = "440300"
AUDIT = "深圳市审计局"  # GD_shenzhen_sjj_2026_dept_budget: 10737.69 / 9206.23 / 1531.45 (支出总表)
CIVIL_AFFAIRS = "深圳市民政局（本级）"  # GD_shenzhen_mzj_2026_dept_budget: 28283.46 in all
AUDIT_FILE = "GD_shenzhen_sjj_2026_dept_budget.pdf"


@pytest.fixture(scope="module")
def seeds_server(seed_store: EmbeddedStore) -> Iterator[BudgetServer]:
    """The seeds, without their files at hand."""
    yield from running(seed_store, ServeOptions(port=0))


@pytest.fixture(scope="module")
def real_server(real: RealBuild) -> Iterator[BudgetServer]:
    """The real disclosures, with their PDF files served from ../shared/real."""
    yield from running(real.store, ServeOptions(port=0, sources=(SHARED / "real",)))


def html(url: str) -> str:
    reply = fetch(url, "text/html")
    assert reply.status == 200 and reply.media == "text/html", (url, reply.status, reply.text[:300])
    return reply.text


# ---- the saved questions' pages


def test_answers_read_for_people_and_csv_json_stay_raw(
    seeds_server: BudgetServer, seed_store: EmbeddedStore
) -> None:
    base = f"{seeds_server.url}/queries/department-overview"
    question = catalogue()["department-overview"]
    columns, rows = run_rows(seed_store, question, {"region": "420103"})
    assert [row["total_expenditure"] for row in rows] == ["877.92", "4726.54", "89052.55"]
    page = html(f"{base}?region=420103")
    assert "89,052.55" in page and "4,726.54" in page and "89052.55<" not in page
    assert "支出合计 <small>total_expenditure</small>" in page and "一般公共预算" in page
    # the parameters are menus of what the store holds, the chosen region selected
    assert '<option value="420103" selected>江汉区 420103</option>' in page
    assert '<option value="2023">2023</option>' in page and '<option value="executed">' not in page
    # CSV is byte for byte the answer of budgetkg query
    assert fetch(f"{base}?region=420103&format=csv").text == as_csv(columns, rows)
    assert fetch(f"{base}?region=420103&sort=-total_expenditure&format=csv").status == 400


def test_sorting_and_paging_on_the_server(seeds_server: BudgetServer) -> None:
    base = f"{seeds_server.url}/queries/department-overview?region=420103&format=html"
    descending = html(f"{base}&sort=-total_expenditure")
    shown = re.findall(r'data-value="([0-9.]+)"', descending.split('id="answer"')[1])
    assert shown[0] == "89052.55" and shown.index("4726.54") < shown.index("877.92")
    second = html(f"{base}&sort=-total_expenditure&size=1&page=2")
    cells = re.findall(r'<td class="num" data-value="([0-9.]+)"', second)
    assert cells[0] == "4726.54" and "89052.55" not in cells
    assert "第 2–2 行，共 3 行" in second and 'rel="next"' in second and 'rel="prev"' in second


def test_figures_without_their_file_say_so(seeds_server: BudgetServer) -> None:
    url = f"{seeds_server.url}/ui/figure?region=420103&year=2024&" + urllib.parse.urlencode(
        {"department": "中共武汉市江汉区委政法委员会", "amount": "4726.54"}
    )
    reply = fetch(url, "text/html")
    table_page = reply.headers.get("Location") or ""
    assert reply.status == 200 or table_page  # urllib follows the redirect: a table row of the document
    page = reply.text
    assert "4,726.54" in page and "原文件不在服务器上" in page and "000_3507bccae03dd461.txt" in page


# ---- browsing the real documents


def test_document_page_lists_its_tables_and_links_the_source(real_server: BudgetServer) -> None:
    page = html(f"{real_server.url}/ui/region/{SHENZHEN}")
    documents = re.findall(r'href="(/ui/doc/[0-9a-f]{16})" class="document">([^<]+)<', page)
    # the titles as read (民政局's cover title is read without its last character)
    assert sorted(title for _, title in documents) == [
        "2026年深圳市审计局部门预算",
        "2026年深圳市民政局（本级）部门预",
    ]
    audit = next(href for href, title in documents if AUDIT in title)
    document = html(real_server.url + audit)
    tables = re.findall(r'href="(/ui/doc/[0-9a-f]{16}/table/\d+)" class="table">([^<]+)<', document)
    titles = [title for _, title in tables]
    assert any("支出总表" in title for title in titles) and any("三公" in title for title in titles)
    # 支出总表 (表3) begins on page 21 of the PDF; its source link opens the file at that page
    summary = document.split("支出总表</a>")[1].split("</tr>")[0]
    assert f'href="/source/{AUDIT_FILE}#page=21"' in summary


def test_table_page_shows_the_printed_rows(real_server: BudgetServer) -> None:
    page = html(f"{real_server.url}/ui/region/{SHENZHEN}")
    audit = re.findall(r'href="(/ui/doc/[0-9a-f]{16})" class="document">2026年深圳市审计局', page)[0]
    document = html(real_server.url + audit)
    href = re.findall(r'href="(/ui/doc/[0-9a-f]{16}/table/\d+)" class="table">[^<]*支出总表', document)[0]
    table = html(real_server.url + href)
    assert "10,737.69" in table and "9,206.23" in table and "1,531.45" in table
    assert "20108" in table and "审计事务" in table and "6,960.90" in table
    assert f'href="/source/{AUDIT_FILE}#page=21"' in table


def test_only_files_the_store_names_are_served(real_server: BudgetServer) -> None:
    reply = fetch(f"{real_server.url}/source/{AUDIT_FILE}")
    assert reply.status == 200 and reply.media == "application/pdf" and reply.body.startswith(b"%PDF")
    for name in ("..%2F..%2Fpyproject.toml", "pyproject.toml", "README.md", "%2Fetc%2Fpasswd"):
        assert fetch(f"{real_server.url}/source/{name}").status == 404, name


# ---- in the browser


def wait_for(driver: webdriver.Chrome, css: str) -> None:
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))


def test_journalist_browses_a_region_in_the_browser(
    browser: webdriver.Chrome, real_server: BudgetServer, real: RealBuild
) -> None:
    _, answer = run_rows(real.store, catalogue()["department-overview"], {"region": SHENZHEN})
    expected = {row["department"]: row["total_expenditure"] for row in answer}
    assert expected == {AUDIT: "10737.69", CIVIL_AFFAIRS: "28283.46"}

    browser.get(f"{real_server.url}/ui/")
    wait_for(browser, "select[name=region]")
    keep_screenshot(browser, "ui-browse-all")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=region]")).select_by_value(SHENZHEN)
    WebDriverWait(browser, 30).until(lambda d: f"region={SHENZHEN}" in d.current_url)
    wait_for(browser, "#totals")
    documents = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#documents a.document")]
    assert len(documents) == 2
    shown = {
        row.find_elements(By.TAG_NAME, "td")[2].text: row.find_elements(By.TAG_NAME, "td")[4].text
        for row in browser.find_elements(By.CSS_SELECTOR, "#totals tbody tr")
    }
    assert shown == {department: amount(value) for department, value in expected.items()}
    keep_screenshot(browser, "ui-region")

    # sort by total, largest first (a second click on the heading)
    browser.find_element(By.PARTIAL_LINK_TEXT, "支出合计").click()
    WebDriverWait(browser, 30).until(lambda d: "sort=total_expenditure" in d.current_url)
    browser.find_element(By.PARTIAL_LINK_TEXT, "支出合计").click()
    WebDriverWait(browser, 30).until(lambda d: "sort=-total_expenditure" in d.current_url)
    first = browser.find_element(By.CSS_SELECTOR, "#totals tbody tr td:nth-child(3)").text
    assert first == CIVIL_AFFAIRS

    # one row a page: the second page holds the smaller total
    browser.get(browser.current_url + "&size=1")
    browser.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    WebDriverWait(browser, 30).until(lambda d: "page=2" in d.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "#totals tbody tr td:nth-child(3)").text == AUDIT

    # the row's document, then its expenditure summary
    browser.find_element(By.CSS_SELECTOR, "#totals a.document").click()
    wait_for(browser, "#tables")
    assert "2026年深圳市审计局部门预算" in browser.find_element(By.TAG_NAME, "h1").text
    keep_screenshot(browser, "ui-document")
    browser.find_element(By.PARTIAL_LINK_TEXT, "支出总表").click()
    wait_for(browser, "#printed")
    total_row = browser.find_element(By.CSS_SELECTOR, "#printed tr.total")
    assert "10,737.69" in total_row.text
    source = total_row.find_element(By.CSS_SELECTOR, "a.source").get_attribute("href") or ""
    assert source.endswith(f"/source/{AUDIT_FILE}#page=21")
    keep_screenshot(browser, "ui-table")


def test_saved_question_menus_in_the_browser(browser: webdriver.Chrome, real_server: BudgetServer) -> None:
    browser.get(f"{real_server.url}/queries/department-overview?format=html")
    wait_for(browser, "select[name=region]")
    Select(browser.find_element(By.CSS_SELECTOR, "select[name=region]")).select_by_value(SHENZHEN)
    browser.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 30).until(lambda d: f"region={SHENZHEN}" in d.current_url)
    cells = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#answer td.num")]
    assert "10,737.69" in cells and "28,283.46" in cells
    keep_screenshot(browser, "ui-question")


def test_department_page_and_a_figure_opening_its_source_page(real_server: BudgetServer) -> None:
    region = html(f"{real_server.url}/ui/region/{SHENZHEN}")
    department = re.findall(rf'href="(/ui/org/{SHENZHEN}/[^"]+)" class="department">{AUDIT}<', region)[0]
    page = html(real_server.url + department)
    assert page.count('class="document"') == 2  # its document, and the link of its row of totals
    assert "10,737.69" in page and "28,283.46" not in page
    # the total of the answer opens the PDF at the page that prints it: 收支总表, 支出总计, page 18
    query = urllib.parse.urlencode(
        {"region": SHENZHEN, "year": "2026", "department": AUDIT, "amount": "10737.69"}
    )
    request = urllib.request.Request(f"{real_server.url}/ui/figure?{query}")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=60)
    assert redirect.value.code == 303
    assert redirect.value.headers["Location"] == f"/source/{AUDIT_FILE}#page=18"
    places = html(f"{real_server.url}/ui/figure?{query}&list=1")
    assert places.count(f'href="/source/{AUDIT_FILE}#page=') >= 3  # 收支总表, 支出总表, 财政拨款 …


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def test_serve_takes_the_folders_of_the_sources() -> None:
    args = parser().parse_args(["serve", "--sources", "a", "--sources", "b/c"])
    assert args.sources == [Path("a"), Path("b/c")]
