"""Shared fixtures: a small slice of the Diginetica data, one tiny trained model, a real MLflow server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

MODELS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(MODELS_DIR)
DATA_DIR = os.environ.get("WALNUT_DIGINETICA_DIR",
                          os.path.join(os.path.dirname(REPO_DIR), "shared", "data", "diginetica"))
SLICE_SESSIONS = 400
SLICE_TEST_CASES = 300


def _data_file(name: str) -> str:
    path = os.path.join(DATA_DIR, name)
    if not os.path.isfile(path):
        # A failure, not a skip: a CI run without the data must not look green.
        pytest.fail(f"data file '{path}' is missing: the models tests need the Diginetica split in "
                    f"../shared/data/diginetica/ (or set WALNUT_DIGINETICA_DIR)", pytrace=False)
    return path


@pytest.fixture(scope="session")
def data_slice(tmp_path_factory) -> dict:
    """The first sessions of train_sessions.txt and the first test cases, as small files."""
    train_src, test_src = _data_file("train_sessions.txt"), _data_file("test.tsv")
    out = tmp_path_factory.mktemp("slice")
    train, test = out / "train_sessions.txt", out / "test.tsv"
    with open(train_src, encoding="utf-8") as src, open(train, "w", encoding="utf-8") as dst:
        for _, line in zip(range(SLICE_SESSIONS), src):
            dst.write(line)
    with open(test_src, encoding="utf-8") as src, open(test, "w", encoding="utf-8") as dst:
        for _, line in zip(range(SLICE_TEST_CASES), src):
            dst.write(line)
    return {"train": str(train), "test": str(test)}


TRAIN_ARGS = ["--dim", "32", "--heads", "2", "--layers", "2", "--window", "8", "--negatives", "256",
              "--batch-tokens", "256", "--bucket-widths", "80", "--max-steps", "25", "--log-every", "5",
              "--val-fraction", "0.2", "--top-k", "30", "--seed", "7"]


@pytest.fixture(scope="session")
def trained_model(data_slice, tmp_path_factory) -> str:
    """A model trained for a few steps on the slice, exported by the real training command."""
    from walnut_models import train

    out = str(tmp_path_factory.mktemp("run"))
    code = train.main(["--train", data_slice["train"], "--test", data_slice["test"], "--out", out] + TRAIN_ARGS)
    assert code == 0
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def _mlflow_process(tmp_path_factory):
    """Starts `mlflow server` as soon as the session starts, so its ~30 s start-up overlaps training."""
    home = tmp_path_factory.mktemp("mlflow")
    port = _free_port()
    mlflow_bin = os.path.join(os.path.dirname(sys.executable), "mlflow")
    log = open(home / "server.log", "w")
    process = subprocess.Popen(
        [mlflow_bin, "server", "--host", "127.0.0.1", "--port", str(port),
         "--backend-store-uri", f"sqlite:///{home / 'mlflow.db'}",
         "--serve-artifacts", "--artifacts-destination", str(home / "artifacts"), "--workers", "1"],
        stdout=log, stderr=subprocess.STDOUT, cwd=str(home))
    try:
        yield process, f"http://127.0.0.1:{port}", home / "server.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def mlflow_server(_mlflow_process):
    """A real `mlflow server` from this virtualenv: SQLite store, served artifacts, loopback port."""
    process, url, log_path = _mlflow_process
    deadline = time.time() + 120
    while True:
        if process.poll() is not None:
            raise AssertionError(f"mlflow server exited with {process.returncode}: {log_path.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return url
        except OSError:
            pass
        if time.time() > deadline:
            raise AssertionError(f"mlflow server not healthy after 120 s: {log_path.read_text()[-2000:]}")
        time.sleep(0.5)
