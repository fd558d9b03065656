"""The explorer as a person uses it: the offline page in headless Chromium (choose a region, drill
down, go back, compare like with like, open a source page), the command line and JSON contract of
``budgetkg flows``, and ``/flows`` in ``budgetkg serve`` with its links to the source files."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from budgetkg.cli import main
from budgetkg.flows.links import offline_file_link
from budgetkg.flows.output import store_flow_graph, write_flows
from budgetkg.serve import ServeOptions
from budgetkg.store import EmbeddedStore
from tests.browser import keep_screenshot
from tests.conftest import SHARED, require_shared
from tests.real_build import RealBuild
from tests.test_flows import region_totals
from tests.test_serve import running


@pytest.fixture(scope="module")
def built_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("flows") / "kg"
    assert main(["build", str(seeds_dir), "--store", str(store)]) == 0
    return store


@pytest.fixture(scope="module")
def offline_page(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("page") / "flows.html"
    assert main(["flows", "--store", str(built_store), "--format", "html", "-o", str(page)]) == 0
    return page


def _flows(payload: dict[str, list[dict[str, object]]]) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    inflow: dict[str, Decimal] = {}
    outflow: dict[str, Decimal] = {}
    for link in payload["links"]:
        amount = Decimal(str(link["amount"]))
        inflow[str(link["target"])] = inflow.get(str(link["target"]), Decimal(0)) + amount
        outflow[str(link["source"])] = outflow.get(str(link["source"]), Decimal(0)) + amount
    return inflow, outflow


def test_json_is_the_data_the_picture_draws(built_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "flows.json"
    arguments = ["flows", "--store", str(built_store), "--param", "region=420103", "--param", "year=2024"]
    assert main([*arguments, "--format", "json", "-o", str(out)]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in payload["nodes"]}
    assert all({"id", "label", "amount"} <= set(node) for node in payload["nodes"])
    assert all({"source", "target", "amount", "inferred"} <= set(link) for link in payload["links"])
    assert all(isinstance(link["inferred"], bool) for link in payload["links"])
    assert all(link["source"] in nodes and link["target"] in nodes for link in payload["links"])
    inflow, outflow = _flows(payload)
    for node in set(inflow) & set(outflow):
        assert inflow[node] == outflow[node], nodes[node]["label"]
    (region,) = [node for node in payload["nodes"] if node["kind"] == "region"]
    assert region["label"] == "江汉区 2024年预算"
    assert Decimal(str(region["amount"])) == Decimal("5574.46")
    department = next(node for node in payload["nodes"] if node["label"] == "中共武汉市江汉区委政法委员会")
    lines = {source["line"] for source in department["sources"]}
    assert len(lines) == 4  # its four 类 lines
    assert all(
        line.startswith(source["document"] + "/line/") for line in lines for source in department["sources"]
    )
    assert {(document["department"], document["drawn_from"]) for document in payload["documents"]} == {
        ("中共武汉市江汉区委政法委员会", "functions"),
        ("中共武汉市江汉区委办公室", "functions"),
    }
    assert payload["undrawn"] == []


def test_graphml_and_parameter_errors(
    built_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    graphml = tmp_path / "flows.graphml"
    arguments = ["flows", "--store", str(built_store), "--param", "department=公安"]
    assert main([*arguments, "--format", "graphml", "-o", str(graphml)]) == 0
    text = graphml.read_text(encoding="utf-8")
    assert "武汉市公安局江汉区分局 各单位合计" in text
    assert "中共武汉市江汉区委办公室" not in text
    page = str(tmp_path / "x.html")
    assert main(["flows", "--store", str(built_store), "--param", "city=wuhan", "-o", page]) == 2
    assert "unknown parameter(s) city; it accepts: department, phase, region, year" in capsys.readouterr().err
    assert main(["flows", "--store", str(built_store), "--param", "year=2019", "-o", page]) == 2
    assert "for year=2019: nothing to draw" in capsys.readouterr().err
    assert main(["flows", "--store", str(built_store), "--param", "regon=420103", "-o", page]) == 2
    assert "unknown parameter(s) regon (did you mean 'region'?)" in capsys.readouterr().err


@pytest.mark.parametrize("form", ["json", "graphml", "html"])
def test_the_output_is_named_after_its_format(
    built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(tmp_path)
    arguments = ["flows", "--store", str(built_store), "--param", "region=130302", "--format", form]
    assert main(arguments) == 0
    assert [path.name for path in tmp_path.iterdir()] == [f"flows.{form}"]  # no GraphML unasked
    text = (tmp_path / f"flows.{form}").read_text(encoding="utf-8")
    assert text.startswith({"json": "{", "graphml": "<?xml", "html": "<!DOCTYPE html>"}[form])


def test_help_describes_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["flows", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--store STORE store folder (default: kg)" in text
    assert "--format {html,json,graphml} html: the offline explorer (default)" in text
    assert "default: flows.html, flows.json or flows.graphml" in text


def test_offline_page_loads_nothing_and_embeds_its_font(offline_page: Path) -> None:
    page = offline_page.read_text(encoding="utf-8")
    assert re.search(r"@font-face \{ font-family: \"BudgetKG CJK\";[^}]*url\(data:font/woff;base64,", page)
    assert page.count("<script") == 4
    outside_scripts = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"(src|href)=|<link|@import", outside_scripts)
    assert "<script src" not in page


def _total(driver: webdriver.Chrome, panel: int = 0) -> Decimal:
    element = driver.find_element(By.CSS_SELECTOR, f"#panel-{panel} .total")
    return Decimal(str(element.get_attribute("data-amount")))


def _choose(driver: webdriver.Chrome, menu: str, value: str) -> None:
    Select(driver.find_element(By.ID, menu)).select_by_value(value)


def _click_node(driver: webdriver.Chrome, label: str, kind: str | None = None) -> None:
    """Click the node drawn with ``label`` in the first chart, where the browser draws it."""
    nodes = driver.execute_script("return window.flowsExplorer.nodes(0)")
    node_id = next(node["id"] for node in nodes if node["label"] == label and kind in (None, node["kind"]))
    box = driver.execute_script("return window.flowsExplorer.nodeBox(0, arguments[0])", node_id)
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(round(box["x"]), round(box["y"]))
    actions.pointer_action.click()
    actions.perform()


def _labels(driver: webdriver.Chrome) -> set[str]:
    return {node["label"] for node in driver.execute_script("return window.flowsExplorer.nodes(0)")}


def test_choose_a_region_and_drill_down(browser: webdriver.Chrome, offline_page: Path) -> None:
    browser.get(offline_page.as_uri())
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart-0 svg"))
    _choose(browser, "region", "130302")
    assert _total(browser) == Decimal("1452.21")
    assert "海港区 2023 年预算" in browser.find_element(By.CSS_SELECTOR, "#panel-0 h3").text
    _choose(browser, "region", "420103")
    _choose(browser, "year", "2023")
    assert _total(browser) == Decimal("89052.55")
    assert browser.find_element(By.CSS_SELECTOR, "#panel-0 .total").text == "89,052.55 万元"
    assert "江汉区 2023年预算" in _labels(browser)
    keep_screenshot(browser, "flows-region")

    _click_node(browser, "武汉市公安局江汉区分局")
    WebDriverWait(browser, 10).until(lambda d: "江汉区 2023年预算" not in _labels(d))
    assert "武汉市公安局江汉区分局" in browser.find_element(By.ID, "path").text
    assert {"武汉市公安局江汉区分局本级", "武汉市江汉区交通大队", "项目支出", "基本支出"} <= _labels(browser)
    detail = browser.find_element(By.ID, "detail").text
    assert "89,052.55 万元" in detail
    assert "204 公共安全支出" in detail  # a line it comes from, linked to the line
    line = browser.find_element(By.LINK_TEXT, "204 公共安全支出").get_attribute("href")
    assert re.fullmatch(r"https://w3id\.org/budgetkg/id/doc/[0-9a-f]+/line/\d+", str(line))
    keep_screenshot(browser, "flows-department")

    (other,) = [label for label in _labels(browser) if label.startswith("其他（")]
    assert other == "其他（11 项）"  # the projects below 1 % of the department's project spending
    shown = len(_labels(browser))
    _click_node(browser, other)
    WebDriverWait(browser, 10).until(lambda d: other not in _labels(d))
    assert "合并的 11 项（已展开）" in browser.find_element(By.ID, "detail").text
    assert len(_labels(browser)) == shown - 1 + 11

    _click_node(browser, "204 公共安全支出")
    WebDriverWait(browser, 10).until(lambda d: "20402 公安" in _labels(d))
    assert browser.find_element(By.ID, "detail").text.count("72,643.00 万元") == 1
    keep_screenshot(browser, "flows-function")
    browser.find_element(By.ID, "back").click()
    assert "20402 公安" not in _labels(browser)
    assert "武汉市公安局江汉区分局本级" in _labels(browser)

    _choose(browser, "department", "武汉市公安局江汉区分局")  # chosen in the menu: starts at the department
    assert "江汉区 2023年预算" not in _labels(browser)
    assert {"武汉市公安局江汉区分局", "各单位合计"} <= _labels(browser)
    assert _total(browser) == Decimal("89052.55")


def test_one_year_beside_the_next_at_the_same_scale(browser: webdriver.Chrome, offline_page: Path) -> None:
    browser.get(offline_page.as_uri())
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart-0 svg"))
    _choose(browser, "region", "420103")
    _choose(browser, "year", "2023")
    _choose(browser, "compare", "year")
    assert _total(browser, 0) == Decimal("89052.55")
    assert _total(browser, 1) == Decimal("5574.46")
    # 武汉市公安局江汉区分局 has a 2023 budget, the 政法委 and the 办公室 a 2024 one: said above the pictures
    note = browser.find_element(By.ID, "compare-note").text
    assert note.startswith(
        "两侧的部门不同，合计不可直接比较。2023 年预算：武汉市公安局江汉区分局；2024 年预算："
    )
    assert "两侧没有相同的部门。" in note
    heights = [
        browser.execute_script(
            "var explorer = window.flowsExplorer;"
            "var region = explorer.nodes(arguments[0]).filter(function (n) { return n.kind === 'region'; });"
            "return explorer.nodeBox(arguments[0], region[0].id).height;",
            index,
        )
        for index in (0, 1)
    ]
    assert heights[0] / heights[1] == pytest.approx(89052.55 / 5574.46, rel=0.01)
    keep_screenshot(browser, "flows-compare-years")


def test_budget_beside_final_accounts(browser: webdriver.Chrome, real: RealBuild, tmp_path: Path) -> None:
    page = tmp_path / "putuo.html"
    write_flows(store_flow_graph(real.store, {"region": "310107", "year": "2024"}), "html", page)
    browser.get(page.as_uri())
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart-0 svg"))
    assert not browser.find_element(By.ID, "compare-note").is_displayed()
    _choose(browser, "compare", "phase")
    titles = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".panel h3")]
    assert titles == ["普陀区 2024 年预算", "普陀区 2024 年决算"]
    assert _total(browser, 0) == Decimal("15621.11")
    assert _total(browser, 1) == Decimal("2940.06")
    # the budget is 万里街道's and the final accounts 财政局's: the page says so
    note = browser.find_element(By.ID, "compare-note")
    assert note.is_displayed()
    assert note.text == (
        "两侧的部门不同，合计不可直接比较。2024 年预算：上海市普陀区人民政府万里街道办事处；"
        "2024 年决算：上海市普陀区财政局。两侧没有相同的部门。"
    )
    keep_screenshot(browser, "flows-compare-phases")

    # a department chosen: only that department is compared, on both sides
    _choose(browser, "department", "上海市普陀区人民政府万里街道办事处")
    titles = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".panel h3")]
    assert titles == [
        "普陀区 2024 年预算 · 上海市普陀区人民政府万里街道办事处",
        "普陀区 2024 年决算 · 上海市普陀区人民政府万里街道办事处",
    ]
    assert _total(browser, 0) == Decimal("15621.11")
    assert browser.find_element(By.CSS_SELECTOR, "#panel-1 .empty").text == (
        "上海市普陀区人民政府万里街道办事处 没有 2024 年决算的数据。"
    )
    assert "上海市普陀区财政局" not in browser.find_element(By.ID, "charts").text
    assert browser.find_element(By.ID, "compare-note").text == (
        "只比较“上海市普陀区人民政府万里街道办事处”，2024 年决算没有这一部门。"
        "2024 年预算：上海市普陀区人民政府万里街道办事处；2024 年决算：上海市普陀区财政局。"
    )
    keep_screenshot(browser, "flows-compare-one-department")


def _open_detail(browser: webdriver.Chrome, page_url: str, label: str) -> None:
    browser.get(page_url)
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart-0 svg"))
    _click_node(browser, label)
    WebDriverWait(browser, 10).until(lambda d: label in d.find_element(By.ID, "detail").text)


def test_source_pages_link_to_the_file_beside_the_offline_page(
    browser: webdriver.Chrome, real: RealBuild, tmp_path: Path
) -> None:
    """北京市财政局 is published as two files; its table by function is page 19 of the document, page 9
    of the second file."""
    folder = require_shared(SHARED / "real")
    page = tmp_path / "beijing.html"
    graph = store_flow_graph(real.store, {"region": "110000", "year": "2026"})
    write_flows(graph, "html", page, file_link=offline_file_link([folder], page))
    _open_detail(browser, page.as_uri(), "北京市财政局")
    pages = browser.find_elements(By.CSS_SELECTOR, "#detail a.page")
    assert {element.text for element in pages} == {"第 19 页"}
    target = (folder / "BJ_beijing_czj_2026_tables.pdf").resolve().as_uri() + "#page=9"
    assert {element.get_attribute("href") for element in pages} == {target}
    assert "（第 19 页）" in browser.find_element(By.ID, "detail").text
    # without the source folder, the page numbers are plain text
    write_flows(graph, "html", page)
    _open_detail(browser, page.as_uri(), "北京市财政局")
    assert not browser.find_elements(By.CSS_SELECTOR, "#detail a.page")
    assert "（第 19 页）" in browser.find_element(By.ID, "detail").text


@pytest.fixture(scope="module")
def served(seed_store: EmbeddedStore) -> Iterator[str]:
    for server in running(seed_store, ServeOptions(port=0, timeout=60, max_rows=100_000)):
        yield server.url


def test_serve_answers_the_explorer_for_the_chosen_parameters(
    served: str, browser: webdriver.Chrome, seed_store: EmbeddedStore
) -> None:
    with urllib.request.urlopen(f"{served}/flows?region=420103&year=2024&format=json", timeout=60) as reply:
        payload = json.loads(reply.read())
    regions = [node for node in payload["nodes"] if node["kind"] == "region"]
    assert [(node["label"], node["amount"]) for node in regions] == [("江汉区 2024年预算", 5574.46)]
    turtle = f"{served}/flows?region=420103&format=ttl"
    asked = urllib.request.Request(turtle, headers={"Accept": "text/html"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(asked, timeout=60)
    assert refused.value.code == 406
    assert "format=html, format=json" in refused.value.read().decode("utf-8")
    browser.get(f"{served}/flows?region=130302")
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#chart-0 svg"))
    assert _total(browser) == Decimal("1452.21") == region_totals(seed_store, "130302", "2023")["approved"]
    source = browser.find_element(By.CSS_SELECTOR, "#detail").text
    assert "点击图中节点" in source
    _click_node(browser, "中共秦皇岛市海港区委政法委员会本级", "department")
    link = browser.find_element(By.CSS_SELECTOR, "#detail a")
    assert link.get_attribute("href").startswith(f"{served}/id/doc/")
    keep_screenshot(browser, "flows-served")


@pytest.fixture(scope="module")
def served_real(real: RealBuild) -> Iterator[str]:
    folder = require_shared(SHARED / "real")
    for server in running(real.store, ServeOptions(port=0, timeout=60, max_rows=100_000, sources=(folder,))):
        yield server.url


def test_served_source_pages_open_the_file_at_the_page(served_real: str, browser: webdriver.Chrome) -> None:
    with urllib.request.urlopen(f"{served_real}/flows?region=110000&format=json", timeout=60) as reply:
        payload = json.loads(reply.read())
    (document,) = payload["documents"]
    assert [(file["name"], file["first_page"], file["href"]) for file in document["files"]] == [
        ("BJ_beijing_czj_2026_dept_budget.pdf", 1, "/source/BJ_beijing_czj_2026_dept_budget.pdf"),
        ("BJ_beijing_czj_2026_tables.pdf", 11, "/source/BJ_beijing_czj_2026_tables.pdf"),
    ]
    _open_detail(browser, f"{served_real}/flows?region=110000", "北京市财政局")
    hrefs = {
        element.get_attribute("href") for element in browser.find_elements(By.CSS_SELECTOR, "#detail a.page")
    }
    assert hrefs == {f"{served_real}/source/BJ_beijing_czj_2026_tables.pdf#page=9"}
    with urllib.request.urlopen(hrefs.pop().split("#")[0], timeout=60) as reply:
        assert reply.read(5) == b"%PDF-"
    keep_screenshot(browser, "flows-served-source")
