"""Rebuild ``src/sme2go/matching/data/cpv.json.gz`` from the shared CPV tree.

Run from the repository root::

    .venv/bin/python tests/data/matching/make_cpv_data.py ../shared/data/cpv/cpv_en_tree.json

The shared file is a 3.5 MB pretty-printed nested tree whose leaves repeat their parent's
code as a child; the package keeps a flat, deduplicated ``[code, name, parent]`` list.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[3] / "src" / "sme2go" / "matching" / "data" / "cpv.json.gz"


def flatten(tree: list[dict]) -> list[list[str | None]]:
    rows: dict[str, list[str | None]] = {}

    def walk(nodes: list[dict] | None, parent: str | None) -> None:
        for node in nodes or []:
            code = node["cpv"]
            if code == parent:
                # Leaf nodes repeat their parent's code as a child: skip the echo.
                walk(node.get("children"), parent)
                continue
            rows.setdefault(code, [code, node["name"], parent])
            walk(node.get("children"), code)

    walk(tree, None)
    return sorted(rows.values(), key=lambda r: str(r[0]))


def main(argv: list[str]) -> int:
    tree = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    rows = flatten(tree)
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write(payload)
    print(f"{len(rows)} codes -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
