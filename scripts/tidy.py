#!/usr/bin/env python3
"""clang-tidy over the given files, two at a time, with a cache of clean results.

    python3 scripts/tidy.py BUILD_DIR LOG FILE...

A file that had no finding is remembered under ${XDG_CACHE_HOME:-~/.cache}/gdpr-tidy/ by the
SHA-256 of everything its result depends on: clang-tidy's version, .clang-tidy, its compile
command and its preprocessed source (every header it includes, ours and the system's). The next
run skips it while all of that is unchanged; a file with findings is always checked again.
GDPR_TIDY_CACHE=off checks every file. Exit 1 if any file had a finding (the output is in LOG).
"""
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys


def preprocessed(entry):
    args = shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c":
            continue
        out.append(a)
    return subprocess.run(out + ["-E", "-P"], cwd=entry["directory"], capture_output=True, check=True).stdout


def clang_tidy():
    """clang-tidy 22 when installed (scripts/run.sh installs it): it no longer runs its checks on
    the system headers' code, which makes a file that includes CLI11 several times cheaper to
    check (docs/hardening.md); else Debian's default clang-tidy."""
    for name in ("clang-tidy-22",):
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if os.access(os.path.join(folder, name), os.X_OK):
                return name
    return "clang-tidy"


def main():
    build, log, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    commands = {os.path.realpath(e["file"]): e for e in json.load(open(os.path.join(build, "compile_commands.json")))}
    tidy = os.environ.get("GDPR_CLANG_TIDY") or clang_tidy()
    version = subprocess.run([tidy, "--version"], capture_output=True, check=True).stdout
    profile = open(os.path.join(root, ".clang-tidy"), "rb").read()
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gdpr-tidy")
    use_cache = os.environ.get("GDPR_TIDY_CACHE", "on") != "off"
    os.makedirs(cache, exist_ok=True)

    def key(path):
        entry = commands[os.path.realpath(os.path.join(root, path))]
        h = hashlib.sha256()
        for part in (version, profile, entry["command"].encode(), preprocessed(entry)):
            h.update(hashlib.sha256(part).digest())
        return h.hexdigest()

    def check(path):
        k = key(path) if use_cache else None
        if k and os.path.exists(os.path.join(cache, k)):
            return path, True, b"", True
        r = subprocess.run([tidy, "-p", build, "--quiet", "--extra-arg=-Wno-unknown-warning-option", path],
                           cwd=root, capture_output=True)
        output = r.stdout + r.stderr
        clean = r.returncode == 0 and b"warning:" not in output and b"error:" not in output
        if clean and k:
            open(os.path.join(cache, k), "w").close()
        return path, clean, output, False

    cached = 0
    bad = []
    with open(log, "wb") as out, concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for path, clean, output, hit in pool.map(check, files):
            out.write(output)
            cached += hit
            if not clean:
                bad.append(path)
    print(f"clang-tidy: {len(files)} files, {cached} unchanged since a clean run (cache {cache})", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
