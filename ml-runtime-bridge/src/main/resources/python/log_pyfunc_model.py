"""Logs a pyfunc model (not ONNX) as version 1 of a registered model.

For a DataFrame with column `x` it returns columns `y` = 10·x and `batch` = the number of rows the
call received (so tests can see micro-batching). Usage: log_pyfunc_model.py TRACKING_URI NAME
"""
import sys

import mlflow
import pandas as pd
from mlflow.pyfunc import PythonModel


class TenTimes(PythonModel):
    def predict(self, context, model_input, params=None):
        return pd.DataFrame({"y": model_input["x"] * 10.0, "batch": len(model_input)})


def main() -> None:
    uri, name = sys.argv[1], sys.argv[2]
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("walnut-ml-tests")
    with mlflow.start_run():
        info = mlflow.pyfunc.log_model(
            name="model",
            python_model=TenTimes(),
            registered_model_name=name,
            input_example=pd.DataFrame({"x": [1.0, 2.0]}),
        )
    print(f"version {info.registered_model_version}", flush=True)


if __name__ == "__main__":
    main()
