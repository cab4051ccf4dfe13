"""The reference model of models/ at production size, trained for a few steps, for `bench pipeline`.

Usage:
  production_model.py train TRAIN_SESSIONS TEST_CASES OUT_DIR STEPS
  production_model.py register OUT_DIR TRACKING_URI NAME ALIAS
The real training and registration commands (walnut_models.train / .register) with the production
architecture (d = 64, L = 20, K = 100, every item of the sessions in the vocabulary): one inference
costs what production pays. Quality is irrelevant to the benchmark, so it trains only a few steps.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.getcwd(), "models"))

from walnut_models import register, train  # noqa: E402


def main(argv):
    if argv[0] == "train":
        _, sessions, cases, out, steps = argv
        return train.main(["--train", sessions, "--test", cases, "--out", out, "--seed", "1",
                           "--dim", "64", "--window", "20", "--top-k", "100",
                           "--max-steps", steps, "--max-epochs", "1", "--log-every", steps,
                           "--max-test-cases", "100"])
    if argv[0] == "register":
        _, out, uri, name, alias = argv
        return register.main(["--model", out, "--name", name, "--alias", alias,
                              "--tracking-uri", uri, "--force"])
    raise SystemExit(f"unknown command {argv[0]!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
