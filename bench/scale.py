#!/usr/bin/env python3
"""corolint at scale: the result cache, -j scaling, memory per worker and the link step's growth.

Generates a project of N translation units (default 200), each an Asio coroutine that calls a
helper defined in the next unit (a cross-file chain; every fifth helper sleeps), a tenth of them
including one shared header. Then measures, in one run on this machine, with figures and ratios:

  cold -j1 and cold -j2 (empty caches), and -j2's speed-up beside that of two parallel
  `clang++-16 -fsyntax-only` processes over the same units (the machine's measured ceiling),
  the four measured chunk by chunk in rotating order so that load from others falls alike;
  a warm re-run with nothing changed; a re-run after one .cpp changed, beside that unit's cold
  time plus the link step; a re-run after the header a tenth of the units include changed;
  peak RSS of one worker (corolint -j1 on one unit) against clang++-16 -fsyntax-only on it;
  the link step alone over synthetic summaries of 10^4, 10^5 and 10^6 functions.

Targets (issue 13): warm <= 5 % of cold; one .cpp changed <= (unit cold + link) * 1.1; -j2
speed-up >= 0.95 of clang's; RSS <= 1.2x clang's; link grows no worse than n log n, 10^6
functions in under 10 s. A script, not a test: these machines are shared, so read the ratios.

Usage: bench/scale.py [--build build] [--units 200] [--chunk 20] [--link-sizes 10000,100000,1000000] [--keep DIR]
"""
import argparse
import json
import math
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(cmd, cwd=None, ok=(0, 1)):
    """Runs cmd; returns (seconds, peak RSS in MiB of that process). Exits on an unexpected status."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"scale.py: error: {' '.join(map(str, cmd))} exited {code}: {err.strip()[:500]}")
    return seconds, usage.ru_maxrss / 1024.0


def generate(project, units):
    src, inc = project / "src", project / "include"
    src.mkdir(parents=True)
    inc.mkdir()
    (inc / "hot.hpp").write_text("#pragma once\ninline int hot_value() { return 1; }\n")
    (inc / "helpers.hpp").write_text("#pragma once\n#include <string>\n" +
                                     "".join(f"std::string helper_{i}(const std::string &);\n" for i in range(units)))
    entries = []
    for i in range(units):
        hot = '#include "hot.hpp"\n' if i % 10 == 0 else ""
        blocks = "  ::sleep(0);\n" if i % 5 == 0 else ""
        text = (f"#include <boost/asio.hpp>\n#include <unistd.h>\n#include \"helpers.hpp\"\n{hot}"
                f"namespace asio = boost::asio;\n"
                f"std::string helper_{i}(const std::string &s) {{\n{blocks}  return s + \"{i}\";\n}}\n"
                f"asio::awaitable<void> session_{i}(asio::ip::tcp::socket socket) {{\n"
                f"  std::string body = helper_{(i + 1) % units}(\"x\");\n"
                f"  co_await asio::async_write(socket, asio::buffer(body), asio::use_awaitable);\n}}\n")
        path = src / f"unit_{i:04d}.cpp"
        path.write_text(text)
        entries.append({"directory": str(project), "file": str(path),
                        "arguments": ["clang++-16", "-std=c++20", "-I", str(inc), "-c", str(path), "-o", f"{path}.o"]})
    (project / "compile_commands.json").write_text(json.dumps(entries, indent=1))
    return entries


def interleaved_cold(lint, entries, work, chunk):
    """Cold wall times of corolint -j1 and -j2 and of one and two parallel clang processes, summed
    over chunks of the units; each chunk runs all four, in an order that rotates from chunk to
    chunk, so that a shared machine's changing load falls on each alike. The -j1 and -j2 runs
    fill their own caches (each chunk is new to them), ready for the warm runs."""
    totals = dict.fromkeys(("j1", "j2", "clang1", "clang2"), 0.0)
    for n, start in enumerate(range(0, len(entries), chunk)):
        part = entries[start:start + chunk]
        files = [e["file"] for e in part]
        measures = {
            "j1": lambda: run(lint + ["-j1", "--cache-dir", str(work / "cache-j1")] + files)[0],
            "j2": lambda: run(lint + ["-j2", "--cache-dir", str(work / "cache")] + files)[0],
            "clang1": lambda: clang_parallel(part, 1),
            "clang2": lambda: clang_parallel(part, 2),
        }
        order = list(measures)
        order = order[n % 4:] + order[:n % 4]
        for name in order:
            totals[name] += measures[name]()
        print(f"  units {start + 1}-{start + len(part)}: " +
              ", ".join(f"{k} {v:.1f} s" for k, v in totals.items()), flush=True)
    return totals


def clang_parallel(entries, workers):
    """Wall time of `clang++-16 -fsyntax-only` over every unit on `workers` parallel processes."""
    queue = list(entries)
    running = []
    start = time.monotonic()
    while queue or running:
        while queue and len(running) < workers:
            e = queue.pop(0)
            args = [a for a in e["arguments"] if a not in ("-c",)]
            args = args[:args.index("-o")] + ["-fsyntax-only"]
            running.append(subprocess.Popen(args, cwd=e["directory"], stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))
        finished, _ = os.wait()  # whichever ends first frees its worker
        running = [p for p in running if p.pid != finished]
    return time.monotonic() - start


def synthetic_summaries(directory, functions, files=100):
    """Summary files of `functions` functions in `files` units: chains of ten functions, each a
    coroutine calling nine helpers one after the other, so that every function is reached; every
    thousandth function blocks (a finding per hundred chains, as in a mostly clean code base;
    otherwise the report, not the link step, is what gets measured)."""
    directory.mkdir(parents=True)
    per_file = max(1, functions // files)
    for f in range(files):
        path = f"/synthetic/unit_{f}.cpp"
        fns = []
        for i in range(f * per_file, min(functions, (f + 1) * per_file)):
            where = [path, i % 10000 + 1, 1, i % 10000 + 1, 10]
            calls = [{"callee": f"c:@F@fn_{i + 1}#", "name": f"fn_{i + 1}", "virtual": False, "where": where,
                      "on_pool": False}] if (i + 1) % 10 and i + 1 < functions else []
            blocking = [{"api": "sleep", "family": "sleep", "where": where}] if i % 1000 == 999 else []
            fns.append({"usr": f"c:@F@fn_{i}#", "name": f"fn_{i}", "coroutine": i % 10 == 0,
                        "framework": "asio" if i % 10 == 0 else "", "where": where, "blocking": blocking,
                        "calls": calls, "overrides": []})
        summary = {"corolint_summary": 3, "file": path, "functions": fns, "routes": [], "findings": [],
                   "error": None, "files_read": [path]}
        (directory / f"unit_{f}.{f:016x}.corolint.json").write_text(json.dumps(summary))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--chunk", type=int, default=20, help="units per interleaved cold measurement")
    parser.add_argument("--link-sizes", default="10000,100000,1000000")
    parser.add_argument("--keep", help="generate into this directory and keep it")
    args = parser.parse_args()
    corolint = pathlib.Path(args.build) / "bin" / "corolint"
    if not corolint.is_file():
        sys.exit(f"scale.py: error: {corolint}: not built (cmake --build {args.build} --target corolint)")
    if args.units < 10:
        sys.exit("scale.py: error: --units must be at least 10 (a tenth of them include the shared header)")
    work = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix="corolint-scale-"))
    if args.keep and work.exists():
        sys.exit(f"scale.py: error: {work}: exists; name a new directory")
    project = work / "project"
    entries = generate(project, args.units)
    lint = [str(corolint), "-p", str(project), "-q"]
    figures = {}
    try:
        print(f"{args.units} units, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
        cold = interleaved_cold(lint, entries, work, args.chunk)
        cold1, cold2, clang1, clang2 = cold["j1"], cold["j2"], cold["clang1"], cold["clang2"]
        speedup, ceiling = cold1 / cold2, clang1 / clang2
        warm, _ = run(lint + ["-j2", "--cache-dir", str(work / "cache")])

        # One .cpp changed: beside that unit's cold time and the link step alone.
        first = project / "src" / "unit_0001.cpp"
        first.write_text(first.read_text() + "// changed\n")
        one, _ = run(lint + ["-j2", "--cache-dir", str(work / "cache")])
        unit_cold, _ = run(lint + ["-j1", "--no-cache", str(first)])
        summaries = work / "summaries"
        run(lint + ["-j2", "--cache-dir", str(work / "cache"), "--summaries", str(summaries)])
        link_alone, _ = run([str(corolint), "link", "-q", str(summaries)])

        hot = project / "include" / "hot.hpp"
        hot.write_text(hot.read_text() + "// changed\n")
        header, _ = run(lint + ["-j2", "--cache-dir", str(work / "cache")])

        # Peak RSS of one worker against clang's on the same unit.
        _, rss = run(lint + ["-j1", "--no-cache", str(first)])
        e = entries[1]
        clang_args = e["arguments"][:e["arguments"].index("-o")]
        clang_args.remove("-c")
        _, clang_rss = run(clang_args + ["-fsyntax-only"], cwd=e["directory"])

        print(f"{args.units} units, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
        print(f"cold -j1                     {cold1:8.1f} s")
        print(f"cold -j2                     {cold2:8.1f} s   speed-up {speedup:.2f}")
        print(f"clang -fsyntax-only x1 / x2  {clang1:8.1f} s / {clang2:.1f} s   speed-up {ceiling:.2f}")
        print(f"  -j2 speed-up / clang's     {speedup / ceiling:8.2f}   (target >= 0.95)")
        print(f"warm, nothing changed        {warm:8.2f} s   {100 * warm / cold2:.1f} % of cold -j2 (target <= 5 %)")
        print(f"one .cpp changed             {one:8.2f} s   vs unit cold {unit_cold:.2f} s + link {link_alone:.2f} s: "
              f"{one / (unit_cold + link_alone):.2f}x (target <= 1.10)")
        print(f"header of 10 % changed       {header:8.2f} s   {100 * header / cold2:.1f} % of cold -j2")
        print(f"peak RSS, one unit           {rss:8.0f} MiB vs clang {clang_rss:.0f} MiB: {rss / clang_rss:.2f}x "
              f"(target <= 1.2)")
        figures.update(cold_j1=cold1, cold_j2=cold2, clang_j1=clang1, clang_j2=clang2, warm=warm, one_cpp=one,
                       unit_cold=unit_cold, link_alone=link_alone, header=header, rss_mib=rss, clang_rss_mib=clang_rss)

        previous = None
        for n in [int(x) for x in args.link_sizes.split(",") if x]:
            directory = work / f"synthetic-{n}"
            synthetic_summaries(directory, n)
            seconds, mib = run([str(corolint), "link", "-q", "--format", "json", str(directory)])
            growth = ""
            if previous:
                pn, ps = previous
                growth = f"   x{seconds / ps:.1f} time for x{n / pn:.0f} functions (n log n: x{n * math.log(n) / (pn * math.log(pn)):.1f})"
            print(f"link alone, {n:>8} functions {seconds:8.2f} s  {mib:6.0f} MiB{growth}", flush=True)
            figures[f"link_{n}"] = {"seconds": seconds, "mib": mib}
            previous = (n, seconds)
            shutil.rmtree(directory)
        print(json.dumps(figures))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
