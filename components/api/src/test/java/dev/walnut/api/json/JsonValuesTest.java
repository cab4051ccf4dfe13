package dev.walnut.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

  @Test
  void theStreamingWriterWritesWhatTheMapperWrites() throws Exception {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("s", "ä \"quoted\" \n");
    v.put("i", 1);
    v.put("l", 2L);
    v.put("d", 2.5);
    v.put("b", false);
    v.put("n", null);
    v.put("list", List.of(1, "x", Map.of("k", List.of())));
    v.put("dec", new BigDecimal("1.10"));
    v.put("t", Instant.parse("2024-01-02T00:00:00Z"));
    v.put("dur", Duration.ofMinutes(10));
    v.put("vec", new float[] {1.5f, 2f});

    String fast = new String(JsonValues.writeBytes(v), StandardCharsets.UTF_8);

    assertThat(fast).isEqualTo(JsonValues.mapper().writeValueAsString(v));
    assertThat(fast)
        .contains("\"t\":\"2024-01-02T00:00:00Z\"", "\"dur\":\"PT10M\"", "\"vec\":[1.5,2.0]");
    assertThat(JsonValues.write(v)).isEqualTo(fast);
  }

  @Test
  void parsingKeepsFieldOrderAndNumberKinds() throws Exception {
    Object v = JsonValues.parse("{\"b\":1,\"a\":10000000000,\"c\":1.5,\"d\":[true,null]}");

    assertThat(v)
        .isEqualTo(Map.of("b", 1, "a", 10000000000L, "c", 1.5, "d", Arrays.asList(true, null)));
    assertThat(new java.util.ArrayList<Object>(((Map<?, ?>) v).keySet()))
        .containsExactly("b", "a", "c", "d");
  }
}
