"""The reference model of models/, trained on a slice and registered in MLflow, for the main-flow tests.

Usage:
  session_model.py train TRAIN_SESSIONS TEST_CASES OUT_DIR SEED
  session_model.py register OUT_DIR TRACKING_URI NAME ALIAS
The real training and registration commands (walnut_models.train / .register), tiny settings.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.getcwd(), "models"))

from walnut_models import register, train  # noqa: E402

TINY = ["--dim", "32", "--heads", "2", "--layers", "2", "--window", "8", "--negatives", "256",
        "--batch-tokens", "512", "--bucket-widths", "80", "--max-steps", "60", "--log-every", "20",
        "--val-fraction", "0.1", "--top-k", "40"]


def main(argv):
    if argv[0] == "train":
        _, sessions, cases, out, seed = argv
        return train.main(["--train", sessions, "--test", cases, "--out", out, "--seed", seed] + TINY)
    if argv[0] == "register":
        _, out, uri, name, alias = argv
        return register.main(["--model", out, "--name", name, "--alias", alias, "--tracking-uri", uri, "--force"])
    raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
