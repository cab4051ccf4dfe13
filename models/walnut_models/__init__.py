"""Walnut's reference sequential recommender: training, evaluation, ONNX export, MLflow registry."""
