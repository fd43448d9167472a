"""A generator of large, realistic, made-up archives, for measuring pages at scale.

`generate_archive(results=500_000, seed=1)` plans a calendar back from the last season
(plan.py), draws drivers, teams and cars with careers (people.py), runs qualifying and
races (racing.py) and writes it all with bulk_create (archive.py). The same seed always
gives the same archive.
"""

from results.generation.archive import ArchiveSummary, generate_archive
from results.generation.plan import GenerationError

__all__ = ["ArchiveSummary", "GenerationError", "generate_archive"]
