package dev.walnut.benchmarks.kafkafilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesSerializer;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The object-reuse note the benchmark prints holds for the job the engine compiles: if the engine
 * turns object reuse on, or a stream starts copying records, this fails and the note changes with
 * it.
 */
class ObjectReuseCheckTest {

  @Test
  void walnutsCompiledJobLeavesObjectReuseOffButCopiesNoRecordBetweenOperators() throws Exception {
    ObjectReuseCheck check;
    // the engine compiles a job as it deploys one: against a broker that has the source topic
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("transactions", 1);
      check =
          ObjectReuseCheck.of(
              KafkaFilterBenchmark.scenario("transactions", "filtered", "bench"),
              Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()));
    }

    assertThat(check.enabled()).isFalse();
    assertThat(check.copyingStreams()).isEmpty();
    assertThat(check.note())
        .startsWith(
            "object reuse: off in Walnut's compiled job (FlinkCompiler keeps Flink's default)")
        .contains("turning it on would change nothing here")
        .contains("The hand-written reference runs with it on");
  }

  @Test
  void copyingAVariablesRecordReturnsTheRecordItself() {
    Variables v = Variables.ofInput(null, Map.of("amount", 21.5));
    assertThat(VariablesSerializer.INSTANCE.isImmutableType()).isTrue();
    assertThat(VariablesSerializer.INSTANCE.copy(v)).isSameAs(v);
  }
}
