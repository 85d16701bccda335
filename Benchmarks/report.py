#!/usr/bin/env python3
"""Turns a results.json written by bench.py into compact Markdown tables for docs/performance.md.

    python3 Benchmarks/report.py [Benchmarks/.work/results.json]

Cairn: one row per N and shape, each step as "wall s (x floor)", and the step's peak RSS in MB.
Floors, parallel applies and Terraform get a table each. The figures are bench.py's, unchanged.
"""
import json
import sys

STEPS = ["validate", "plan (no state)", "apply (create all)", "plan (in sync)", "apply (change 10%)", "destroy"]


def md(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i < 2 else "---:" for i in range(len(head))) + "|"]
    return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])


def main():
    data = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "Benchmarks/.work/results.json"))
    rows = data["rows"]
    keys = sorted({(r["n"], r["shape"]) for r in rows if r["section"] == "cairn"},
                  key=lambda k: (k[0], ["independent", "chains", "tree"].index(k[1])))
    cairn = {(r["n"], r["shape"], r["step"]): r for r in rows if r["section"] == "cairn"}

    def cell(r):
        return f"{r['wall']:.3f} ({r['ratio']:.1f}×)" if r else ""

    print("Cairn, wall seconds (× the floors of that step):\n")
    print(md(["N", "shape"] + STEPS + ["peak MB"],
             [[f"{n:,}", sh] + [cell(cairn.get((n, sh, st))) for st in STEPS]
              + [f"{max(cairn[(n, sh, st)]['rss'] for st in STEPS if (n, sh, st) in cairn):.0f}"] for n, sh in keys]))

    print("\nFloors (each measured right before the step it bounds; WAL commits repeat per step):\n")
    floors = [r for r in rows if r["section"] == "floor"]
    print(md(["N", "shape", "floor", "wall s", "peak MB"],
             [[f"{r['n']:,}", r["shape"], r["step"], f"{r['wall']:.3f}", f"{r['rss']:.0f}"] for r in floors]))

    par = [r for r in rows if r["section"] == "parallel"]
    if par:
        print("\nParallel apply of 1,000 `null.resource` with `delay_ms: 20` (median of 3):\n")
        print(md(["N", "shape", "step", "wall s", "ideal s", "× ideal"],
                 [[f"{r['n']:,}", r["shape"], r["step"], f"{r['wall']:.3f}", f"{r['ref']:.3f}", f"{r['ratio']:.2f}×"] for r in par]))

    tf = [r for r in rows if r["section"] == "terraform" and r["n"]]
    if tf:
        print(f"\nTerraform ({data['machine']['terraform']}, `terraform_data`) beside Cairn (`null.resource`):\n")
        print(md(["N", "shape", "step", "Terraform s", "Terraform MB", "Cairn s", "Cairn is … faster"],
                 [[f"{r['n']:,}", r["shape"], r["step"], f"{r['wall']:.3f}", f"{r['rss']:.0f}",
                   f"{r['ref']:.3f}" if r["ref"] else "", f"{r['ratio']:.1f}×" if r["ratio"] else ""] for r in tf]))

    print("\nTargets as the suite judged them:\n")
    print("\n".join(f"- {t}" for t in data["targets"]))


if __name__ == "__main__":
    main()
