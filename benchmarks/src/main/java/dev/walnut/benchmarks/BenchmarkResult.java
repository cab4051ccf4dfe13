package dev.walnut.benchmarks;

import dev.walnut.api.json.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A benchmark's headline: Walnut's throughput beside the reference's, both measured in the same run
 * on the same machine (the best of the runs of each).
 */
public record BenchmarkResult(String name, double walnutPerSecond, double referencePerSecond) {

  /** Walnut's throughput divided by the reference's. */
  public double ratio() {
    return referencePerSecond == 0 ? 0 : walnutPerSecond / referencePerSecond;
  }

  /** {@code {"name":…, "walnut_per_s":…, "reference_per_s":…, "ratio":…}} on one line. */
  public String toJsonLine() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("walnut_per_s", Math.round(walnutPerSecond));
    json.put("reference_per_s", Math.round(referencePerSecond));
    json.put("ratio", Math.round(ratio() * 1000) / 1000.0);
    return JsonValues.write(json);
  }
}
