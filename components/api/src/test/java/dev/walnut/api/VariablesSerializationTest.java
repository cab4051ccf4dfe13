package dev.walnut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.types.VariablesSerializer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class VariablesSerializationTest {

  @Test
  void everyJsonLikeValueSurvivesTheWire() throws Exception {
    Map<String, Object> input = new LinkedHashMap<>();
    input.put("s", "x".repeat(70_000));
    input.put("i", 1);
    input.put("l", 2L);
    input.put("d", 3.5);
    input.put("b", true);
    input.put("n", null);
    input.put("dec", new BigDecimal("1.25"));
    input.put("t", Instant.parse("2024-01-02T00:00:00Z"));
    input.put("dur", Duration.ofMinutes(10));
    input.put("list", List.of(1, "two", List.of()));
    input.put("map", Map.of("k", Map.of("z", 1.0f)));
    Variables v = Variables.ofInput("trace-1", input).with("vec", new float[] {1f, 2f});

    DataOutputSerializer out = new DataOutputSerializer(256);
    VariablesSerializer.INSTANCE.serialize(v, out);
    Variables back =
        VariablesSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(back.id()).isEqualTo("trace-1");
    assertThat(back.input()).isEqualTo(input);
    assertThat((float[]) back.get("vec")).containsExactly(1f, 2f);
  }

  @Test
  void aValueThatIsNotJsonLikeIsRefusedWithItsType() {
    Variables v = Variables.ofInput(null, new Object());
    assertThatThrownBy(
            () -> VariablesSerializer.INSTANCE.serialize(v, new DataOutputSerializer(16)))
        .hasMessageStartingWith("a value of type java.lang.Object cannot travel between operators");
  }

  @Test
  void variablesAreImmutable() {
    Variables v = Variables.ofInput(null, 1);
    Variables w = v.with("x", 2);
    assertThat(v.has("x")).isFalse();
    assertThat(w.get("x")).isEqualTo(2);
    assertThat(VariablesSerializer.INSTANCE.copy(w)).isSameAs(w);
  }
}
