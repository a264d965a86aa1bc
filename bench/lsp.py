#!/usr/bin/env python3
"""How long the language server takes to answer an edit, against the unit's parse time alone.

One translation unit that includes Boost.Asio (test-inputs/rules/blocking-call-in-coroutine/
sleep.cpp, copied to a temporary directory with a one-entry compile_commands.json). Times:
  parse     clang++-16 -fsyntax-only on the unit (the floor: what any analysis must spend)
  cli       corolint --no-cache on the unit (process start, parse, rules, link)
  open      didOpen to the first textDocument/publishDiagnostics of `corolint lsp`
  type      didChange of an unsaved edit (a comment appended) to the next publishDiagnostics:
            the server waits 300 ms for typing to pause, then parses the editor's text
  save      didSave of that edit, now written (the unsaved text's results are never cached,
            so the result cache misses) to the next publishDiagnostics, each round
  resave    didSave again with no change (answered from the result cache), each round
Runs alternate over several rounds; the minimum of each is kept (on a shared machine noise only
ever adds time), medians are printed too. Targets: save / parse <= 1.10, resave / parse < 0.10,
type <= save + 0.3 s.
The server uses the default cache directory, like the command line.

Usage: bench/lsp.py [--build build] [--rounds 5]
"""
import argparse
import json
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
UNIT = ROOT / "test-inputs/rules/blocking-call-in-coroutine/sleep.cpp"


class Server:
    """`corolint lsp` over pipes: send messages, read until a wanted one arrives."""

    def __init__(self, corolint):
        self.p = subprocess.Popen([str(corolint), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def receive(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.p.stdout.read(1)
            if not byte:
                sys.exit("lsp bench: the server closed its output")
            header += byte
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return json.loads(self.p.stdout.read(length))

    def wait_for(self, wanted):
        while True:
            m = self.receive()
            if wanted(m):
                return m

    def close(self):
        shutdown = self.request("shutdown", None)
        self.wait_for(lambda m: m.get("id") == shutdown)
        self.notify("exit", None)
        self.p.wait()


def timed(command, cwd):
    start = time.monotonic()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=str(ROOT / "build"), help="build directory holding bin/corolint")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    corolint = pathlib.Path(args.build) / "bin" / "corolint"
    clang = shutil.which("clang++-16")
    if not corolint.is_file():
        sys.exit(f"lsp bench: {corolint}: not built (cmake --build {args.build} --target corolint)")
    if not clang:
        sys.exit("lsp bench: clang++-16 not found (scripts/install-deps.sh installs it)")

    work = pathlib.Path(tempfile.mkdtemp(prefix="corolint-lsp-bench-"))
    try:
        unit = work / "unit.cpp"
        shutil.copy(UNIT, unit)
        arguments = [clang, "-std=c++20", "-c", str(unit)]
        (work / "compile_commands.json").write_text(json.dumps(
            [{"directory": str(work), "file": str(unit), "arguments": arguments}]))
        uri = "file://" + str(unit)

        server = Server(corolint)
        initialize = server.request("initialize", {"processId": None, "rootUri": "file://" + str(work), "capabilities": {}})
        server.wait_for(lambda m: m.get("id") == initialize)
        server.notify("initialized", {})
        published = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        start = time.monotonic()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": unit.read_text()}})
        findings = len(server.wait_for(published)["params"]["diagnostics"])
        opened = time.monotonic() - start

        parse, cli, typed, saves, resaves = [], [], [], [], []
        for round in range(args.rounds):
            parse.append(timed([clang, "-std=c++20", "-fsyntax-only", str(unit)], work))
            cli.append(timed([str(corolint), "-p", str(work), "-q", "--no-cache", str(unit)], work))
            text = unit.read_text() + f"// edit {round}\n"
            start = time.monotonic()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": round + 2},
                                                     "contentChanges": [{"text": text}]})
            server.wait_for(published)
            typed.append(time.monotonic() - start)
            unit.write_text(text)
            for times in (saves, resaves):
                start = time.monotonic()
                server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
                server.wait_for(published)
                times.append(time.monotonic() - start)
        server.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    floor = min(parse)
    print(f"unit: {UNIT.relative_to(ROOT)} (Boost.Asio), {findings} diagnostics, {args.rounds} rounds")
    print(f"  parse (clang++-16 -fsyntax-only)  {floor:7.3f} s")
    print(f"  corolint --no-cache on the unit   {min(cli):7.3f} s   {min(cli) / floor:5.2f} x parse")
    print(f"  lsp: didOpen -> diagnostics       {opened:7.3f} s   {opened / floor:5.2f} x parse")
    median = statistics.median(parse)
    for name, times in (("didChange, unsaved", typed), ("didSave after an edit", saves),
                        ("didSave, no change", resaves)):
        print(f"  lsp: {name:21} -> diagnostics  min {min(times):7.3f} s  {min(times) / floor:5.2f} x parse;"
              f"  median {statistics.median(times):7.3f} s  {statistics.median(times) / median:5.2f} x parse")


if __name__ == "__main__":
    main()
