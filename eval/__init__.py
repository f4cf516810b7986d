"""GovQA's measure: a synthetic corpus with known truth, Q&A datasets and the benchmark runner."""

import index as _index  # noqa: F401  (sets the offline environment first)
