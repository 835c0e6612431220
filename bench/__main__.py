"""`make bench`: run every benchmark, print the figures and keep them in bench/results/."""

from __future__ import annotations

import argparse
import json
import platform
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    auth_timing,
    catalogue_export,
    catalogue_search,
    load,
    matching_classifier,
    matching_engine,
    matching_page,
    matching_pathways,
    mediation_planner,
    mentoring_assignment,
    registry_import,
    seed_scale,
)

BENCHMARKS = {
    "seed-scale": seed_scale.run,
    "registry-import": registry_import.run,
    "catalogue-search": catalogue_search.run,
    "catalogue-export": catalogue_export.run,
    "load": load.run,
    "auth-timing": auth_timing.run,
    "mentoring-assignment": mentoring_assignment.run,
    "mediation-planner": mediation_planner.run,
    "matching-engine": matching_engine.run,
    "matching-classifier": matching_classifier.run,
    "matching-pathways": matching_pathways.run,
    "matching-page": matching_page.run,
}
RESULTS = Path(__file__).parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description="Mesures de Lakou")
    parser.add_argument("names", nargs="*", default=sorted(BENCHMARKS))
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    for name in args.names:
        print(f"== {name}")
        figures = BENCHMARKS[name]()
        figures["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        figures["machine"] = f"{platform.machine()} {platform.python_version()}"
        (RESULTS / f"{name}.json").write_text(
            json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
        )
        for key, value in figures.items():
            print(f"   {key}: {value}")


if __name__ == "__main__":
    main()
