"""The demo's model: the reference recommender trained briefly on the shipped demo sessions and
registered in MLflow as session-recs@champion. Run by `./walnut demo` on its first start.

Usage: demo_model.py SESSIONS OUT_DIR TRACKING_URI [MAX_STEPS]
SESSIONS: one session per line, product ids in click order (the demo writes them).
The last 5 % of the sessions become the held-out cases (prefix -> next view) the run reports on.
"""
import os
import sys

from walnut_models import register, train


def main(argv):
    sessions, out, uri = argv[0], argv[1], argv[2]
    max_steps = argv[3] if len(argv) > 3 else "400"
    with open(sessions, encoding="utf-8") as f:
        lines = [line.split() for line in f if line.strip()]
    held = lines[int(len(lines) * 0.95):]
    os.makedirs(out, exist_ok=True)
    cases = os.path.join(out, "cases.tsv")
    with open(cases, "w", encoding="utf-8") as f:
        for s in held:
            for i in range(1, len(s)):
                f.write(" ".join(s[:i]) + "\t" + s[i] + "\n")
    code = train.main(["--train", sessions, "--test", cases, "--out", out,
                       "--dim", "64", "--heads", "2", "--layers", "2", "--window", "20",
                       "--negatives", "2048", "--batch-tokens", "1024", "--max-steps", max_steps,
                       "--log-every", "10", "--val-fraction", "0.05", "--top-k", "100", "--seed", "1"])
    if code != 0:
        return code
    return register.main(["--model", out, "--name", "session-recs", "--alias", "champion",
                          "--tracking-uri", uri, "--force"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
