#!/usr/bin/env python3
"""Lists the findings of a corolint JSON report one per line, with their notes indented: the
form in which bench/realworld.sh's findings are read and triaged."""
import json
import sys

for path in sys.argv[1:]:
    report = json.load(open(path))
    for f in report["findings"]:
        print("%s:%d:%d: [%s] %s" % (f["file"], f["line"], f["column"], f["rule"], f["message"]))
        for n in f.get("notes", []):
            print("    %s:%d: %s" % (n["file"], n["line"], n["message"]))
    for u in report.get("failed_translation_units", []):
        print("FAILED %s: %s" % (u["file"], u["error"]))
