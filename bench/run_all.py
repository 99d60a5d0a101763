"""`make bench`: runs every benchmark in bench/ and prints one table (measured, figure, target, met)."""
import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main():
    rows = []
    started = time.perf_counter()
    for path in sorted(HERE.glob("*.py")):
        if path.name in {"run_all.py", "common.py"} or path.name.startswith("_"):
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if not hasattr(module, "run"):
            continue
        print(f"== {path.name}", flush=True)
        try:
            rows.extend(module.run())
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            rows.append({"name": path.stem, "figure": f"error: {exc}", "target": "-", "met": False})
    width = max([len(r["name"]) for r in rows] + [10])
    print()
    print(f"{'measured'.ljust(width)}  {'figure':>22}  {'target':>22}  met")
    for r in rows:
        print(f"{r['name'].ljust(width)}  {str(r['figure']):>22}  {str(r['target']):>22}  {'yes' if r['met'] else 'NO'}")
    print(f"\n{sum(r['met'] for r in rows)}/{len(rows)} targets met in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
