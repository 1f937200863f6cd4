"""Headless Chromium for the explorer's tests, through Playwright pointed at the system's browser.

Without Playwright or Chromium the tests skip, except in CI (CI=true), where they must run and
so fail: .ci/run installs Debian's chromium, and the `test` extra installs playwright."""
import os
import shutil

import pytest

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
GRAD_ROW = """id => {
  const node = Array.from(document.querySelectorAll("g.node")).find(g => g.querySelector("title").textContent === id);
  const row = Array.from(node.querySelectorAll("text")).filter(t => t.textContent.startsWith("grad ")).pop();
  return row && getComputedStyle(row).visibility === "visible" ? row.textContent : null;
}"""

# The values an element of the panel shows: every cell of its tables, else its one line ('[1, 2]' or '1.5').
SHOWN_ARRAY = """div => {
  const cells = div.querySelectorAll("table.values td");
  if (cells.length) return Array.from(cells).map(td => td.textContent);
  const text = (div.matches(".value") ? div : div.querySelector(".value")).textContent;
  return text.startsWith("[") ? text.slice(1, -1).split(", ") : [text];
}"""


def unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true, so the browser tests must run (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install playwright)")
    executable = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if executable is None:
        unavailable("no Chromium on PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


class OpenedPage:
    """A page with every request other than the page's own file, and every JavaScript error, logged."""

    def __init__(self, browser, width=1200, height=560):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.requests, self.errors = [], []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.route("**/*", self._only_the_file)

    def _only_the_file(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def open(self, path, state=None):
        """Load the page from disk; `state` opens it at that step (page.html#12)."""
        self.url = path.resolve().as_uri()
        self.page.goto(self.url if state is None else f"{self.url}#{state}")
        return self.page

    def state(self):
        return int(self.page.get_attribute("body", "data-state"))

    def current(self):
        return self.page.text_content("g.node.current title")

    def grad_row(self, node_id):
        return self.page.evaluate(GRAD_ROW, node_id)

    def close(self):
        self.page.close()
