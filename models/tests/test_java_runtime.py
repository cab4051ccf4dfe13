"""The exported model loads and answers identically in ONNX Runtime Java, the runtime the ML bridge uses."""
from __future__ import annotations

import os
import shutil
import subprocess

import numpy as np

from walnut_models.data import left_padded_strings
from walnut_models.onnx_scoring import OnnxRecommender

ORT_JAVA_VERSION = os.environ.get("WALNUT_ORT_JAVA_VERSION", "1.29.0")  # the bridge's onnxruntime version
JAVA_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "java", "OnnxContractCheck.java")


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"'{name}' is not on PATH: this test runs the model in ONNX Runtime Java (JDK 17 and Maven needed)"
    return path


def _ort_jar() -> str:
    jar = os.environ.get("WALNUT_ORT_JAVA_JAR") or os.path.expanduser(
        f"~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/{ORT_JAVA_VERSION}/onnxruntime-{ORT_JAVA_VERSION}.jar")
    if not os.path.isfile(jar):
        subprocess.run([_tool("mvn"), "-q", "-B", "dependency:get",
                        f"-Dartifact=com.microsoft.onnxruntime:onnxruntime:{ORT_JAVA_VERSION}"], check=True)
    assert os.path.isfile(jar), f"ONNX Runtime Java jar not found at {jar}"
    return jar


def test_onnx_runtime_java_gives_the_same_recommendations(trained_model, tmp_path):
    jar = _ort_jar()
    subprocess.run([_tool("javac"), "-cp", jar, "-d", str(tmp_path), JAVA_SOURCE], check=True)
    model_path = os.path.join(trained_model, "model.onnx")
    python_model = OnnxRecommender(model_path)
    session = list(python_model.run(left_padded_strings([[]], python_model.window))[0][0, :3])
    session.append("an-unknown-id")

    out = subprocess.run([_tool("java"), "-cp", f"{jar}{os.pathsep}{tmp_path}", "OnnxContractCheck", model_path,
                          str(python_model.window), *session], check=True, capture_output=True, text=True).stdout
    java_items = [line.split("\t")[0] for line in out.splitlines()]
    java_scores = np.array([float(line.split("\t")[1]) for line in out.splitlines()], np.float32)

    items, scores = python_model.run(left_padded_strings([session], python_model.window))
    assert java_items == list(items[0])
    np.testing.assert_allclose(java_scores, scores[0], rtol=1e-6)
