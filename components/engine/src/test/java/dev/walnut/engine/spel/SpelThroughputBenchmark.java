package dev.walnut.engine.spel;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints how many evaluations per second one thread does for typical expressions on a map input. A
 * program, not a test: run with {@code java -cp ...
 * dev.walnut.engine.spel.SpelThroughputBenchmark}.
 */
final class SpelThroughputBenchmark {
  private SpelThroughputBenchmark() {}

  public static void main(String[] args) {
    SpelCompiler compiler = SpelCompiler.create();
    Variables[] records = new Variables[1024];
    for (int i = 0; i < records.length; i++) {
      Map<String, Object> input = new HashMap<>();
      input.put("amount", (long) (i % 40));
      input.put("url", i % 2 == 0 ? "https://a.example" : "http://b.example");
      records[i] = Variables.ofInput(null, input);
    }
    Map<String, DataType> variables = Map.of("input", DataType.UNKNOWN);
    System.out.printf("%-45s %15s%n", "expression", "evaluations/s");
    for (String text :
        new String[] {
          "#input.amount > 20",
          "#input.url.startsWith('https')",
          "#input.amount > 20 and #input.url != null",
          "#STRING.upper(#input.url)"
        }) {
      CompiledExpression expression = compiler.compile(text, variables);
      long sink = 0;
      for (int round = 0; round < 3; round++) { // the last round is measured, after warm-up
        int n = 3_000_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          sink += expression.evaluate(records[i & 1023]).hashCode();
        }
        long elapsed = System.nanoTime() - start;
        if (round == 2) {
          System.out.printf("%-45s %,15.0f%n", text, n / (elapsed / 1e9));
        }
      }
      if (sink == 42) {
        System.out.println(); // keeps the JIT from dropping the work
      }
    }
  }
}
