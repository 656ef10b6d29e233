"""Figures that describe the layout of the package: modules per folder, the largest module,
imports that run back up a layer, and private names imported from another module.

    .venv/bin/python scripts/architecture_figures.py            # the working tree
    .venv/bin/python scripts/architecture_figures.py --rev REV  # a commit, e.g. e431231~1

Layers, from the bottom up (a module may import from its own layer and those below it):
domain < config, assessor, app_index < store < importing, sample, forms < presentation
< exports < widgets < apps, cli. Inside ``domain/``, the concept packages have layers of
their own: core < risk, intensity, quality, support < portfolio, training, labels (which
names the codes of the concepts below it) < workshop. Duplicated blocks are counted with the
``duplicates`` command where it is installed.
"""

from __future__ import annotations

import argparse
import ast
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "tilsynwidgets"

LAYERS = {
    "domain": 0,
    "config": 1,
    "assessor": 1,
    "app_index": 1,
    "store": 2,
    "importing": 3,
    "sample": 3,
    "forms": 3,
    "presentation": 4,
    "exports": 5,
    "widgets": 6,
    "apps": 7,
    "cli": 7,
}
DOMAIN_LAYERS = {
    "core": 0,
    "risk": 1,
    "intensity": 1,
    "quality": 1,
    "support": 1,
    "portfolio": 2,
    "training": 2,
    "labels": 2,
    "workshop": 3,
}


def module_name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, src: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names imported) for every ``tilsynwidgets`` import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                base = module_name(path, src).split(".")
                base = base[: len(base) - node.level + (path.name == "__init__.py")]
                target = ".".join([*base, node.module])
            else:
                target = node.module
            if target.startswith(PACKAGE):
                found.append((target, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith(PACKAGE)]
    return found


def is_module(src: Path, package: str, name: str) -> bool:
    """Whether ``from package import name`` imports a module of the package."""
    folder = src.joinpath(*package.split("."))
    return (folder / f"{name}.py").is_file() or (folder / name).is_dir()


def layer(module: str) -> tuple[int, int]:
    parts = module.split(".")[1:]
    top = LAYERS.get(parts[0], 0) if parts else 0
    inner = DOMAIN_LAYERS.get(parts[1], -1) if parts[:1] == ["domain"] and len(parts) > 1 else -1
    return top, inner


def figures(src: Path) -> dict[str, object]:
    files = [p for p in sorted((src / PACKAGE).rglob("*.py")) if "migrations" not in p.parts]
    per_folder = Counter(str(p.parent.relative_to(src)) for p in files if p.name != "__init__.py")
    sizes = {
        str(p.relative_to(src)): len(p.read_text(encoding="utf-8").splitlines()) for p in files
    }
    largest = max(sizes, key=lambda k: sizes[k])
    upward: list[str] = []
    upward_domain: list[str] = []
    private: list[str] = []
    for path in files:
        here = module_name(path, src)
        for target, names in imports_of(path, src):
            (top, inner), (their_top, their_inner) = layer(here), layer(target)
            if their_top > top:
                upward.append(f"{here} → {target}")
            elif top == their_top == 0 and -1 < inner < their_inner:
                upward_domain.append(f"{here} → {target}")
            hidden = [n for n in names if n.startswith("_") and not is_module(src, target, n)]
            if target != here and hidden:
                private.append(f"{here} → {target}: {', '.join(hidden)}")
    return {
        "modules per folder": dict(sorted(per_folder.items())),
        "modules over 400 lines": sorted(k for k, v in sizes.items() if v > 400),
        "largest module": f"{largest} ({sizes[largest]} lines)",
        "imports up a layer": upward,
        "imports up a domain package": upward_domain,
        "private names imported": private,
    }


def duplicate_pairs(tree: Path) -> str:
    command = shutil.which("duplicates")
    if command is None:
        return "– (duplicates is not installed)"
    out = subprocess.run(
        [command, "--repo", str(tree / "src"), "--seconds", "120"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return out.splitlines()[0] if out else "–"


def checkout(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="a commit to measure instead of the working tree")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = checkout(args.rev, Path(tmp)) if args.rev else ROOT
        result = figures(tree / "src")
        print(f"# {args.rev or 'working tree'}")
        for key, value in result.items():
            if isinstance(value, dict):
                print(f"{key}: {len(value)} folders")
                for folder, count in value.items():
                    print(f"  {folder}: {count}")
            elif isinstance(value, list):
                print(f"{key}: {len(value)}")
                for line in value:
                    print(f"  {line}")
            else:
                print(f"{key}: {value}")
        print(f"duplicated blocks in src: {duplicate_pairs(tree)}")


if __name__ == "__main__":
    main()
