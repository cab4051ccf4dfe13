package dev.walnut.benchmarks.kafkafilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionsTest {

  @Test
  void recordsAreDeterministicJsonOfAbout120Bytes() throws Exception {
    assertThat(Transactions.json(7)).isEqualTo(Transactions.json(7));
    Map<String, Object> t = JsonValues.parseObject(bytes(Transactions.json(1_234_567)));
    assertThat(t).containsOnlyKeys("id", "amount", "currency", "customer", "merchant", "ts");
    assertThat(t.get("id")).isEqualTo(1_234_567);
    assertThat(Transactions.json(1_999_999).length()).isBetween(110, 135);
  }

  @Test
  void passesMatchesTheScenarioFiltersOnTheParsedRecord() throws Exception {
    for (long i = 0; i < 5_000; i++) {
      Map<String, Object> t = JsonValues.parseObject(bytes(Transactions.json(i)));
      boolean filters =
          ((Number) t.get("amount")).doubleValue() > 20 && "EUR".equals(t.get("currency"));
      assertThat(Transactions.passes(i)).as("record %d", i).isEqualTo(filters);
    }
  }

  @Test
  void aboutAThirdPassBothFilters() {
    long passing = Transactions.passing(100_000);
    assertThat(passing).isBetween(25_000L, 40_000L);
  }

  @Test
  void builderRejectsSizesThatMeanNothing() {
    assertThatThrownBy(() -> KafkaFilterBenchmark.builder().records(0))
        .hasMessage("records must be at least 1, got 0");
    assertThatThrownBy(() -> KafkaFilterBenchmark.builder().runs(-1))
        .hasMessage("runs must be at least 1, got -1");
    assertThatThrownBy(() -> KafkaFilterBenchmark.builder().checkpointInterval(Duration.ZERO))
        .hasMessage("checkpoint interval must be a positive duration, e.g. PT10S, got PT0S");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
