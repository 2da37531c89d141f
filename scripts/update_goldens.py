"""Rebuild the expected graphs of the variant documents (tests/data/variants/expected/).

Run after a deliberate mapping change, read the diff, and commit it with the change:
    .venv/bin/python scripts/update_goldens.py
"""

import shutil
import tempfile
from pathlib import Path

from diplograph.build import build
from diplograph.project import Project

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ROOT / "tests" / "data" / "variants"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(seeds=VARIANTS / "seeds", output=out, project=Project(ROOT))
        expected = VARIANTS / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(out / "graphs", expected)
        print(f"wrote {len(list(expected.iterdir()))} expected graphs to {expected}")


if __name__ == "__main__":
    main()
