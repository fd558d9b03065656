"""What a document is: publisher, year, phase and region read from its text, values a user gives,
manifests, and documents published as two files found by what they hold."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.cli import main
from budgetkg.errors import BudgetKGError
from budgetkg.given import GivenIdentity, ManifestError, given_identity, read_manifest
from budgetkg.interpret.identity import is_central, is_organisation_name, title_clue
from budgetkg.store import EmbeddedStore
from tests.conftest import SHARED, require_shared


@pytest.mark.parametrize(
    ("label", "is_name"),
    [
        ("深圳市民政局（本级）", True),
        ("中共武汉市江汉区委政法委员会", True),
        ("西南大学", True),
        ("上海市普陀区人民政府万里街道办事处", True),
        ("合计", False),
        ("总计", False),
        ("第二部分", False),
        ("拟变动情况", False),
        ("一般公共预算支出情况表", False),
        ("工资奖金津补贴", False),
    ],
)
def test_a_table_label_is_never_a_publisher(label: str, is_name: bool) -> None:
    assert is_organisation_name(label) is is_name


@pytest.mark.parametrize(
    ("title", "name", "year", "final"),
    [
        ("2026年深圳市民政局（本级）部门预算", "深圳市民政局（本级）", 2026, False),
        ("西南大学2024年度部门决算", "西南大学", 2024, True),
        ("2026年度苏州市自然资源和规划局单位预算公开", "苏州市自然资源和规划局", 2026, False),
        ("长沙市信访局2026年部门预算公开", "长沙市信访局", 2026, False),
        ("广州市生态环境局2026年部门整体预算绩效目标申报表", "广州市生态环境局", 2026, False),
        ("目录第二部分2026年部门预算表", None, 2026, False),
    ],
)
def test_title_lines_name_publisher_year_and_phase(
    title: str, name: str | None, year: int, final: bool
) -> None:
    clue = title_clue(title)
    assert clue is not None
    assert (clue.name, clue.year, clue.final) == (name, year, final)


def test_central_departments_and_their_units() -> None:
    assert is_central("国家信访局", "")
    assert is_central("教育部", "")
    assert is_central("西南大学", "西南大学是教育部直属的重点综合大学")
    assert not is_central("西南大学", "位于重庆市北碚区")
    assert not is_central("深圳市民政局", "教育部直属")


def test_given_values_are_checked() -> None:
    assert given_identity("440300", "2026", " 深圳市民政局 ", "决算", "here") == GivenIdentity(
        "440300", 2026, "深圳市民政局", "executed"
    )
    with pytest.raises(ManifestError, match="region '44030' is not a six-digit code"):
        given_identity("44030", None, None, None, "here")
    with pytest.raises(ManifestError, match="year '26'"):
        given_identity(None, "26", None, None, "here")
    with pytest.raises(ManifestError, match="phase 'xyz'"):
        given_identity(None, None, None, "xyz", "here")


def test_given_values_win_and_a_disagreement_is_noted(seeds_dir: Path) -> None:
    store = EmbeddedStore(None)
    report = build(
        [seeds_dir / "001_e33aeb18e1a17c72.txt"], store, given=GivenIdentity(region="430900", year=2025)
    )
    info = report.built[0].extraction.document
    assert (info.region_code, info.fiscal_year, info.department_name) == (
        "430900",
        2025,
        "沅江市委政法委员会",
    )
    found = [
        (finding.rule, finding.severity, finding.printed, finding.reason_en)
        for finding in report.built[0].extraction.findings
        if finding.rule == "extract.identity-differs"
    ]
    assert found == [
        (
            "extract.identity-differs",
            "info",
            "2024",
            "The year given (2025) differs from the one read from the document (2024); "
            "the given value is used",
        ),
        (
            "extract.identity-differs",
            "info",
            "430981 沅江市",
            "The region given (430900 益阳市) differs from the one read from the publisher's name "
            "(430981 沅江市); the given value is used",
        ),
    ]


def test_a_manifest_states_what_is_known_and_agreeing_values_are_not_reported(tmp_path: Path) -> None:
    real = require_shared(SHARED / "real")
    source = tmp_path / "docs"
    source.mkdir()
    shutil.copy(real / "GD_guangzhou_sthjj_2026_perf_dept.pdf", source / "form.pdf")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,region,department,year,phase,group\ndocs/form.pdf,440100,,2026,approved,\n", encoding="utf-8"
    )
    entries = read_manifest(manifest)
    assert [(entry.path, entry.given.region, entry.given.year) for entry in entries] == [
        (source / "form.pdf", "440100", 2026)
    ]
    report = build([], EmbeddedStore(None), manifest=entries)
    info = report.built[0].extraction.document
    assert (info.department_name, info.region_code, info.fiscal_year, info.kind) == (
        "广州市生态环境局",
        "440100",
        2026,
        "performance-targets",
    )
    assert not [f for f in report.built[0].extraction.findings if f.rule == "extract.identity-differs"]


def test_a_manifest_with_unknown_columns_is_refused(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,regoin\nx.pdf,440300\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"unknown column.*regoin"):
        read_manifest(manifest)


def _beijing_as_published(folder: Path) -> tuple[Path, Path]:
    """The Beijing narrative and tables under names as the publisher gives them (no convention)."""
    real = require_shared(SHARED / "real")
    folder.mkdir()
    narrative = folder / "2026年北京市财政局部门预算.pdf"
    tables = folder / "财政局_2026年部门预算.pdf"
    shutil.copy(real / "BJ_beijing_czj_2026_dept_budget.pdf", narrative)
    shutil.copy(real / "BJ_beijing_czj_2026_tables.pdf", tables)
    return narrative, tables


def test_two_files_of_one_document_are_paired_by_content(tmp_path: Path) -> None:
    narrative, tables = _beijing_as_published(tmp_path / "bj")
    report = build([tmp_path / "bj"], EmbeddedStore(None))
    assert len(report.built) == 1
    info = report.built[0].extraction.document
    assert info.name == f"{narrative.name} + {tables.name}"
    assert [(part.name, part.first_page) for part in info.parts] == [(narrative.name, 1), (tables.name, 11)]
    assert (info.department_name, info.fiscal_year, info.region_code) == ("北京市财政局", 2026, "110000")
    assert len(report.built[0].extraction.tables) == 14
    assert report.built[0].extraction.statements


def test_a_manifest_group_makes_one_document(tmp_path: Path) -> None:
    narrative, tables = _beijing_as_published(tmp_path / "bj")
    (tmp_path / "bj" / "其他.pdf").write_bytes(b"")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        f"file,group\nbj/{narrative.name},bj-2026\nbj/{tables.name},bj-2026\n", encoding="utf-8"
    )
    report = build([], EmbeddedStore(None), manifest=read_manifest(manifest))
    assert [built.extraction.document.name for built in report.built] == [f"{narrative.name} + {tables.name}"]


def test_build_says_what_is_wrong_with_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "picture.jpg").write_bytes(b"\xff\xd8")
    assert main(["build", str(tmp_path), "--store", str(tmp_path / "kg")]) == 2
    assert "no documents in" in capsys.readouterr().err
    assert main(["build", "--store", str(tmp_path / "kg")]) == 2
    assert "nothing to build" in capsys.readouterr().err
    with pytest.raises(BudgetKGError, match="no documents"):
        build([tmp_path], EmbeddedStore(None))


NARRATIVE_ONLY = "武汉市江汉区统计局2024年部门预算\n一、部门概况\n本部门负责全区统计工作。\n"
TABLES_ONLY = (
    "2024年部门支出预算总表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
    "合计\t\t30.00\t20.00\t10.00\n201\t一般公共服务支出\t30.00\t20.00\t10.00\n"
    "20105\t统计信息事务\t30.00\t20.00\t10.00\n"
)


def test_a_tables_file_naming_no_publisher_joins_the_one_narrative_of_its_folder(tmp_path: Path) -> None:
    (tmp_path / "说明.txt").write_text(NARRATIVE_ONLY, encoding="utf-8")
    (tmp_path / "附表.txt").write_text(TABLES_ONLY, encoding="utf-8")
    alone = build([tmp_path / "附表.txt"], EmbeddedStore(None))
    assert [error.reason for error in alone.failed] == [
        "cannot tell the publishing department; give it with --department/--year or a manifest"
    ]
    report = build([tmp_path], EmbeddedStore(None))
    assert not report.failed
    (built,) = report.built
    info = built.extraction.document
    assert (info.name, info.department_name, info.region_code, info.fiscal_year) == (
        "说明.txt + 附表.txt",
        "武汉市江汉区统计局",
        "420103",
        2024,
    )
    totals = {line.expenditure_type: line.amount for line in built.extraction.lines if line.is_total}
    assert totals == {"total": Decimal("30.00"), "basic": Decimal("20.00"), "project": Decimal("10.00")}
