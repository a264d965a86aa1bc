#!/usr/bin/env python3
"""How much corolint costs over parsing alone, and what its link step costs.

Times `corolint -j1` against `clang++-16 -fsyntax-only` over the same translation units, and
against `corolint -j1 --direct-only` (no function summaries, no link step): the
bundled example server, the end-to-end sample project and the rule test inputs that include
Boost.Asio. Both sides get identical compile arguments from one generated compile_commands.json.
Runs alternate, several rounds; the minimum of each side is kept (noise on a shared machine only
ever adds time). Prints the figures and the ratio. Target: corolint / parse <= 1.15; link step a few percent.

Usage: bench/parse-cost.py [--build build] [--rounds 3]
"""
import argparse
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def translation_units():
    """(file, extra args) for every TU of the benchmark."""
    units = []
    for pattern in ("examples/coroweb-example/*.cpp", "test-inputs/projects/shop/src/*.cpp",
                    "test-inputs/projects/repository/src/*.cpp"):
        for f in sorted(ROOT.glob(pattern)):
            units.append((f, ["-I", str(ROOT / "include"), "-I", str(f.parent.parent / "include"),
                              "-isystem", str(ROOT / "test-inputs/include")]))
    for f in sorted((ROOT / "test-inputs/rules").rglob("*.cpp")):
        text = f.read_text()
        if "boost/asio" not in text:
            continue
        extra = []
        for line in text.splitlines():
            if "// ARGS:" in line:
                extra += line.split("// ARGS:", 1)[1].split()
        units.append((f, ["-isystem", str(ROOT / "test-inputs/include"), "-I", str(ROOT / "include")] + extra))
    return units


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=str(ROOT / "build"), help="build directory holding bin/corolint")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    corolint = pathlib.Path(args.build) / "bin" / "corolint"
    clang = shutil.which("clang++-16")
    if not corolint.is_file():
        sys.exit(f"parse-cost: {corolint}: not built (cmake --build {args.build} --target corolint)")
    if not clang:
        sys.exit("parse-cost: clang++-16 not found (scripts/install-deps.sh installs it)")

    units = translation_units()
    work = pathlib.Path(tempfile.mkdtemp(prefix="corolint-bench-"))
    commands = [{"directory": str(f.parent), "file": str(f),
                 "arguments": [clang, "-std=c++20", *extra, "-c", str(f)]} for f, extra in units]
    (work / "compile_commands.json").write_text(json.dumps(commands, indent=1))

    def run_clang():
        for c in commands:
            # the same arguments corolint gives clang: its own, plus -fsyntax-only and -w
            subprocess.run(c["arguments"][:-2] + ["-fsyntax-only", "-w", c["file"]], cwd=c["directory"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def run_corolint(*extra):
        r = subprocess.run([str(corolint), "-p", str(work), "-j1", "--format", "json", *extra],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        if r.returncode not in (0, 1):
            sys.exit(f"parse-cost: corolint failed with status {r.returncode}")
        return json.loads(r.stdout)

    report = run_corolint()  # warm the file cache for both sides
    if report["failed_translation_units"]:
        sys.exit(f"parse-cost: translation units failed to parse: {report['failed_translation_units']}")
    sides = (("clang", run_clang), ("direct", lambda: run_corolint("--direct-only")), ("corolint", run_corolint))
    best = {name: float("inf") for name, _ in sides}
    for r in range(args.rounds):
        for name, fn in sides:
            t = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
        print(f"round {r + 1}: " + ", ".join(f"{n} {best[n]:.2f} s" for n, _ in sides) + " (best so far)", file=sys.stderr)
    shutil.rmtree(work)

    ratio = best["corolint"] / best["clang"]
    print(f"translation units:            {len(commands)} ({len(report['findings'])} findings)")
    print(f"clang++-16 -fsyntax-only:     {best['clang']:.2f} s")
    print(f"corolint -j1 --direct-only:   {best['direct']:.2f} s")
    print(f"corolint -j1:                 {best['corolint']:.2f} s")
    print(f"ratio corolint / parse only:  {ratio:.3f}  (target <= 1.15: {'met' if ratio <= 1.15 else 'MISSED'})")
    link = best["corolint"] / best["direct"] - 1
    print(f"summaries + link step:        {link * 100:+.1f} % over direct-only analysis")


if __name__ == "__main__":
    main()
