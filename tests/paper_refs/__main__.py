"""``python -m tests.paper_refs update [NAME …]`` regenerates references; ``check`` compares.

Run from the repository root with the project's virtualenv. ``check`` writes the new
page images and difference images of changed pages to ``--out`` (default: a folder in
the temporary directory) so they can be looked at before updating.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.paper_refs import REFS, differences, render, write
from tests.paper_refs.specs import SAMPLES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.paper_refs", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "check"))
    parser.add_argument("names", nargs="*", help=f"samples (default: all): {', '.join(SAMPLES)}")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "paper-refs-diff")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(SAMPLES)
    if unknown:
        parser.error(f"unknown sample(s): {', '.join(sorted(unknown))}")
    names = args.names or list(SAMPLES)
    if args.command == "update":
        for name in names:
            paths = write(render(name))
            print(f"{name}: {len(paths) - 1} page(s)")
        known = {f"{name}.txt" for name in SAMPLES}
        for stray in REFS.glob("*.txt"):
            if stray.name not in known:
                print(f"not a sample any more, removed: {stray.name}")
                stray.unlink()
                for image in REFS.glob(f"{stray.stem}-p*.png"):
                    image.unlink()
        return 0
    problems = [problem for name in names for problem in differences(render(name), args.out)]
    for problem in problems:
        print(problem)
    print(f"{len(names)} samples checked, {len(problems)} differences"
          + (f"; new images in {args.out}" if problems else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
