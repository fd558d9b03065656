"""The analyst's pages of ``budgetkg serve`` (``/ui/…``, the saved questions' HTML answers, ``/source/…``),
over HTTP and in headless Chromium, on the seeds and the real disclosures of ../shared.

Figures asserted here were read by hand (tests/expected/real/<document>/NOTES.md and the seeds'
expected answers); the totals a page shows must equal the saved question's answer.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from importlib.resources import files
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
from tests.test_serve import BASE, fetch, location, running

SHENZHEN = "440300"
CENTRAL = "100000"
SWU = "西南大学"  # CQ_beibei_swu_2024_dept_budget 486554.95 and CQ_beibei_swu_2024_final 481483.46 (支出合计)
SWU_BUDGET, SWU_FINAL = "CQ_beibei_swu_2024_dept_budget.pdf", "CQ_beibei_swu_2024_final.pdf"
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


def test_a_budget_and_its_final_accounts_each_lead_to_their_own_document(real_server: BudgetServer) -> None:
    base = f"{real_server.url}/ui/?region={CENTRAL}&year=2024"
    page = html(base)
    listed = dict(_document_files(real_server, f"{base}&format=csv"))
    assert sorted(listed) == [SWU_BUDGET, SWU_FINAL]
    totals = page.split('id="totals"')[1]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in totals.split("<tr>")[2:]]
    shown = [(cells[2], cells[4], re.sub(r"<[^>]+>", "", cells[5])) for cells in rows]
    assert shown == [(SWU, "预算", "486,554.95"), (SWU, "决算", "481,483.46")]
    assert "预决算 <small>phase_name</small>" in totals
    links = re.findall(r'<a href="(/ui/figure\?[^"]+)" class="document">文件</a>', totals)
    assert [location(real_server.url + link.replace("&amp;", "&")) for link in links] == [
        (303, listed[SWU_BUDGET]),
        (303, listed[SWU_FINAL]),
    ]
    # each figure of the final accounts opens the final accounts, not the budget
    final_total = re.findall(r'href="(/ui/figure\?[^"]+amount=481483.46)"', totals)[0].replace("&amp;", "&")
    status, target = location(real_server.url + final_total)
    assert status == 303 and target.startswith(f"/source/{SWU_FINAL}#page="), target
    # a link that does not say the phase lists both documents rather than guessing one
    query = urllib.parse.urlencode({"region": CENTRAL, "year": "2024", "department": SWU})
    both = html(f"{real_server.url}/ui/figure?{query}")
    places = re.findall(
        r'href="(/ui/doc/[0-9a-f]{16})" class="document">[^<]*</a></td>\n<td>2024</td><td>(..)</td>', both
    )
    assert places == [(listed[SWU_BUDGET], "预算"), (listed[SWU_FINAL], "决算")]


def _document_files(server: BudgetServer, url: str) -> list[tuple[str, str]]:
    """The file name and the page of each document a listing's CSV gives."""
    rows = csv.DictReader(io.StringIO(fetch(url).text))
    return [(row["file_name"], "/ui/" + row["doc"].removeprefix(BASE)) for row in rows]


def test_the_pages_font_is_served_once_and_kept(seeds_server: BudgetServer) -> None:
    pages = [
        "/",
        "/ui/",
        "/ui/region/420103",
        "/queries",
        "/queries/department-overview?format=html",
        "/id/region/420103",
    ]
    declared = {
        url
        for page in pages
        for url in re.findall(
            r'src: url\("(/static/[^"]+)"\) format\("woff"\)', html(seeds_server.url + page)
        )
    }
    assert len(declared) == 1
    (font_url,) = declared
    preload = f'<link rel="preload" href="{font_url}" as="font" type="font/woff" crossorigin>'
    assert all(preload in html(seeds_server.url + page) for page in pages)
    reply = fetch(seeds_server.url + font_url)
    asset = files("budgetkg.flows").joinpath("assets", "wqy-microhei-gb2312.woff").read_bytes()
    assert reply.status == 200 and reply.media == "font/woff" and reply.body == asset
    assert reply.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert hashlib.sha256(asset).hexdigest()[:12] in font_url
    again = fetch(seeds_server.url + font_url, headers={"If-None-Match": reply.headers["etag"]})
    assert again.status == 304 and again.body == b""
    assert fetch(seeds_server.url + "/static/wqy-microhei-gb2312.000000000000.woff").status == 404
    notice = fetch(f"{seeds_server.url}/static/WQY-MICROHEI-NOTICE.txt")
    assert notice.media == "text/plain" and "Apache License, Version 2.0" in notice.text
    assert "Apache License" in fetch(f"{seeds_server.url}/static/WQY-MICROHEI-LICENSE.txt").text


