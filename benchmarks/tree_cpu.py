"""Run a command and print, as JSON, the CPU seconds of its whole process tree:
``python -m benchmarks.tree_cpu CMD ...`` -> ``{"returncode": 0, "cpu_s": 21.3, "wall_s": 11.2}``.

``readiness export --all`` forks its workers from a fork server that it does not wait
for, so their CPU is not in the command's own resource usage. This process makes itself
the "child subreaper" (Linux ``prctl``): the fork server, orphaned when the command ends,
becomes its child and is waited for here, and with it the CPU of the workers it waited
for. On a machine shared with other work the wall time says more about the others than
about the command; the CPU of the tree does not. The command's output is discarded; its
error output goes to this process's.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(cmd: list[str]) -> int:
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    started = time.perf_counter()
    returncode = subprocess.call(cmd, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    while True:  # the orphans that were handed to this process (the fork server)
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"returncode": returncode, "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                      "wall_s": round(wall, 2)}))  # fmt: skip
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
