"""Running an exported model with ONNX Runtime, exactly as a caller of the contract would."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import onnxruntime as ort

from .data import left_padded_strings
from .export_onnx import INPUT, OUTPUT_ITEMS, OUTPUT_SCORES


class OnnxRecommender:
    def __init__(self, model_path: str, threads: int = 1):
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        shape = self.session.get_inputs()[0].shape
        self.window = int(shape[1])
        self.top_k = int(self.session.get_outputs()[0].shape[1])

    def run(self, item_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """item_ids: [B, L] strings (already left-padded) -> (top_items [B, K], top_scores [B, K])."""
        items, scores = self.session.run([OUTPUT_ITEMS, OUTPUT_SCORES], {INPUT: item_ids})
        return np.asarray(items), np.asarray(scores)

    def recommend(self, prefixes: Sequence[Sequence[str]], batch_size: int = 256):
        """Yields (top_items, top_scores) per batch of raw prefixes (any length)."""
        for start in range(0, len(prefixes), batch_size):
            yield self.run(left_padded_strings(prefixes[start:start + batch_size], self.window))
