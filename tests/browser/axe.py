"""axe-core accessibility checks for browser tests.

axe-core comes from the npm registry: scripts/test installs it into .cache/npm
before pytest runs. Without it the accessibility tests skip loudly, unless
THESET_REQUIRE_BROWSER=1 makes that a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = "npm install --no-save --prefix .cache/npm axe-core@4.14.1"
BLOCKING_IMPACTS = ("serious", "critical")

# Runs axe on the whole document; answers only the violations, in a small shape.
_RUN = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    helpUrl: rule.helpUrl,
    nodes: rule.nodes.map((node) => ({
      target: node.target.join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


def require_axe() -> Path:
    """The path of axe.min.js; skip (or fail under THESET_REQUIRE_BROWSER=1) without it."""
    if AXE_JS.is_file():
        return AXE_JS
    reason = (
        f"ACCESSIBILITY TESTS NOT RUN: axe-core is missing at {AXE_JS.relative_to(ROOT)} "
        f"(scripts/test installs it; by hand: {INSTALL})"
    )
    if os.environ.get("THESET_REQUIRE_BROWSER") == "1":
        pytest.fail(f"THESET_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """axe's violations on the page as it is now, of the given impacts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(require_axe()))
    return [rule for rule in page.evaluate(_RUN) if rule["impact"] in impacts]


def describe(found: list[dict]) -> str:
    """A readable report of violations, for an assertion message."""
    lines = []
    for rule in found:
        lines.append(f"[{rule['impact']}] {rule['id']}: {rule['help']} ({rule['helpUrl']})")
        for node in rule["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node['html'][:160]}")
            summary = " ".join(node["summary"].split())
            lines.append(f"       {summary[:300]}")
        if len(rule["nodes"]) > 5:
            lines.append(f"    … and {len(rule['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page, label: str) -> None:
    """Fail with axe's explanation when the page has serious or critical violations."""
    found = violations(page)
    assert not found, f"axe-core found serious or critical violations on {label}:\n" + describe(
        found
    )
