"""Screenshot an HTML report with the system's headless Chromium (no downloads).

    python scripts/screenshot.py reports/audit.html docs/report.png [--width 1280 --height 1600]
    python scripts/screenshot.py reports/audit.html docs/report-phone.png --width 390 --mobile

`make screenshot` runs this on the demo report. ``chrome_driver()`` is also used by
tests/test_report_browser.py so that both drive Chromium the same way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def find_binaries() -> tuple[str | None, str | None]:
    """Paths of chromium and chromedriver (the Debian ones first), or None."""
    chromium = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    driver = CHROMEDRIVER if os.access(CHROMEDRIVER, os.X_OK) else shutil.which("chromedriver")
    return chromium, driver


def chrome_driver(profile_dir: str, *, width: int = 1280, height: int = 1600) -> Any:
    """A headless Chromium WebDriver using the system binaries; Selenium Manager stays off."""
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager fetch a browser or driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = find_binaries()
    if chromium is None or driver is None:
        raise RuntimeError(
            "chromium and chromedriver are required (apt-get install chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console, CSP reports
    return webdriver.Chrome(service=Service(driver), options=options)


def set_viewport(driver: Any, width: int, height: int, *, mobile: bool = False) -> None:
    """Make the page viewport exactly ``width``×``height`` CSS pixels (window chrome aside)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def screenshot(
    html: Path, png: Path, *, width: int = 1280, height: int = 1600, mobile: bool = False
) -> None:
    """Open ``html`` from disk and save the top ``width``×``height`` of the page to ``png``."""
    with tempfile.TemporaryDirectory(prefix="transcheck-chromium-") as profile:
        driver = chrome_driver(profile, width=width, height=height)
        try:
            set_viewport(driver, width, height, mobile=mobile)
            driver.get(html.resolve().as_uri())
            png.parent.mkdir(parents=True, exist_ok=True)
            if not driver.save_screenshot(str(png)):
                raise RuntimeError(f"could not write {png}")
        finally:
            driver.quit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--mobile", action="store_true", help="emulate a phone (touch, meta viewport)")
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"screenshot: {args.html}: no such file", file=sys.stderr)
        return 2
    try:
        screenshot(args.html, args.png, width=args.width, height=args.height, mobile=args.mobile)
    except Exception as exc:  # report any browser failure in one line, not a traceback
        print(f"screenshot: {exc}", file=sys.stderr)
        return 1
    print(f"screenshot: {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
