package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fast path must answer exactly what SpEL answers, or leave the answer to SpEL. */
class FastPathTest {
  private static final SpelCompiler SPEL = SpelCompiler.create();
  private static final Map<String, DataType> VARS =
      Map.of("input", DataType.UNKNOWN, "n", DataType.UNKNOWN, "meta", DataType.UNKNOWN);

  private static final List<String> EXPRESSIONS =
      List.of(
          "#input",
          "#input.amount",
          "#input.user.id",
          "#input?.user?.id",
          "#input.missing",
          "#input.amount > 20",
          "#input.amount >= 20",
          "#input.amount < 20.5",
          "#input.amount <= 20",
          "#input.currency == 'EUR'",
          "#input.currency != 'EUR'",
          "#input.amount == 25",
          "#input.amount > 20 && #input.currency == 'EUR'",
          "#input.amount > 20 || #input.flag",
          "!#input.flag",
          "{url: #input.url, n: #n, fixed: 'x', one: 1}",
          "{'a b': #input.amount}",
          "'text'",
          "42",
          "2.5",
          "true",
          "null",
          "#n",
          "#meta.scenarioId",
          "#input.name > 'm'");

  private static final List<Map<String, Object>> INPUTS =
      List.of(
          record(
              "amount",
              25,
              "currency",
              "EUR",
              "flag",
              true,
              "url",
              "u",
              "user",
              record("id", "x"),
              "name",
              "zed"),
          record(
              "amount",
              20L,
              "currency",
              "USD",
              "flag",
              false,
              "url",
              "v",
              "user",
              record("id", 7),
              "name",
              "adam"),
          record(
              "amount",
              20.5,
              "currency",
              null,
              "flag",
              true,
              "url",
              null,
              "user",
              null,
              "name",
              "m"),
          record(
              "amount",
              new BigDecimal("30"),
              "currency",
              "EUR",
              "flag",
              "yes",
              "user",
              "not a map"),
          record("amount", null, "currency", 5, "flag", null));

  @Test
  void answersEqualSpelsForEveryShapeAndValue() {
    Map<String, Object> constants = Map.of("meta", Map.of("scenarioId", "s"));
    for (String text : EXPRESSIONS) {
      CompiledExpression e = SPEL.compile(text, VARS);
      assertThat(e.isValid()).as(text + ": " + e.errors()).isTrue();
      for (Map<String, Object> input : INPUTS) {
        Variables v = Variables.ofInput("t", input).with("n", 3);
        Object spel;
        try {
          spel = e.evaluateWithSpel(v, constants);
        } catch (ExpressionEvaluationException failure) {
          assertThatThrownBy(() -> e.evaluate(v, constants))
              .as(text + " on " + input)
              .isInstanceOf(ExpressionEvaluationException.class);
          continue;
        }
        assertThat(e.evaluate(v, constants)).as(text + " on " + input).isEqualTo(spel);
      }
    }
  }

  @Test
  void helpersAreNeverShadowedByTheFastPath() {
    CompiledExpression e = SPEL.compile("#UTIL.coalesce(#input.a, 'x')", VARS);
    assertThat(e.evaluate(Variables.ofInput("t", Map.of()))).isEqualTo("x");
  }

  private static Map<String, Object> record(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @SuppressWarnings("unused")
  private static final Object KEEP_IMPORTS = Arrays.asList(new HashMap<>());
}
