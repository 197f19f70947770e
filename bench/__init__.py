"""The benchmarks (scripts: quality.py, ablation.py, scale.py) and the modules they share.

A package so that scale.py is a thin entry point over its parts and both SQuAD-file readers are
one (`bench.squad`); the scripts put the repository on sys.path themselves, so
`PYTHONPATH=. python bench/NAME.py` keeps working. Nothing here is part of the installed project."""
