"""The domain modules stay free of the framework."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = sorted(
    f"claims.domain.{path.stem}"
    for path in (ROOT / "claims" / "domain").glob("*.py")
    if path.stem != "__init__"
)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_domain_module_imports_nothing_from_django(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
