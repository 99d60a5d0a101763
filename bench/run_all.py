"""`make bench`: runs every benchmark in bench/ and prints one table (measured, figure, target, met).

Each bench/<name>.py with a run() function returning rows {name, figure, target, met} takes part.
The whole suite has a budget of its own: under 10 minutes on a 2-core machine.
"""
import importlib.util
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
SUITE_BUDGET_S = 600


def benchmarks():
    for path in sorted(HERE.glob("*.py")):
        if path.name in {"run_all.py", "common.py"} or path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "run"):
            yield path.name, module


def table(rows):
    heads = ("measured", "figure", "target", "met")
    cells = [(r["name"], str(r["figure"]), str(r["target"]), "yes" if r["met"] else "NO") for r in rows]
    widths = [max(len(line[i]) for line in [heads, *cells]) for i in range(4)]
    lines = ["  ".join(text.ljust(width) for text, width in zip(heads, widths)),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(text.ljust(width) for text, width in zip(line, widths)) for line in cells]
    return "\n".join(lines)


def main():
    rows = []
    started = time.perf_counter()
    from common import machine_speed

    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; a 2-million-step Python "
          f"loop takes {machine_speed() * 1000:.0f} ms of CPU (the machine's speed now)", flush=True)
    for name, module in benchmarks():
        print(f"\n== {name}", flush=True)
        begun = time.perf_counter()
        try:
            rows.extend(module.run())
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            rows.append({"name": name, "figure": f"error: {exc!r}"[:120], "target": "-", "met": False})
        print(f"-- {name}: {time.perf_counter() - begun:.0f} s", flush=True)
    elapsed = time.perf_counter() - started
    rows.append({"name": "the whole suite (make bench)", "figure": f"{elapsed:.0f} s",
                 "target": f"< {SUITE_BUDGET_S} s", "met": elapsed < SUITE_BUDGET_S})
    print()
    print(table(rows))
    print(f"\n{sum(r['met'] for r in rows)}/{len(rows)} targets met; load average {os.getloadavg()[0]:.1f} at the end; "
          f"the 2-million-step loop now takes {machine_speed() * 1000:.0f} ms")


if __name__ == "__main__":
    main()
