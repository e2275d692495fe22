"""Evaluation: question sets, metrics, runs and reports; benchmarks and own question sets beside it."""
