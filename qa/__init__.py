"""Offline question answering over Chinese government work reports.

    from qa import Assistant
    answer = Assistant.load().ask("金坛2019年招聘了多少教师")
"""
from __future__ import annotations

import os

# Nothing in this project may contact a model hub; make the libraries agree.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

__all__ = ["Assistant"]


def __getattr__(name: str):
    # importing torch and friends takes seconds; pay for it only when the assistant is used
    if name == "Assistant":
        from .pipeline import Assistant

        return Assistant
    raise AttributeError(name)
