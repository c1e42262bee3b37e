"""The portal in a real browser: Debian's chromium driven by Selenium through Debian's chromedriver.
Signs in, uploads two sample exports by the file input, reads the verdict, opens the plate's QC
page and checks its standard curves are drawn, runs a blinded report, and checks that a lab of
another site cannot open the upload."""
import os
import shutil

import pytest

from conftest import SAMPLE, STUDY

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
    pytest.skip(f"no browser: {CHROMIUM} and {CHROMEDRIVER} are needed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def sign_in(browser, portal, name):
    browser.delete_all_cookies()
    browser.get(portal.base + "/login")
    browser.find_element(By.NAME, "name").send_keys(name)
    browser.find_element(By.NAME, "password").send_keys(portal.passwords[name])
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(EC.url_contains("/studies"))


def test_upload_verdict_report_and_site_isolation(browser, portal):
    # One flow export and one Luminex plate: the plate's QC page must draw its standard curves.
    flowjo = sorted((SAMPLE / "exports" / "flowjo").iterdir())[:1] + sorted((SAMPLE / "exports" / "xponent").iterdir())[:1]
    wait = WebDriverWait(browser, 120)

    # A lab signs in and uploads two exports through the file input.
    sign_in(browser, portal, "lab-a")
    assert STUDY in browser.page_source
    browser.get(f"{portal.base}/studies/{STUDY}/upload")
    browser.find_element(By.ID, "file").send_keys("\n".join(str(p) for p in flowjo))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    wait.until(EC.url_contains("/batches/"))
    batch_url = browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "#files tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows] == [p.name for p in flowjo]
    assert all(r.find_elements(By.TAG_NAME, "td")[2].text == "stored" for r in rows)
    assert "rows stored" in browser.find_element(By.ID, "totals").text

    # The verdict links to the batch's plate QC: each analyte's standard curve is drawn as SVG
    # (points and the fitted curve) with LLOQ/ULOQ marked.
    browser.find_element(By.LINK_TEXT, "Plate QC of this batch").click()
    wait.until(EC.url_contains("/qc"))
    fits = browser.find_elements(By.CSS_SELECTOR, "svg path.fit")
    assert fits, "no fitted standard curve drawn"
    assert all(len(f.get_attribute("d")) > 50 for f in fits)
    assert "LLOQ" in browser.page_source and "ULOQ" in browser.page_source

    # A lab of another site cannot open that upload.
    sign_in(browser, portal, "lab-b")
    browser.get(batch_url)
    assert "403" in browser.find_element(By.TAG_NAME, "h1").text
    assert flowjo[0].name not in browser.page_source

    # A researcher runs a blinded report and opens it.
    sign_in(browser, portal, "res")
    browser.get(f"{portal.base}/studies/{STUDY}/reports")
    assert not browser.find_elements(By.NAME, "randomization")
    browser.find_element(By.ID, "run-report").click()
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "p[role=status]"), "blinded, arms pooled"))
    link = browser.find_element(By.XPATH, "//table[@id='reports']//a[text()='report.html']")
    link.click()
    wait.until(EC.url_contains("/files/report.html"))
    assert STUDY in browser.page_source
