"""`make bench`: the performance harness. Figures go to benchmarks/results/."""
