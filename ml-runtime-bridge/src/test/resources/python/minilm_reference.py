"""Reference MiniLM embedding with onnxruntime: mean pooling + L2 normalisation.

Usage: minilm_reference.py MODEL_FILE ID ID ...   (token ids including [CLS] and [SEP])
Prints the 384 numbers as one JSON array.
"""
import json
import sys

import numpy as np
import onnxruntime as ort

model, ids = sys.argv[1], np.array([[int(i) for i in sys.argv[2:]]], dtype=np.int64)
session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
feed = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
hidden = session.run(None, feed)[0][0]
mean = hidden.mean(axis=0)
print(json.dumps((mean / np.linalg.norm(mean)).astype(float).tolist()))
