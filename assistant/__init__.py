"""GovQA's read side: questions in, answers with citations out; the library surface is assistant.api."""

import index as _index  # noqa: F401  (sets the offline environment first)