# ---- in the browser

GLYPHS = """
const done = arguments[arguments.length - 1];
const text = arguments[0];
function drawn(font) {
  const canvas = document.createElement("canvas");
  canvas.width = 48; canvas.height = 48;
  const context = canvas.getContext("2d");
  return [...text].map((character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = font;
    context.fillText(character, 6, 36);
    const alpha = context.getImageData(0, 0, 48, 48).data.filter((_, index) => index % 4 === 3);
    // the ink drawn and a digest of where it lies
    const sum = alpha.reduce(([ink, digest], value) => [ink + value, (digest * 31 + value) >>> 0], [0, 7]);
    return sum.join(":");
  });
}
document.fonts.ready.then(async () => {
  const faces = [...document.fonts].filter((face) => face.family.replace(/["']/g, "") === "BudgetKG CJK");
  const usedByPage = faces.map((face) => face.status);
  const page = drawn("32px " + getComputedStyle(document.body).fontFamily);
  const system = drawn("32px sans-serif");
  await Promise.all(faces.map((face) => face.load()));
  const served = drawn('32px "BudgetKG CJK"');
  done({usedByPage, loaded: faces.map((face) => face.status), page, system, served});
});
"""
DISTINCT = "预算决部门合计"  # seven different characters: drawn alike, they are boxes


def test_chinese_is_drawn_in_a_chinese_font_on_every_page(
    browser: webdriver.Chrome, real_server: BudgetServer
) -> None:
    documents = dict(
        _document_files(real_server, f"{real_server.url}/ui/?region={CENTRAL}&year=2024&format=csv")
    )
    pages = [
        "/",
        f"/ui/?region={CENTRAL}&year=2024",
        documents[SWU_FINAL],
        documents[SWU_FINAL] + "/table/1",
        "/queries/department-overview?format=html&region=100000",
        f"/id/region/{CENTRAL}",
    ]
    browser.set_script_timeout(60)
    for page in pages:
        browser.get(real_server.url + page)
        found = browser.execute_async_script(GLYPHS, DISTINCT)
        # the page's font draws seven characters as seven glyphs, never seven alike boxes
        assert len(set(found["page"])) == len(DISTINCT), page
        # the served face is declared on every page, loads, and has the glyphs itself
        assert found["loaded"] == ["loaded"] and len(set(found["served"])) == len(DISTINCT), page
        if len(set(found["system"])) < len(
            DISTINCT
        ):  # no system font with the glyphs: the page used the face
            assert found["usedByPage"] == ["loaded"], page
        if page.startswith("/ui/?"):
            keep_screenshot(browser, "ui-chinese-font")


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
        row.find_elements(By.TAG_NAME, "td")[2].text: row.find_elements(By.TAG_NAME, "td")[5].text
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
    assert location(f"{real_server.url}/ui/figure?{query}") == (303, f"/source/{AUDIT_FILE}#page=18")
    places = html(f"{real_server.url}/ui/figure?{query}&list=1")
    assert places.count(f'href="/source/{AUDIT_FILE}#page=') >= 3  # 收支总表, 支出总表, 财政拨款 …


def test_serve_takes_the_folders_of_the_sources() -> None:
    args = parser().parse_args(["serve", "--sources", "a", "--sources", "b/c"])
    assert args.sources == [Path("a"), Path("b/c")]
