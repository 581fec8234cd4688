"""Benchmark: load and validate a generated course of 1,000 modules x 20 steps.

Prints load+validate time and peak memory, next to a baseline measured in the same run:
reading the same files with PyYAML's C loader and nothing else, the least any loader pays.
Each measurement runs in a fresh process so peak memory is its own. Like every benchmark
here it starts with the commit, cores and load, and ends with its verdict against the goal.

    python bench/content.py [--modules 1000] [--steps 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import busy_warning, header, verdict  # noqa: E402

LOCALES = ("en", "zh_Hans")
GOAL_SECONDS = 2.0  # load + validate 1,000 modules x 20 steps, the median of the runs


def localized(text: str) -> dict[str, str]:
    return {"en": text, "zh_Hans": f"中文：{text}"}


def step(module: int, number: int) -> dict:
    kind = ("message", "quiz", "task")[number % 3]
    base = {"id": f"step-{number}", "type": kind}
    if kind == "message":
        return {**base, "text": localized(f"Module {module}, step {number}: " + "words " * 40)}
    if kind == "quiz":
        options = [
            {
                "id": f"o{n}",
                "text": localized(f"Option {n}"),
                "correct": n == 0,
                "feedback": localized(f"Because {n}."),
            }
            for n in range(4)
        ]
        return {**base, "question": localized(f"Question {number}?"), "options": options}
    rules = [
        {"min_length": {"en": 10, "zh_Hans": 4}, "feedback": localized("Longer.")},
        {"mentions_any": {"en": ["orange"], "zh_Hans": ["橙"]}, "feedback": localized("Say it.")},
        {"has_number": True, "feedback": localized("A number.")},
    ]
    return {
        **base,
        "prompt": localized("Write a title."),
        "rules": rules,
        "success": localized("Good."),
    }


def generate(folder: Path, modules: int, steps: int) -> None:
    """Write a valid course; JSON is YAML, and writing it is quick."""
    (folder / "modules").mkdir(parents=True)
    ids = [f"module-{number}" for number in range(modules)]
    course = {
        "title": localized("Big course"),
        "default_locale": "en",
        "locales": list(LOCALES),
        "modules": ids,
    }
    (folder / "course.yaml").write_text(json.dumps(course, ensure_ascii=False, indent=1))
    for number, module_id in enumerate(ids):
        module = {
            "id": module_id,
            "title": localized(f"Module {number}"),
            "steps": [step(number, n) for n in range(steps)],
        }
        (folder / "modules" / f"{module_id}.yaml").write_text(
            json.dumps(module, ensure_ascii=False, indent=1), encoding="utf-8"
        )


MEASURE = """
import json, resource, sys, time
from pathlib import Path
folder = Path(sys.argv[1])
start = time.perf_counter()
if sys.argv[2] == "sellerbot":
    from sellerbot.content.loader import load_course
    result = load_course(folder)
    assert result.course is not None, [str(p) for p in result.problems[:5]]
    count = result.course.step_count
else:
    import yaml
    count = 0
    for path in sorted(folder.rglob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        count += len(data.get("steps", ()))
seconds = time.perf_counter() - start
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak_mib, "steps": count}))
"""


def measure(folder: Path, which: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder), which],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the median is shown")
    args = parser.parse_args()
    print(header("bench/content.py"))
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        generate(folder, args.modules, args.steps)
        size_mib = sum(path.stat().st_size for path in folder.rglob("*.yaml")) / 2**20
        print(
            f"course: {args.modules} modules x {args.steps} steps, "
            f"{args.modules * args.steps} steps, {size_mib:.1f} MiB of YAML"
        )
        rows = {}
        for which in ("baseline", "sellerbot"):
            runs = [measure(folder, which) for _ in range(args.repeat)]
            assert all(run["steps"] == args.modules * args.steps for run in runs)
            rows[which] = {
                "seconds": statistics.median(run["seconds"] for run in runs),
                "peak_mib": max(run["peak_mib"] for run in runs),
            }
    print(f"{'':34}{'seconds':>9}{'peak MiB':>10}")
    labels = {
        "baseline": "baseline: PyYAML C loader only",
        "sellerbot": "sellerbot: load + validate",
    }
    for which, row in rows.items():
        print(f"{labels[which]:34}{row['seconds']:9.2f}{row['peak_mib']:10.0f}")
    ratio = rows["sellerbot"]["seconds"] / rows["baseline"]["seconds"]
    print(f"ratio sellerbot/baseline: {ratio:.2f}x time")
    print()
    seconds = round(rows["sellerbot"]["seconds"], 2)
    goal = f"load + validate of {args.modules} modules x {args.steps} steps, s"
    print(verdict(goal, seconds, GOAL_SECONDS, higher_is_better=False))
    if (args.modules, args.steps) != (1000, 20):
        print("(the goal is set for 1000 modules x 20 steps)")
    if warning := busy_warning():
        print(warning)


if __name__ == "__main__":
    main()
