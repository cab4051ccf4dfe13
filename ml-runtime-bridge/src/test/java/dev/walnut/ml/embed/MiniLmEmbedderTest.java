package dev.walnut.ml.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.ml.MlflowFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MiniLM embeddings: tokenisation, agreement with Python onnxruntime, and similarity. */
class MiniLmEmbedderTest {
  private static MiniLmEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = MiniLmEmbedder.load();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void textIsTokenisedLikeBertUncased() {
    // ids of bert-base-uncased's vocabulary: [CLS] hello , world ! [SEP]
    assertThat(embedder.tokenizer().encode("Hello, World!"))
        .containsExactly(101, 7592, 1010, 2088, 999, 102);
    // accents stripped, unknown pieces split with ##, control characters dropped
    assertThat(embedder.tokenizer().encode("Café\u0000 playing"))
        .containsExactly(101, 7668, 2652, 102);
    assertThat(embedder.tokenizer().encode("x ".repeat(1000))).hasSize(MiniLmEmbedder.MAX_TOKENS);
  }

  @Test
  void theVectorMatchesPythonOnnxRuntimeOnTheSameModelAndTokens() throws Exception {
    String sentence = "Streaming recommendations with Flink and Kafka.";
    long[] ids = embedder.tokenizer().encode(sentence);
    float[] java = embedder.embed(sentence);

    List<String> args = new ArrayList<>();
    args.add(MiniLmEmbedder.modelFile().toString());
    for (long id : ids) {
      args.add(Long.toString(id));
    }
    String out =
        MlflowFixture.python()
            .run(MlflowFixture.script("minilm_reference.py"), args, Duration.ofMinutes(2));
    double[] python = new ObjectMapper().readValue(out.trim(), double[].class);

    assertThat(java).hasSize(MiniLmEmbedder.DIMENSION);
    assertThat(python).hasSize(MiniLmEmbedder.DIMENSION);
    for (int i = 0; i < java.length; i++) {
      assertThat((double) java[i]).as("dimension %d", i).isCloseTo(python[i], within(1e-4));
    }
    double norm = 0;
    for (float f : java) {
      norm += f * f;
    }
    assertThat(norm).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void relatedSentencesAreCloserThanUnrelatedOnes() {
    float[] guitar = embedder.embed("A man is playing the guitar.");
    float[] music = embedder.embed("Someone plays an acoustic guitar on stage.");
    float[] stocks = embedder.embed("The central bank raised interest rates again.");
    double related = dot(guitar, music);
    double unrelated = dot(guitar, stocks);
    assertThat(related).isGreaterThan(0.5);
    assertThat(unrelated).isLessThan(0.2);
    assertThat(related - unrelated).isGreaterThan(0.4);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
