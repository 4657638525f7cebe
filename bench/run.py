#!/usr/bin/env python3
"""gdpr benchmarks: builds Release, generates data, runs each workload several times and prints
medians and ratios against its baseline, side by side, in one run.

    python3 bench/run.py                 # 1,000,000 contacts, 5 runs each (several minutes)
    python3 bench/run.py --rows 100000 --runs 3
    python3 bench/run.py --rows 100000 --runs 1 --no-build --build-dir build   # the suite's smoke run

--no-build uses the gdpr and gdpr_benchgen already built in --build-dir (any build type: the
figures of a non-Release build are not the project's figures).

Wall time is measured around the whole process; peak RSS comes from the kernel (wait4 rusage).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sh(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


class Spec:
    """One workload: argv (or a function of the run index), a setup before each run, an env."""

    def __init__(self, cmd, setup=None, env=None):
        self.cmd, self.setup, self.env = cmd, setup, env


def run_once(spec, i):
    """Wall seconds and peak RSS (MiB) of one run."""
    if spec.setup:
        spec.setup(i)
    argv = spec.cmd(i) if callable(spec.cmd) else spec.cmd
    # Each run starts with nothing left to write back: otherwise a run pays for the dirty pages
    # of the one before it (an import leaves hundreds of MB).
    os.sync()
    with open(os.devnull, "wb") as devnull, open(os.devnull, "rb") as inp:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=devnull, stderr=subprocess.PIPE, stdin=inp, env=spec.env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        err = proc.stderr.read().decode()
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(argv)} exited {code}: {err}")
    return elapsed, usage.ru_maxrss / 1024


def interleaved(specs, runs):
    """(median wall seconds, max peak RSS MiB) of each spec. The specs take turns, run by run, in
    an order that rotates: on a shared machine the load drifts, and a workload measured in one
    block and its baseline in the next can see different machines."""
    times = [[] for _ in specs]
    rss = [[] for _ in specs]
    for i in range(runs):
        for k in range(len(specs)):
            j = (k + i) % len(specs)
            t, m = run_once(specs[j], i)
            times[j].append(t)
            rss[j].append(m)
    return [(statistics.median(t), max(m)) for t, m in zip(times, rss)]


def pg_rows(args, gdpr, csv, big, small, n, runs, quick, closed, env, row, work):
    """The PostgreSQL workloads (issue 20) on a private cluster of the tests: the CSV import against
    `psql \\copy` into a plain table, the mailing list against `\\copy (SELECT ...) TO STDOUT`, and
    review, remind, approve and find on the big database against the same on the small one. The
    two SQLite databases are copied there with `gdpr migrate` (run after the SQLite workloads, which
    approved the first open requests: PostgreSQL approves the next ones)."""
    base = tempfile.mkdtemp(prefix="gdpr-bench-pg-")
    os.chmod(base, 0o755)  # the server runs as the `postgres` user under root
    pgdir = os.path.join(base, "pg")
    cluster = os.path.join(ROOT, "tests", "pg", "cluster.sh")
    started = subprocess.run(["bash", cluster, "start", pgdir], check=False)
    if started.returncode == 77:
        raise SystemExit(77)  # no PostgreSQL server installed: cluster.sh said so
    if started.returncode != 0:
        raise SystemExit(f"could not start a private PostgreSQL cluster (status {started.returncode})")
    try:
        def psql(db, *extra, role="postgres"):
            return ["psql", "-h", pgdir, "-U", role, "-d", db, "-v", "ON_ERROR_STOP=1", "-qAtX", *extra]

        def uri(db, role):
            return f"postgresql:///{db}?host={pgdir}&user={role}"

        sh(psql("postgres", "-c", "CREATE ROLE gdpr_owner LOGIN CREATEROLE", "-c",
                "CREATE ROLE alice LOGIN", "-c", "CREATE ROLE bob LOGIN", "-c", "CREATE ROLE carol LOGIN",
                "-c", "CREATE DATABASE big OWNER gdpr_owner", "-c", "CREATE DATABASE small OWNER gdpr_owner"),
           stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        for db, path in (("big", big), ("small", small)):
            sh([gdpr, "--db", path, "migrate", "--to", uri(db, "gdpr_owner")], stdout=subprocess.DEVNULL, env=env)
            sh([gdpr, "--db", uri(db, "gdpr_owner"), "role", "grant", "reviewer", "bob", "carol"],
               stdout=subprocess.DEVNULL, env=env)
            sh([gdpr, "--db", uri(db, "gdpr_owner"), "role", "grant", "requester", "alice", "gdpr_owner"],
               stdout=subprocess.DEVNULL, env=env)
            # As after any bulk load: otherwise autovacuum works through the copied million rows
            # (and the first reads set their hint bits) while the workloads are measured.
            sh(psql(db, "-c", "VACUUM (ANALYZE)"), stdout=subprocess.DEVNULL)
        print(f"postgresql: both databases copied with gdpr migrate (then VACUUM ANALYZE) in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)

        columns = "Kundennr, Vorname, Nachname, EMail, Telefon, Strasse, PLZ, Ort, Geburtsdatum, Newsletter"

        def fresh_imp(create_table):
            def setup(_):
                sh(psql("postgres", "-c", "DROP DATABASE IF EXISTS imp", "-c", "CREATE DATABASE imp OWNER gdpr_owner"),
                   stdout=subprocess.DEVNULL)
                if create_table:
                    sh(psql("imp", "-c", f"CREATE TABLE t ({', '.join(c + ' text' for c in columns.split(', '))})",
                            role="gdpr_owner"), stdout=subprocess.DEVNULL)
                else:
                    sh([gdpr, "--db", uri("imp", "gdpr_owner"), "init"], stdout=subprocess.DEVNULL, env=env)
                    sh([gdpr, "--db", uri("imp", "gdpr_owner"), "role", "grant", "requester", "gdpr_owner"],
                       stdout=subprocess.DEVNULL, env=env)
            return setup

        ours, base_r = interleaved([
            Spec([gdpr, "--db", uri("imp", "gdpr_owner"), "contact", "import", csv, "--id-column", "Kundennr"],
                 fresh_imp(False), env),
            Spec(psql("imp", "-c", f"\\copy t FROM '{csv}' WITH (FORMAT csv, DELIMITER ';', HEADER true)",
                      role="gdpr_owner"), fresh_imp(True))], runs)
        row(f"postgresql: contact import of {n:,} rows", ours, base_r, 2.0, f"; peak RSS {ours[1]:.0f} MiB")

        mailable = "FROM gdpr.contacts WHERE status = 'active' AND NOT block_all_mail ORDER BY pos"
        ours, base_r = interleaved([
            Spec([gdpr, "--db", uri("big", "bob"), "--format", "csv", "contact", "list", "--mailable"], env=env),
            Spec(psql("big", "-c", f"\\copy (SELECT id, status, properties {mailable}) TO STDOUT WITH (FORMAT csv)",
                      role="bob"))], runs)
        row("postgresql: contact list --mailable --format csv", ours, base_r, 1.5)

        def pg_pair(name, argv, target):
            a, b = interleaved([Spec([gdpr, "--db", uri("big", "bob"), *argv], env=env),
                                Spec([gdpr, "--db", uri("small", "bob"), *argv], env=env)], quick)
            row(name, a, b, target)

        pg_pair(f"postgresql: review --format json ({n:,} vs 1k contacts)", ["--format", "json", "review"], 1.2)
        pg_pair("postgresql: review --remind", ["review", "--remind"], 1.2)
        first_big, first_small = closed + 1 + quick, 1 + quick  # after the ones SQLite approved
        a, b = interleaved([
            Spec(lambda i: [gdpr, "--db", uri("big", "bob"), "--yes", "approve", str(first_big + i)], env=env),
            Spec(lambda i: [gdpr, "--db", uri("small", "bob"), "--yes", "approve", str(first_small + i)], env=env)],
            quick)
        row("postgresql: approve --yes", a, b, 1.2)
    finally:
        sh(["bash", cluster, "stop", pgdir])
        shutil.rmtree(base, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", "--contacts", dest="contacts", type=int, default=1_000_000,
                    help="contacts in the CSV and the big database (default 1,000,000)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick-runs", type=int, default=21, help="runs of the millisecond workloads (default 21)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--no-build", action="store_true", help="use the binaries already built in --build-dir")
    ap.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite",
                    help="postgresql: on a private cluster of the tests (tests/pg/cluster.sh), the databases "
                         "copied there with `gdpr migrate`")
    ap.add_argument("--work-dir", default=None)
    args = ap.parse_args()
    n, runs = args.contacts, args.runs
    # Commands of a few milliseconds swing by a third between runs on a shared machine: they get
    # at least 21 runs (cheap), the long workloads --runs.
    quick = max(runs, args.quick_runs)
    closed, open_, events = max(n // 10, 10), 1000, n

    if not args.no_build:
        sh(["cmake", "-S", ROOT, "-B", args.build_dir, "-DCMAKE_BUILD_TYPE=Release", "-DGDPR_BUILD_BENCH=ON",
            "-DGDPR_BUILD_TESTS=OFF"], stdout=subprocess.DEVNULL)
        sh(["cmake", "--build", args.build_dir, "-j2", "--target", "gdpr", "gdpr_benchgen"], stdout=subprocess.DEVNULL)
    gdpr = os.path.join(args.build_dir, "cli", "gdpr")
    gen = os.path.join(args.build_dir, "bench", "gdpr_benchgen")
    work = args.work_dir or tempfile.mkdtemp(prefix="gdpr-bench-")
    os.makedirs(work, exist_ok=True)
    cfg = os.path.join(work, "config.toml")
    with open(cfg, "w") as f:
        f.write('[identity]\nallow_override = true\n[roles]\nreviewers = ["bob", "carol"]\n[review]\nassignee = "bob"\n'
                '[contacts]\nemail_property = "E-Mail"\n')
    env = dict(os.environ, GDPR_CONFIG=cfg, LANG="C")
    env.pop("GDPR_DB", None)

    csv = os.path.join(work, "contacts.csv")
    big, small = os.path.join(work, "big.db"), os.path.join(work, "small.db")
    t0 = time.perf_counter()
    sh([gen, "csv", csv, str(n)])
    sh([gen, "db", big, str(n), str(closed), str(open_), str(events)])
    sh([gen, "db", small, str(open_), "0", str(open_), str(open_)])
    # The generator writes through the store; `gdpr init` then stores the policy of the
    # configuration in each database, as it does for a database of an older gdpr.
    for db in (big, small):
        sh([gdpr, "--db", db, "init"], stdout=subprocess.DEVNULL, env=env)
    print(f"data: {n:,} contacts ({os.path.getsize(csv) / 1e6:.0f} MB CSV), {closed:,} closed and {open_:,} open "
          f"requests, {events:,} audit events; generated in {time.perf_counter() - t0:.0f} s", flush=True)

    rows = []

    def row(name, ours, base, target_ratio, extra=""):
        # target_ratio None: a reference row (what the same work costs SQLite itself), not a target.
        ratio = ours[0] / base[0]
        ok = target_ratio is None or ratio <= target_ratio
        rows.append((name, ours, base, ratio, target_ratio, ok, extra))
        target = f"target <= {target_ratio}x" if target_ratio is not None else "reference"
        print(f"  {name}: {ours[0] * 1000:.1f} ms vs {base[0] * 1000:.1f} ms = {ratio:.2f}x ({target}){extra}",
              flush=True)

    def sqlite_rows():
        imp_db = os.path.join(work, "import.db")

        def remove_db(path):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)

        def fresh_gdpr(_):
            remove_db(imp_db)
            sh([gdpr, "--db", imp_db, "init"], stdout=subprocess.DEVNULL, env=env)

        def fresh_sqlite(create, wal=False):
            def setup(_):
                remove_db(imp_db)
                pragmas = ["PRAGMA journal_mode = WAL"] if wal else []
                sh(["sqlite3", imp_db, *pragmas, create], stdout=subprocess.DEVNULL)
            return setup

        gdpr_import = Spec([gdpr, "--db", imp_db, "contact", "import", csv, "--id-column", "Kundennr"], fresh_gdpr, env)
        # Reference: the bytes gdpr stores. The contacts as gdpr keeps them (id and the properties
        # text, names included, about twice the CSV), through .import into a keyed WAL table with
        # secure_delete: what SQLite alone takes to write what an import writes.
        run_once(gdpr_import, 0)
        stored_csv = os.path.join(work, "stored.csv")
        with open(stored_csv, "wb") as out:
            sh(["sqlite3", "-csv", "-separator", ";", imp_db, "SELECT id, properties FROM contacts ORDER BY rowid"], stdout=out)
        columns = "Kundennr, Vorname, Nachname, EMail, Telefon, Strasse, PLZ, Ort, Geburtsdatum, Newsletter"
        sqlite_import = ["sqlite3", imp_db, "-cmd", ".mode csv", "-cmd", ".separator ;", "-cmd", f".import --skip 1 {csv} t"]
        plain = Spec(sqlite_import, fresh_sqlite(f"CREATE TABLE t ({columns})"))
        # Reference: the floor the erasure guarantee sets. The same .import into a table keyed by the
        # id (gdpr needs the unique id for upserts) with secure_delete on (needed on every connection).
        keyed = Spec(sqlite_import[:2] + ["-cmd", "PRAGMA secure_delete = ON"] + sqlite_import[2:],
                     fresh_sqlite(f"CREATE TABLE t ({columns.replace('Kundennr', 'Kundennr TEXT PRIMARY KEY')})"))
        stored = Spec(["sqlite3", imp_db, "-cmd", "PRAGMA secure_delete = ON", "-cmd", ".mode csv", "-cmd", ".separator ;",
                       "-cmd", f".import {stored_csv} t"],
                      fresh_sqlite("CREATE TABLE t (id TEXT PRIMARY KEY, properties TEXT)", wal=True))
        ours, base, keyed_r, stored_r = interleaved([gdpr_import, plain, keyed, stored], runs)
        row(f"contact import of {n:,} rows", ours, base, 1.5, f"; peak RSS {ours[1]:.0f} MiB (target <= 64)")
        row("  reference: .import into a table keyed by id, secure_delete on", ours, keyed_r, None)
        row("  reference: .import of the stored rows (id, properties) into a keyed WAL table, secure_delete on", ours,
            stored_r, None)

        def pair(name, a, b, target, n_runs, extra=None):
            ra, rb = interleaved([a, b], n_runs)
            row(name, ra, rb, target, extra(ra) if extra else "")

        pair(f"review --format json ({n:,} vs 1k contacts)", Spec([gdpr, "--db", big, "--format", "json", "review"], env=env),
             Spec([gdpr, "--db", small, "--format", "json", "review"], env=env), 1.2, quick)
        pair("review --remind", Spec([gdpr, "--db", big, "review", "--remind"], env=env),
             Spec([gdpr, "--db", small, "review", "--remind"], env=env), 1.2, quick)
        first_open_big, first_open_small = closed + 1, 1
        pair("approve --yes with secure erasure",
             Spec(lambda i: [gdpr, "--db", big, "--as", "bob", "--yes", "approve", str(first_open_big + i)], env=env),
             Spec(lambda i: [gdpr, "--db", small, "--as", "bob", "--yes", "approve", str(first_open_small + i)], env=env),
             1.5, quick, lambda r: f"; median {r[0] * 1000:.1f} ms (target < 50)")
        # contact find: a customer's e-mail as typed (upper case, a trailing space), on 1M contacts, side
        # by side with `contact show` of the same contact, and against the same search on 1k contacts.
        def email_of(db, cid):
            text = subprocess.run(["sqlite3", db, f"SELECT properties FROM contacts WHERE id = '{cid}'"],
                                  capture_output=True, text=True, check=True).stdout
            return dict(json.loads(text))["E-Mail"]
        mid_big, mid_small = f"K-{n // 2}", f"K-{open_ // 2}"
        find_big = email_of(big, mid_big).upper() + " "
        find_small = email_of(small, mid_small).upper() + " "
        find_r, show_r, find_small_r = interleaved([
            Spec([gdpr, "--db", big, "--format", "json", "contact", "find", find_big], env=env),
            Spec([gdpr, "--db", big, "--format", "json", "contact", "show", mid_big], env=env),
            Spec([gdpr, "--db", small, "--format", "json", "contact", "find", find_small], env=env)], quick)
        row(f"contact find E-MAIL ({n:,} contacts) vs contact show ID", find_r, show_r, None,
            f"; median {find_r[0] * 1000:.1f} ms (target < 50)")
        row(f"contact find E-MAIL ({n:,} vs 1k contacts)", find_r, find_small_r, 1.2)
        pair(f"audit --verify over {events:,} events", Spec([gdpr, "--db", big, "audit", "--verify"], env=env),
             Spec(["sqlite3", big, "SELECT * FROM audit"]), 2.0, runs)
        # Reference: SQLite itself splitting the stored properties into the nine columns (json_extract by
        # position, which the generated data allows), i.e. the same output work.
        split = ", ".join(f"json_extract(properties, '$[{i}][1]')" for i in range(9))
        mailable = "FROM contacts WHERE status = 'active' AND block_all_mail = 0 ORDER BY rowid"
        csv_ours, csv_base, csv_split = interleaved([
            Spec([gdpr, "--db", big, "--format", "csv", "contact", "list", "--mailable"], env=env),
            Spec(["sqlite3", "-csv", big, f"SELECT id, status, properties {mailable}"]),
            Spec(["sqlite3", "-csv", big, f"SELECT id, status, {split} {mailable}"])], runs)
        row("contact list --mailable --format csv", csv_ours, csv_base, 1.5)
        row("  reference: sqlite3 -csv splitting the properties with json_extract", csv_ours, csv_split, None)
        empty = os.path.join(work, "empty.db")
        sh([gdpr, "--db", empty, "init"], stdout=subprocess.DEVNULL, env=env)
        version, ours_version, ours_review = interleaved([
            Spec(["sqlite3", "--version"]), Spec([gdpr, "--version"], env=env),
            Spec([gdpr, "--db", empty, "review"], env=env)], quick)
        row("gdpr --version (start-up)", ours_version, version, 3.0)
        row("gdpr review on an empty database", ours_review, version, 3.0)


    if args.backend in ("sqlite", "both"):
        sqlite_rows()
    if args.backend in ("postgresql", "both"):
        pg_rows(args, gdpr, csv, big, small, n, runs, quick, closed, env, row, work)

    print()
    print(f"| workload | gdpr (median of {runs}, {quick} for the ms rows) | baseline | ratio | target | met |")
    print("|---|---:|---:|---:|---:|:---:|")
    for name, ours, base, ratio, target, ok, extra in rows:
        if target is None:
            print(f"| {name} | {ours[0] * 1000:.1f} ms | {base[0] * 1000:.1f} ms | {ratio:.2f}x | reference | |")
        else:
            print(f"| {name} | {ours[0] * 1000:.1f} ms | {base[0] * 1000:.1f} ms | {ratio:.2f}x | <= {target}x | "
                  f"{'yes' if ok else 'NO'} |")
    print(f"\nimport peak RSS: {rows[0][1][1]:.0f} MiB (first row); machine: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB")
    if not args.work_dir:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
