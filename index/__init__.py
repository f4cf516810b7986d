"""GovQA's write side: reports in, checked figures and passages out, into the stores."""

import os as _os

# No model weights or telemetry from the network, ever: set before any such library imports.
_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
_os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
_os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
