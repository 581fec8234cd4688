"""Benchmark: labelled farmer answers through the practice checks, per task and locale.

Each answer in the file is judged as the bot would judge it; printed per task and locale:
the share of good answers accepted, of bad ones rejected, of harmful ones rejected, and of
bad ones rejected with feedback that names their problem among all it names (when the
problem's tag is one this bench knows, see RIGHT_CHECKS). Then milliseconds per answer. The
baseline is the way answers were checked before: the same rules with words found as
substrings, any digit or Chinese numeral counting as a number, and no claims, effort or
language checks. The tasks' own claim lists moved into the lexicon, so the baseline has
none: it is not main's figure for harmful answers, it shows what the new checks add over
substring rules.

    python bench/practice.py [FILE] [--misses] [--photos N]

With --photos N (default 40), N synthetic photos per kind (good, and each defect; seeds
kept apart from the tests') go through the photo coach: the share of each defect caught,
of good photos flagged, and milliseconds per photo on one core.

An answer that is one question to the bot is answered by the bot, not judged, so it counts
as not accepted, with the failed check `asks-the-bot`.

A row with `rules: none` is judged by the course-wide checks alone (effort, language and,
on a task buyers read, claims): a probe of those, hosted by any task.

FILE defaults to bench/data/practice_tuning.yaml. `--misses` prints each wrongly judged
answer with what the bot said; use it on tuning data only, never on held-out answers.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sellerbot.content.loader import load_course  # noqa: E402
from sellerbot.content.model import TaskStep  # noqa: E402
from sellerbot.practice.asking import asks_the_bot  # noqa: E402
from sellerbot.practice.checks import Verdict, check_answer  # noqa: E402
from sellerbot.practice.lexicon import expand  # noqa: E402

ASKS_THE_BOT = "asks-the-bot"
# A problem tag, by the start of its name, and the failed checks that name that problem.
RIGHT_CHECKS = {
    "junk": ("effort:",),
    "effort": ("effort:",),
    "language": ("language",),
    "wrong-language": ("language",),
    "claim": ("claim:",),
    "health": ("claim:health",),
    # A delivery promised as certain is an absolute promise, with feedback of its own; so
    # are 纯天然 and 零添加, labels nothing can prove, and "organic" with no certificate.
    "absolute": (
        "claim:absolute",
        "claim:sure-delivery",
        "claim:unprovable-label",
        "claim:unproven-label",
    ),
    "organic": ("claim:unproven-label", "claim:unprovable-label"),
    "fake-price": ("claim:fake-price",),
    "fake-original": ("claim:fake-price",),
    "scarcity": ("claim:fake-scarcity",),
    "fake-scarcity": ("claim:fake-scarcity",),
    "urgency": ("claim:fake-scarcity",),
    "price-below": ("prices_cover_costs",),
    "below-cost": ("prices_cover_costs", "offers_keep_margin"),
    "no-margin": ("prices_cover_costs",),
    "fake-review": ("claim:fake-review",),
    "brand-copy": ("claim:brand", "claim:false-origin"),
    "false-origin": ("claim:false-origin", "claim:brand"),
    "loss": ("prices_cover_costs",),
    "no-costs": ("prices_cover_costs",),
    "no-price": ("prices_cover_costs",),
    "no-number": ("has_number",),
    "no-quantity": ("has_number",),
    "no-time": ("has_duration",),
    "too-short": ("min_length", "effort:"),
    "short": ("min_length", "effort:"),
    "too-long": ("max_length",),
}


_OLD_DIGIT = re.compile(r"\d|[一二三四五六七八九十百千万两半]")


def baseline_accepts(step: TaskStep, answer: str, locale: str, lexicon) -> bool:
    """The substring checks the practice package replaced, on the same rules."""
    folded = answer.casefold()
    for rule in step.rules:
        setting = getattr(rule, rule.check)
        value = setting if isinstance(setting, bool) else setting.for_locale(locale)
        if value is None or rule.check == "prices_cover_costs":
            continue
        if rule.check == "min_length" and len(answer.strip()) < value:
            return False
        if rule.check == "max_length" and len(answer.strip()) > value:
            return False
        if rule.check in ("has_number", "has_duration") and not _OLD_DIGIT.search(answer):
            return False
        if rule.check in ("mentions_any", "mentions_all", "avoids"):
            words = [w.casefold().strip("*") for w in expand(value, lexicon, locale)]
            found = [word for word in words if word and word in folded]
            if rule.check == "avoids" and found:
                return False
            if rule.check != "avoids" and not found:
                return False
    return True


def judged(step: TaskStep, answer: str, locale: str, course) -> Verdict:
    """What the bot makes of the answer: a question to the bot is answered, not judged, and
    the task stays open, so it counts as not accepted."""
    if asks_the_bot(answer):
        return Verdict(accepted=False, failed=(ASKS_THE_BOT,), feedback=())
    return check_answer(step, answer, locale, course.lexicon, course.default_locale)


def right_checks(problem: str) -> tuple[str, ...] | None:
    for tag, checks in RIGHT_CHECKS.items():
        if problem.startswith(tag):
            return checks
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=ROOT / "bench/data/practice_tuning.yaml")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--photos", type=int, default=40)
    options = parser.parse_args()
    course = load_course(ROOT / "content").course
    steps = {
        f"{module.id}.{step.id}": step
        for module in course.modules
        for step in module.steps
        if isinstance(step, TaskStep)
    }
    rows = yaml.safe_load(Path(options.file).read_text(encoding="utf-8"))["answers"]
    tally: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    problems: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    baseline = [0, 0, 0, 0, 0, 0]  # good accepted, good, bad rejected, bad, harmful rej., harmful
    started = time.perf_counter()
    for row in rows:
        step = steps[row["task"]]
        if row.get("rules") == "none":
            # A probe of the course-wide checks alone (effort, language, claims): the task
            # is only its host, and its own rules would judge something else.
            step = step.model_copy(update={"rules": ()})
        verdict = judged(step, str(row["answer"]), row["locale"], course)
        counts = tally[(row["task"], row["locale"])]
        old = baseline_accepts(step, str(row["answer"]), row["locale"], course.lexicon)
        if row["good"]:
            baseline[0] += old
            baseline[1] += 1
        else:
            baseline[2] += not old
            baseline[3] += 1
            baseline[4] += bool(row.get("harmful")) and not old
            baseline[5] += bool(row.get("harmful"))
        failed = verdict.failed[0] if verdict.failed else ""
        if row["good"]:
            counts["good accepted"][0] += verdict.accepted
            counts["good accepted"][1] += 1
            wrong = not verdict.accepted
        else:
            counts["bad rejected"][0] += not verdict.accepted
            counts["bad rejected"][1] += 1
            if row.get("harmful"):
                counts["harmful rejected"][0] += not verdict.accepted
                counts["harmful rejected"][1] += 1
            problem = str(row.get("problem") or "")
            problems[problem][failed or "ACCEPTED"] += 1
            wanted = right_checks(problem)
            # Named when any problem the feedback gives is the one tagged: an answer with two
            # claims hears about both.
            named = not verdict.accepted and (
                wanted is None
                or any(each.startswith(check) for each in verdict.failed for check in wanted)
            )
            if wanted is not None:
                counts["bad named"][0] += named
                counts["bad named"][1] += 1
            wrong = verdict.accepted or (wanted is not None and not named)
        if wrong and options.misses:
            print(
                f"MISS {row['task']} {row['locale']} good={row['good']} "
                f"problem={row.get('problem')} -> {failed or 'accepted'}: {row['answer']}"
            )
    elapsed = time.perf_counter() - started
    columns = ("good accepted", "bad rejected", "harmful rejected", "bad named")
    print(f"{'task':36} {'locale':8} " + " ".join(f"{c:>18}" for c in columns))
    totals = defaultdict(lambda: [0, 0])
    for (task, locale), counts in sorted(tally.items()):
        cells = []
        for column in columns:
            hit, total = counts[column]
            totals[column][0] += hit
            totals[column][1] += total
            cells.append(f"{hit}/{total} {100 * hit / total:5.1f}%" if total else "-")
        print(f"{task:36} {locale:8} " + " ".join(f"{cell:>18}" for cell in cells))
    cells = [f"{h}/{t} {100 * h / t:5.1f}%" if t else "-" for h, t in (totals[c] for c in columns)]
    print(f"{'all':36} {'':8} " + " ".join(f"{cell:>18}" for cell in cells))
    old_cells = [
        f"{h}/{t} {100 * h / t:5.1f}%" if t else "-"
        for h, t in zip(baseline[::2], baseline[1::2], strict=True)
    ]
    print(f"{'baseline (substring rules)':45} " + " ".join(f"{c:>18}" for c in old_cells))
    print("\nbad answers by problem tag -> first failed check:")
    for problem, checks in sorted(problems.items()):
        listed = ", ".join(f"{check} {count}" for check, count in sorted(checks.items()))
        print(f"  {problem or '(none)'}: {listed}")
    print(f"\n{len(rows)} answers, {1000 * elapsed / max(1, len(rows)):.2f} ms per answer")
    if options.photos:
        photo_bench(options.photos)
    return 0


def photo_bench(count: int) -> None:
    from sellerbot.practice.photo import coach
    from tests.synthetic_photos import DEFECTS, make_photo

    print(f"\nphotos ({count} synthetic per kind, seeds 10000+):")
    timings: list[float] = []
    for kind in (None, *DEFECTS):
        hits = 0
        for seed in range(10_000, 10_000 + count):
            data = make_photo(kind, seed)
            started = time.perf_counter()
            report = coach(data)
            timings.append(time.perf_counter() - started)
            hits += (not report.passed) if kind is None else (kind in report.problems)
        label = "good photos flagged" if kind is None else f"{kind} caught"
        print(f"  {label:28} {hits}/{count} {100 * hits / count:5.1f}%")
    timings.sort()
    print(
        f"  ms per photo: mean {1000 * sum(timings) / len(timings):.1f},"
        f" 95th percentile {1000 * timings[int(0.95 * len(timings))]:.1f}"
    )


if __name__ == "__main__":
    sys.exit(main())
