"""Shared fixtures: the real documents beside the checkout, built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from budgetkg.build import build
from budgetkg.store import EmbeddedStore
from tests.real_build import RealBuild

pytest_plugins = ["tests.browser"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXPECTED = Path(__file__).resolve().parent / "expected"


def require_shared(path: Path) -> Path:
    """``path`` under ../shared; skip with a reason when it is missing, but fail under CI."""
    if path.exists():
        return path
    message = f"{path.name} not found beside the checkout (expected at ../shared/{path.relative_to(SHARED)})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The folder of the five seed documents."""
    return require_shared(SEEDS)


@pytest.fixture(scope="session")
def seed_store(seeds_dir: Path) -> EmbeddedStore:
    """An in-memory store holding the five seeds."""
    store = EmbeddedStore(None)
    report = build([seeds_dir], store)
    assert not report.failed, report.failed
    assert len(report.built) == 5
    return store


@pytest.fixture(scope="session")
def real() -> RealBuild:
    """The real disclosures (PDF) of ../shared/real, built once into an in-memory store."""
    return RealBuild(require_shared(SHARED / "real"))
