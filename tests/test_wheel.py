"""A built wheel carries the data folders, and the installed package finds them outside the checkout."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetkg.paths import data_root

ROOT = Path(__file__).resolve().parents[1]
DATA_FOLDERS = ("ontology", "shapes", "queries", "extract", "samples")
BUILD_INPUTS = ("pyproject.toml", "README.md", "budgetkg", *DATA_FOLDERS)
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc")


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``, bytecode caches left out."""
    return sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built offline from a copy of the checkout's sources."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=SKIPPED)
        else:
            shutil.copy2(path, source / name)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(source),
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--quiet",
        "-w",
        str(work / "dist"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"pip wheel failed:\n{result.stdout}\n{result.stderr}"
    (built,) = (work / "dist").glob("budgetkg-*.whl")
    return built


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_wheel_carries_every_file_of_the_data_folder(wheel: Path, folder: str) -> None:
    repository_files = files_under(ROOT / folder)
    assert repository_files, f"{folder}/ is empty in the checkout"
    expected = {f"budgetkg/_data/{path.relative_to(ROOT).as_posix()}" for path in repository_files}
    missing = sorted(expected - wheel_names(wheel))
    assert not missing, f"files of {folder}/ missing from the wheel: {missing}"


def test_wheel_carries_every_module_and_template(wheel: Path) -> None:
    expected = {path.relative_to(ROOT).as_posix() for path in files_under(ROOT / "budgetkg")}
    missing = sorted(expected - wheel_names(wheel))
    assert not missing, f"package files missing from the wheel: {missing}"


def test_installed_wheel_runs_the_demo_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)], check=True, timeout=120)
    python = environment / "bin" / "python"
    install = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--no-deps",
        "--no-index",
        "--quiet",
        str(wheel),
    ]
    result = subprocess.run(install, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"installing the wheel failed:\n{result.stdout}\n{result.stderr}"
    # The dependencies come from this environment's site-packages, listed after the venv's own; a
    # directory named in a .pth file is not scanned for further .pth files, so an editable install of
    # budgetkg here stays out of sight.
    (venv_site,) = (environment / "lib").glob("python3*/site-packages")
    (venv_site / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")

    where = subprocess.run(
        [str(python), "-c", "import budgetkg.paths as p; print(p.DATA_ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()) == venv_site / "budgetkg" / "_data"

    out = tmp_path / "demo"
    demo = subprocess.run(
        [str(environment / "bin" / "budgetkg"), "demo", "--out", str(out)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, f"budgetkg demo failed:\n{demo.stdout}\n{demo.stderr}"
    assert "built 4 sample documents" in demo.stdout
    assert (out / "validation.txt").is_file()
    assert (out / "budget.trig").stat().st_size > 0
    assert len(list((out / "answers").iterdir())) > 0


def test_data_root_prefers_the_installed_copy(tmp_path: Path) -> None:
    package = tmp_path / "budgetkg"
    (package / "_data").mkdir(parents=True)
    (tmp_path / "ontology").mkdir()
    assert data_root(package) == package / "_data"


def test_data_root_falls_back_to_the_checkout(tmp_path: Path) -> None:
    package = tmp_path / "budgetkg"
    package.mkdir()
    (tmp_path / "ontology").mkdir()
    assert data_root(package) == tmp_path


def test_data_root_names_both_places_when_neither_exists(tmp_path: Path) -> None:
    package = tmp_path / "budgetkg"
    package.mkdir()
    with pytest.raises(FileNotFoundError, match=r"_data.*ontology"):
        data_root(package)
