"""Running a benchmark step in its own process and measuring its wall time and peak memory.

Every build and search runs in a fresh process so that peak memory is one engine's alone;
a builder with worker processes (newsqa's CLI) is measured as a tree, by sampled PSS."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


def peak_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _env(code: Path) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    return os.environ | {"PYTHONPATH": path}


def _descendants(root: int) -> list[int]:
    """root and every process below it, from /proc."""
    parent: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    parent[int(entry.name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, pp in parent.items() if pp in frontier]
        tree += frontier
    return tree


def _tree_pss_mb(root: int) -> float:
    """Proportional set size of a process and its descendants (forked workers' shared pages counted once)."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def spawn(cmd: list[str], log: Path, code: Path, *, tree: bool = False) -> tuple[float, float]:
    """Run cmd to completion in `code` (the snapshot, importable first); return (wall seconds, peak memory in MB).

    Peak memory is the child's own peak RSS (wait4), or with tree=True the larger of that
    and the peak PSS of the child and all its worker processes together, sampled every 0.2 s.
    """
    import threading

    with log.open("w", encoding="utf-8") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=code, env=_env(code), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        peak = [0.0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.2):
                peak[0] = max(peak[0], _tree_pss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        if tree:
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            stop.set()
        wall = time.perf_counter() - t0
        if tree:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        tail = log.read_text(encoding="utf-8", errors="replace").strip()[-2000:]
        raise RuntimeError(f"scale: {' '.join(cmd[:4])}... failed ({proc.returncode}):\n{tail}")
    return wall, max(usage.ru_maxrss / 1024, peak[0])
