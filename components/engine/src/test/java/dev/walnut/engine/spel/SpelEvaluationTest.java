package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SpelEvaluationTest {
  private final SpelCompiler compiler = SpelCompiler.create();

  private static Map<String, Object> order() {
    Map<String, Object> input = new HashMap<>();
    input.put("amount", 42);
    input.put("price", 12.5);
    input.put("url", "https://shop.example/p/1");
    input.put("event_time", Instant.parse("2024-05-01T10:15:30Z"));
    input.put("tags", List.of("new", "sale"));
    input.put(
        "items",
        List.of(
            Map.of("sku", "a", "price", 5L),
            Map.of("sku", "b", "price", 15L),
            Map.of("sku", "c", "price", 25L)));
    input.put("customer", Map.of("name", "Ada", "tier", "gold"));
    return input;
  }

  private Object eval(String expression) {
    return eval(expression, order());
  }

  private Object eval(String expression, Object input) {
    CompiledExpression compiled = compiler.compile(expression, Map.of("input", DataType.UNKNOWN));
    assertThat(compiled.errors()).as(expression).isEmpty();
    return compiled.evaluate(Variables.ofInput("t1", input));
  }

  @Test
  void comparesAMapFieldWithANumber() {
    assertThat(eval("#input.amount > 20")).isEqualTo(true);
    assertThat(eval("#input.amount > 50")).isEqualTo(false);
    assertThat(eval("#input.price >= 12.5 and #input.amount == 42")).isEqualTo(true);
  }

  @Test
  void callsStringMethodsOnFields() {
    assertThat(eval("#input.url.startsWith('https')")).isEqualTo(true);
    assertThat(eval("#input.url.length()")).isEqualTo(24);
    assertThat(eval("#input.customer.name.toUpperCase()")).isEqualTo("ADA");
  }

  @Test
  void readsFieldsWithTheIndexerSyntax() {
    assertThat(eval("#input['event_time']")).isEqualTo(Instant.parse("2024-05-01T10:15:30Z"));
    assertThat(eval("#input['customer']['tier']")).isEqualTo("gold");
    assertThat(eval("#input.tags[1]")).isEqualTo("sale");
  }

  @Test
  void readsAMissingKeyAsNull() {
    assertThat(eval("#input.missing")).isNull();
    assertThat(eval("#input['missing']")).isNull();
    assertThat(eval("#input.missing == null")).isEqualTo(true);
  }

  @Test
  void navigatesNullSafelyAndFallsBackWithElvis() {
    assertThat(eval("#input.missing?.name")).isNull();
    assertThat(eval("#input.missing?.length()")).isNull();
    assertThat(eval("#input.missing ?: 'none'")).isEqualTo("none");
    assertThat(eval("#input.customer?.name ?: 'none'")).isEqualTo("Ada");
    assertThat(eval("#input.amount > 10 ? 'big' : 'small'")).isEqualTo("big");
  }

  @Test
  void buildsInlineListsAndRecordsWithStringKeys() {
    assertThat(eval("{1, 2, 3}")).isEqualTo(List.of(1, 2, 3));
    Object record = eval("{a: 1, b: 'x', 'c d': #input.amount}");
    assertThat(record).isInstanceOf(Map.class);
    assertThat(new ArrayList<Object>(((Map<?, ?>) record).keySet()))
        .containsExactly("a", "b", "c d");
    assertThat(((Map<?, ?>) record).get("c d")).isEqualTo(42);
    assertThat(eval("{a: 1, b: 'x'}.b")).isEqualTo("x");
  }

  @Test
  void selectsAndProjectsListElements() {
    assertThat(eval("#input.items.?[price > 10].![sku]")).isEqualTo(List.of("b", "c"));
    assertThat(eval("#input.items.^[price > 10].sku")).isEqualTo("b");
    assertThat(eval("#input.items.$[price > 10].sku")).isEqualTo("c");
    assertThat(eval("#input.items.![#this.price * 2]")).isEqualTo(List.of(10L, 30L, 50L));
    assertThat(eval("{1, 2, 3, 4}.?[#this % 2 == 0]")).isEqualTo(List.of(2, 4));
    assertThat(eval("#input.customer.?[value == 'gold']")).isEqualTo(Map.of("tier", "gold"));
    assertThat(new ArrayList<Object>((List<?>) eval("#input.customer.![key]")))
        .containsExactlyInAnyOrder("name", "tier");
  }

  @Test
  void readsAllowedPropertiesAndMethodsOfValues() {
    assertThat(eval("#input.event_time.epochSecond")).isEqualTo(1714558530L);
    assertThat(eval("#input.tags.size()")).isEqualTo(2);
    assertThat(eval("#input.tags.contains('sale')")).isEqualTo(true);
    assertThat(eval("#input.customer.containsKey('name')")).isEqualTo(true);
    assertThat(eval("#input.url matches 'https://.*'")).isEqualTo(true);
    assertThat(eval("#input.amount between {40, 50}")).isEqualTo(true);
  }

  @Test
  void concatenatesAndDoesArithmetic() {
    assertThat(eval("'id-' + #input.amount")).isEqualTo("id-42");
    assertThat(eval("#input.amount * 2 + 1")).isEqualTo(85);
    assertThat(eval("#input.price / 2")).isEqualTo(6.25);
  }

  @Test
  void convertsNumbersToTheExpectedType() {
    CompiledExpression amount =
        compiler.compile("#input.amount", Map.of("input", DataType.UNKNOWN));
    Variables vars = Variables.ofInput("t", order());
    assertThat(amount.evaluate(vars, Long.class)).isEqualTo(42L);
    assertThat(amount.evaluate(vars, Double.class)).isEqualTo(42.0);
    assertThat(amount.evaluate(vars, long.class)).isEqualTo(42L);
    CompiledExpression whole = compiler.compile("4.0", Map.of());
    assertThat(whole.evaluate(vars, Long.class)).isEqualTo(4L);
    CompiledExpression fraction = compiler.compile("4.5", Map.of());
    assertThatThrownBy(() -> fraction.evaluate(vars, Long.class))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessage("cannot evaluate `4.5`: expected a Long but the result is a Double (4.5)");
    CompiledExpression text = compiler.compile("'x'", Map.of());
    assertThatThrownBy(() -> text.evaluate(vars, Boolean.class))
        .hasMessage("cannot evaluate `'x'`: expected a Boolean but the result is a String (x)");
    assertThat(compiler.compile("null", Map.of()).evaluate(vars, Long.class)).isNull();
  }

  @Test
  void namesTheExpressionAndTheCauseWhenEvaluationFails() {
    CompiledExpression divide =
        compiler.compile("#input.amount / 0", Map.of("input", DataType.UNKNOWN));
    assertThatThrownBy(() -> divide.evaluate(Variables.ofInput("t", order())))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessageStartingWith("cannot evaluate `#input.amount / 0`: ")
        .hasMessageContaining("/ by zero");
  }

  @Test
  void refusesToEvaluateAnInvalidExpression() {
    CompiledExpression invalid = compiler.compile("#nope > 1", Map.of("input", DataType.UNKNOWN));
    assertThatThrownBy(() -> invalid.evaluate(Variables.ofInput("t", order())))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessage(
            "cannot evaluate `#nope > 1`: the expression is invalid: unknown variable `#nope`;"
                + " visible here: #input");
  }

  @Test
  void evaluatesOneCompiledExpressionFromFourThreadsAtOnce() throws Exception {
    CompiledExpression compiled =
        compiler.compile(
            "#input.items.?[price > #input.limit].![sku + '-' + #input.amount]",
            Map.of("input", DataType.UNKNOWN));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            () -> {
              for (int i = 0; i < 5_000; i++) {
                Map<String, Object> input = order();
                input.put("amount", thread * 100_000 + i);
                input.put("limit", i % 2 == 0 ? 10 : 20);
                Object result = compiled.evaluate(Variables.ofInput("t", input));
                List<String> expected =
                    i % 2 == 0
                        ? List.of("b-" + input.get("amount"), "c-" + input.get("amount"))
                        : List.of("c-" + input.get("amount"));
                if (!expected.equals(result)) {
                  throw new AssertionError("thread " + thread + " got " + result);
                }
              }
              return true;
            });
      }
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
