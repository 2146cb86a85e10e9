# The shell's browser set-up (Chromium, the skip without it, browser tests last, the live server's address, CSP
# violations), shared with these tests: importing the hook and the fixtures registers them for this folder too.
from ims.ui.tests.browser.conftest import (  # noqa: F401
    _orm_beside_playwright,
    browser_type_launch_args,
    csp_violations,
    pytest_collection_modifyitems,
    site,
)
