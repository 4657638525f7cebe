#!/usr/bin/env python3
"""The benchmark of `gdpr watch` (issue 22, SPEC §13): the watch over the tests' HTTP stand-ins
(tests/cli/hubspot_standin.py, mailchimp_standin.py) with N generated contacts, for each N and
kind: gdpr's wall time, its own CPU time (user + system, from the kernel) and its share of the wall
time, and its peak RSS; then the ratio of the peak RSS at the largest N to the smallest. The
watch should spend its time waiting for the system (CPU well under a third of the wall time) and
keep memory flat (within 10% from 10k to 1M): one page is in memory at a time.

Each size runs twice: against the bare stand-in, which answers a page in about a millisecond (a
hundred times faster than HubSpot's API: the worst case for the CPU share), and with
--latency-ms (default 25) added to every answer, a round trip still well below a real API's.

    python3 bench/watch.py                                   # 10k and 1M contacts, hubspot and mailchimp
    python3 bench/watch.py --rows 2000,20000 --gdpr build/cli/gdpr   # the suite's smoke run

One erased person is back among the generated contacts, so each run must exit 3 with one find.
The stand-in is Python and answers one request at a time per connection: the wall time is mostly
its own, which is the point (a real system answers slower still).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "pat-eu1-bench-token"
KEY = "0123456789abcdef0123456789abcdef-us21"


def start_standin(script, folder, secret):
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "cli", script), folder, secret])
    for _ in range(200):
        if os.path.exists(os.path.join(folder, "port")) and open(os.path.join(folder, "port")).read().strip():
            return proc, "http://127.0.0.1:" + open(os.path.join(folder, "port")).read().strip()
        time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"the stand-in {script} did not start")


def system_toml(kind, url, work):
    if kind == "hubspot":
        return (f'[[systems]]\nname = "hubspot"\nkind = "hubspot"\ntoken_file = "{work}/token"\n'
                f'base_url = "{url}"\ntimeout_seconds = 600\n')
    return (f'[[systems]]\nname = "mailchimp"\nkind = "mailchimp"\napi_key_file = "{work}/key"\n'
            f'base_url = "{url}/3.0"\naudiences = ["list-a"]\ntimeout_seconds = 600\n')


def prepare(gdpr, kind, work, env):
    """A database with one erased contact, and the stand-in, which lists that person (written in
    upper case) and then DIR/generated synthetic contacts."""
    folder = os.path.join(work, kind)
    os.makedirs(folder)
    for name, secret in (("token", TOKEN), ("key", KEY)):
        with open(os.path.join(work, name), "w") as f:
            f.write(secret + "\n")
        os.chmod(os.path.join(work, name), 0o600)
    if kind == "hubspot":
        with open(os.path.join(folder, "contacts.json"), "w") as f:
            f.write('[{"id": "501", "email": "erased.person@example.com"}]')
        proc, url = start_standin("hubspot_standin.py", folder, TOKEN)
    else:
        with open(os.path.join(folder, "members.json"), "w") as f:
            f.write('{"list-a": ["erased.person@example.com"]}')
        proc, url = start_standin("mailchimp_standin.py", folder, KEY)
    with open(env["GDPR_CONFIG"], "w") as f:
        f.write('organization = "Bench"\n[identity]\nallow_override = true\n[roles]\nreviewers = ["bob"]\n'
                'workers = ["wrk"]\n' + system_toml(kind, url, work))
    run = lambda *a: subprocess.run([gdpr, *a], env=env, check=True, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
    run("init")
    run("contact", "add", "K-1", "name=Erased Person", "email=erased.person@example.com")
    run("--as", "alice", "request", "K-1", "--reason", "Customer asked in writing", "--clarified")
    run("--as", "bob", "approve", "1", "--yes")
    # the person is back, written differently
    if kind == "hubspot":
        with open(os.path.join(folder, "contacts.json"), "w") as f:
            f.write('[{"id": "901", "email": " ERASED.Person@example.com"}]')
    else:
        with open(os.path.join(folder, "members.json"), "w") as f:
            f.write('{"list-a": ["Erased.Person@Example.com"]}')
    return proc, folder


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="10000,1000000", help="contacts each system lists, comma-separated")
    ap.add_argument("--kinds", default="hubspot,mailchimp")
    ap.add_argument("--gdpr", default=os.path.join(ROOT, "build", "cli", "gdpr"))
    ap.add_argument("--latency-ms", type=int, default=25, help="the stand-in's added round trip of the second run")
    args = ap.parse_args()
    rows = [int(r) for r in args.rows.split(",")]
    gdpr = os.path.abspath(args.gdpr)
    print(f"gdpr watch over the stand-ins; gdpr = {gdpr}")
    print(f"{'kind':<10} {'contacts':>9} {'latency':>8} {'wall s':>8} {'CPU s':>7} {'CPU/wall':>9} {'us CPU/contact':>15} "
          f"{'peak RSS MiB':>13}")
    failed = False
    for kind in args.kinds.split(","):
        work = tempfile.mkdtemp(prefix="gdpr-bench-watch-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GDPR_")}
        env.update(HOME=work, GDPR_DB=os.path.join(work, "gdpr.db"), GDPR_CONFIG=os.path.join(work, "config.toml"),
                   LANG="C.UTF-8")
        proc, folder = prepare(gdpr, kind, work, env)
        try:
            rss = {}
            for n in rows:
                for latency in (0, args.latency_ms):
                    with open(os.path.join(folder, "generated"), "w") as f:
                        f.write(str(n))
                    with open(os.path.join(folder, "latency_ms"), "w") as f:
                        f.write(str(latency))
                    open(os.path.join(folder, "log"), "w").close()  # the stand-in's log: one line a request
                    wall, cpu, peak = measure(gdpr, env)
                    rss[n] = max(rss.get(n, 0), peak)
                    print(f"{kind:<10} {n:>9} {latency:>6}ms {wall:>8.2f} {cpu:>7.2f} {cpu / wall:>9.2f} "
                          f"{cpu / n * 1e6:>15.2f} {peak:>13.1f}", flush=True)
                    if latency:
                        failed |= cpu / wall >= 1 / 3
            ratio = rss[rows[-1]] / rss[rows[0]]
            print(f"{kind:<10} peak RSS at {rows[-1]} / at {rows[0]}: {ratio:.3f} (target <= 1.10)")
            failed |= ratio > 1.10
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
            shutil.rmtree(work, ignore_errors=True)
    print("every target met" if not failed else "a target was missed")


def measure(gdpr, env):
    """(wall s, CPU s of gdpr, peak RSS MiB of gdpr) of one watch."""
    with open(os.devnull, "rb") as inp:
        start = time.perf_counter()
        proc = subprocess.Popen([gdpr, "--as", "wrk", "-q", "watch", "--format", "json"], stdin=inp,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        out = proc.stdout.read()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 3 or out.count(b'"contact_id"') != 1:
        raise SystemExit(f"gdpr watch exited {code}, expected 3 with one find: {out!r} {err!r}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
