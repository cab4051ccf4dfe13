package dev.walnut.benchmarks.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.api.DataType;
import dev.walnut.api.Enricher;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.ml.component.OnnxEmbedComponent;
import dev.walnut.ml.embed.MiniLmEmbedder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Part (c): {@code onnx-embed} (all-MiniLM-L6-v2 quantized, batch 1) in a Flink job at parallelism
 * 1 against the tokenizer and ONNX Runtime in a plain loop, on DataSQRL content texts of three
 * lengths. Goal, on the median: ≥ 500 sentences/s on one core for short texts (the titles).
 */
final class EmbeddingPart {
  private static final int WARMUP_TEXTS = 50;
  private final PrintStream out;

  EmbeddingPart(PrintStream out) {
    this.out = out;
  }

  /** Titles, title + first sentence and title + text of the first {@code texts} pages. */
  record Texts(List<String> titles, List<String> shortTexts, List<String> longTexts) {
    static Texts read(Path file, int texts) throws Exception {
      List<String> titles = new ArrayList<>();
      List<String> shortTexts = new ArrayList<>();
      List<String> longTexts = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null && longTexts.size() < texts) {
          JsonNode n = json.readTree(line);
          String title = n.path("title").asText("");
          String text = n.path("text").asText("");
          int sentenceEnd = text.indexOf(". ");
          titles.add(title);
          shortTexts.add(
              title + ". " + (sentenceEnd < 0 ? text : text.substring(0, sentenceEnd + 1)));
          longTexts.add(title + ". " + text);
        }
      }
      if (longTexts.isEmpty()) {
        throw new IllegalStateException("no texts in " + file);
      }
      return new Texts(titles, shortTexts, longTexts);
    }
  }

  ResultTable run(Texts texts, int runs) throws Exception {
    ResultTable table =
        ResultTable.of("inference (c)", "walnut onnx-embed in Flink", "tokenizer + ORT direct");
    ResultTable.Row titles =
        table
            .row("titles (short texts), sentences/s", Better.HIGHER, "%,.0f")
            .goal(Goal.atLeast(500));
    ResultTable.Row shortTexts =
        table.row("title + first sentence, sentences/s", Better.HIGHER, "%,.0f");
    ResultTable.Row longTexts =
        table.row("title + text (cut at 256 tokens), sentences/s", Better.HIGHER, "%,.0f");
    out.println();
    out.printf(
        Locale.ROOT,
        "onnx-embed (all-MiniLM-L6-v2 quantized, batch 1), %,d DataSQRL content texts, 1 core%n",
        texts.longTexts().size());
    for (int run = 1; run <= runs; run++) {
      double titleWalnut = embedInFlink(texts.titles());
      double titleDirect = embedDirect(texts.titles());
      double shortWalnut = embedInFlink(texts.shortTexts());
      double shortDirect = embedDirect(texts.shortTexts());
      double longWalnut = embedInFlink(texts.longTexts());
      double longDirect = embedDirect(texts.longTexts());
      out.printf(Locale.ROOT, "run %d of %d%n", run, runs);
      out.printf(Locale.ROOT, "%-58s %14s%n", "", "sentences/s");
      line("titles: Walnut onnx-embed in Flink", titleWalnut);
      line("titles: reference, tokenizer + ORT direct", titleDirect);
      line("short (title + first sentence): Walnut onnx-embed in Flink", shortWalnut);
      line("short: reference, tokenizer + ORT direct", shortDirect);
      line("long (title + text, cut at 256 tokens): Walnut in Flink", longWalnut);
      line("long: reference, tokenizer + ORT direct", longDirect);
      titles.walnut(titleWalnut).reference(titleDirect);
      shortTexts.walnut(shortWalnut).reference(shortDirect);
      longTexts.walnut(longWalnut).reference(longDirect);
    }
    return table;
  }

  private void line(String label, double perSecond) {
    out.printf(Locale.ROOT, "%-58s %,14.0f%n", label, perSecond);
  }

  /** Tokenizer + ONNX Runtime in a plain loop, after a warm-up: the reference. */
  private static double embedDirect(List<String> all) {
    try (MiniLmEmbedder embedder = MiniLmEmbedder.load()) {
      for (int i = 0; i < Math.min(WARMUP_TEXTS, all.size()); i++) {
        embedder.embed(all.get(i));
      }
      long t = System.nanoTime();
      for (String text : all) {
        embedder.embed(text);
      }
      return all.size() / ((System.nanoTime() - t) / 1e9);
    }
  }

  /** The onnx-embed enricher in a Flink job at parallelism 1; the first 50 texts warm up. */
  private static double embedInFlink(List<String> all) throws Exception {
    JobReadings.clear();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    int warmup = Math.min(WARMUP_TEXTS, all.size());
    List<String> withWarmup = new ArrayList<>(all.subList(0, warmup));
    withWarmup.addAll(all);
    env.fromData(withWarmup).map(new Embedding(warmup)).sinkTo(new DiscardingSink<>());
    env.execute("walnut-bench-onnx-embed");
    long[] measured = JobReadings.SAMPLES.poll();
    if (measured == null) {
      throw new IllegalStateException("the Flink job reported no measurements");
    }
    return all.size() / (measured[0] / 1e9);
  }

  /** The {@code onnx-embed} enricher in a map, timing the measured part. */
  static final class Embedding extends RichMapFunction<String, Integer> {
    private static final long serialVersionUID = 1L;
    private final int warmup;
    private transient Enricher.Sync enricher;
    private transient int seen;
    private transient long start;

    Embedding(int warmup) {
      this.warmup = warmup;
    }

    @Override
    public void open(OpenContext context) throws Exception {
      enricher = OnnxEmbedComponent.enricher(new InputParameter());
      enricher.open(getRuntimeContext().getMetricGroup());
    }

    @Override
    public Integer map(String text) throws Exception {
      if (seen++ == warmup) {
        start = System.nanoTime();
      }
      return ((float[]) enricher.enrich(Variables.ofInput(null, text))).length;
    }

    @Override
    public void close() throws Exception {
      if (seen > warmup) {
        JobReadings.SAMPLES.add(new long[] {System.nanoTime() - start});
      }
      if (enricher != null) {
        enricher.close();
      }
    }
  }

  /** {@code Text} = {@code #input}. */
  static final class InputParameter implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object evaluate(Variables context) {
      return context.input();
    }

    @Override
    public DataType type() {
      return DataType.STRING;
    }

    @Override
    public String expression() {
      return "#input";
    }
  }
}
