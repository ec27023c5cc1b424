"""Loading the parser keeps torch out of the process, and torch still imports afterwards."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

_PROBE = """
import sys
from knowledge.text import parsing
parsing.warm_up()
parsed = parsing.parse_claim("the navy did not buy the jets")
assert parsed.negated and parsed.subject == ("navy",), parsed
assert "torch" not in sys.modules, "loading spaCy imported torch"
import torch  # the torch embedding backend and the ONNX export still get it
assert torch.tensor([1.0]).sum().item() == 1.0
print("ok")
"""


def test_the_parser_loads_without_torch_and_leaves_torch_importable() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"
