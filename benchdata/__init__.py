"""Made-up archives, large and realistic, for measuring the pages at scale: a dev app.

`manage.py generate_archive --results 500000 --seed 1` (or `benchdata.archive.generate_archive`)
plans a calendar back from the last season (plan.py), draws drivers, teams and cars with
careers (people.py), runs qualifying and races (racing.py) and writes it all with
bulk_create (archive.py). The same seed always gives the same archive.

Nothing the site runs imports this app (the import contracts in pyproject.toml hold it);
it is installed only so that its command is there for the benchmarks in scripts/.
"""
