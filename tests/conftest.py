"""Shared fixtures: one real assistant over the bundled reports, in a temporary index."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import Config


@pytest.fixture(scope="session")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    base = tmp_path_factory.mktemp("qa")
    return Config().with_overrides(index_dir=base / "store", library_dir=base / "library", runs_dir=base / "runs")


@pytest.fixture(scope="session")
def assistant(config: Config):
    from qa.pipeline import Assistant

    return Assistant.load(config)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return Config().corpus_dir
