"""Headless Chromium for the tests of what a person sees: pages driven through Debian's chromium and
chromium-driver (installed by tests/servers/setup.sh), never a browser fetched from the network.

``browser`` is one Chromium for the whole test session, in a new empty profile, with the network
features that would call out switched off. ``keep_screenshot`` saves what the browser shows under
``test-artefacts/screenshots/`` so that a person can look at it after the run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artefacts" / "screenshots"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def _require(program: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} not found: tests/servers/setup.sh installs Debian's chromium and chromium-driver"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """A headless Chromium driven by WebDriver, in a throwaway profile."""
    chromium = _require("chromium")
    driver_program = _require("chromedriver")
    profile = tempfile.mkdtemp(prefix="budgetkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_program))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def keep_screenshot(driver: webdriver.Chrome, name: str) -> Path:
    """Save what the browser shows as ``test-artefacts/screenshots/<name>.png`` and return its path."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000, f"screenshot {name} is nearly empty"
    return path
