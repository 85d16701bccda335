#!/usr/bin/env python3
"""Writes a benchmark stack of N resources in one of three shapes.

  independent  r0 … rN-1, no references between them
  chains       chains of 10: r(i) refers to r(i-1) unless i is a multiple of 10
  tree         a fan-out tree: r(i) refers to its parent r((i-1) // FANOUT), FANOUT = 10

Cairn stacks are `null.resource` in DIR/stack.yaml; with --terraform the same graph is written as
`terraform_data` resources in DIR/main.tf. Every resource is written out by name (no count), so
the YAML floor loads a file of the same size as the one Cairn loads.

--changed K sets delay_ms = 1 on every K-th resource (i % K == 0): an in-place update of 1/K of
the stack ("apply changing 10%" is --changed 10). --delay-ms sets the delay of all the others.
"""
import argparse
import os

FANOUT = 10
CHAIN = 10


def parent(shape, i):
    """The index of the resource r(i) refers to, or None."""
    if shape == "independent" or i == 0:
        return None
    if shape == "chains":
        return None if i % CHAIN == 0 else i - 1
    if shape == "tree":
        return (i - 1) // FANOUT
    raise ValueError(shape)


def depth(shape, n):
    """Length (in resources) of the longest dependency path: the critical path."""
    if shape == "independent":
        return 1
    if shape == "chains":
        return min(CHAIN, n)
    levels, first, width = 0, 0, 1
    while first < n:
        levels, first, width = levels + 1, first + width, width * FANOUT
    return levels


def cairn_stack(n, shape, delay_ms, changed):
    out = ["stack: bench", "resources:"]
    for i in range(n):
        p = parent(shape, i)
        trigger = f'up: "${{r{p}.id}}"' if p is not None else f'i: "{i}"'
        delay = 1 if changed and i % changed == 0 else delay_ms
        out.append(f"  r{i}:")
        out.append("    type: null.resource")
        out.append(f"    properties: {{ triggers: {{ {trigger} }}, delay_ms: {delay} }}")
    return "\n".join(out) + "\n"


def terraform_config(n, shape):
    out = []
    for i in range(n):
        p = parent(shape, i)
        trigger = f"up = terraform_data.r{p}.id" if p is not None else f'i = "{i}"'
        out.append(f'resource "terraform_data" "r{i}" {{\n  triggers_replace = {{ {trigger} }}\n}}\n')
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--shape", choices=["independent", "chains", "tree"], default="independent")
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--changed", type=int, default=0, metavar="K")
    ap.add_argument("--terraform", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    if a.terraform:
        name, text = "main.tf", terraform_config(a.n, a.shape)
    else:
        name, text = "stack.yaml", cairn_stack(a.n, a.shape, a.delay_ms, a.changed)
    with open(os.path.join(a.dir, name), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
