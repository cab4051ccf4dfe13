package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelpersTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private final SpelCompiler compiler = SpelCompiler.create(Clock.fixed(NOW, ZoneOffset.UTC));

  private Object eval(String expression) {
    Map<String, Object> input = new HashMap<>();
    input.put("tags", new ArrayList<>(List.of("b", "a", "c", "a")));
    input.put("numbers", List.of(3, 1L, 2.5));
    input.put("embedding", new float[] {1f, 0f});
    input.put("text", "  Hello World ");
    CompiledExpression compiled = compiler.compile(expression, Map.of("input", DataType.UNKNOWN));
    assertThat(compiled.errors()).as(expression).isEmpty();
    return compiled.evaluate(Variables.ofInput("t", input));
  }

  @Test
  void dateHelperWorksWithInstantsAndDurations() {
    assertThat(eval("#DATE.now()")).isEqualTo(NOW);
    assertThat(eval("#DATE.parse('2024-05-01T12:00:00+02:00')")).isEqualTo(NOW);
    assertThat(eval("#DATE.epochMillis(0)")).isEqualTo(Instant.EPOCH);
    assertThat(eval("#DATE.toEpochMillis(#DATE.now())")).isEqualTo(NOW.toEpochMilli());
    assertThat(eval("#DATE.duration('PT10M')")).isEqualTo(Duration.ofMinutes(10));
    assertThat(eval("#DATE.minutes(10)")).isEqualTo(Duration.ofMinutes(10));
    assertThat(eval("#DATE.plusDuration(#DATE.now(), #DATE.hours(1))"))
        .isEqualTo(NOW.plusSeconds(3600));
    assertThat(eval("#DATE.isBefore(#DATE.epochMillis(0), #DATE.now())")).isEqualTo(true);
    assertThat(eval("#DATE.isAfter(#DATE.epochMillis(0), #DATE.now())")).isEqualTo(false);
    assertThat(eval("#DATE.between(#DATE.parse('2024-05-01T09:00:00Z'), #DATE.now())"))
        .isEqualTo(Duration.ofHours(1));
    assertThat(eval("#DATE.format(#DATE.now(), 'yyyy-MM-dd HH:mm')")).isEqualTo("2024-05-01 10:00");
  }

  @Test
  void dateHelperExplainsBadText() {
    CompiledExpression compiled = compiler.compile("#DATE.parse('yesterday')", Map.of());
    assertThatThrownBy(() -> compiled.evaluate(Variables.ofInput("t", null)))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessageContaining(
            "`yesterday` is not an ISO-8601 instant such as 2024-05-01T10:15:30Z");
  }

  @Test
  void collectionHelperReturnsNewListsAndNeverMutatesItsArguments() {
    assertThat(eval("#COLLECTION.contains(#input.numbers, 1)")).isEqualTo(true);
    assertThat(eval("#COLLECTION.containsAll(#input.tags, {'a', 'c'})")).isEqualTo(true);
    assertThat(eval("#COLLECTION.size(#input.tags)")).isEqualTo(4L);
    assertThat(eval("#COLLECTION.isEmpty(#input.missing)")).isEqualTo(true);
    assertThat(eval("#COLLECTION.first(#input.tags)")).isEqualTo("b");
    assertThat(eval("#COLLECTION.last(#input.tags)")).isEqualTo("a");
    assertThat(eval("#COLLECTION.take(#input.tags, 2)")).isEqualTo(List.of("b", "a"));
    assertThat(eval("#COLLECTION.drop(#input.tags, 3)")).isEqualTo(List.of("a"));
    assertThat(eval("#COLLECTION.slice(#input.tags, 1, 100)")).isEqualTo(List.of("a", "c", "a"));
    assertThat(eval("#COLLECTION.distinct(#input.tags)")).isEqualTo(List.of("b", "a", "c"));
    assertThat(eval("#COLLECTION.reverse(#input.tags)")).isEqualTo(List.of("a", "c", "a", "b"));
    assertThat(eval("#COLLECTION.sortedAsc(#input.tags)")).isEqualTo(List.of("a", "a", "b", "c"));
    assertThat(eval("#COLLECTION.sortedDesc(#input.numbers)")).isEqualTo(List.of(3, 2.5, 1L));
    assertThat(eval("#COLLECTION.concat({1}, {2})")).isEqualTo(List.of(1, 2));
    assertThat(eval("#COLLECTION.min(#input.numbers)")).isEqualTo(1L);
    assertThat(eval("#COLLECTION.max(#input.numbers)")).isEqualTo(3);
    assertThat(eval("#COLLECTION.sum(#input.numbers)")).isEqualTo(6.5);
    assertThat((Double) eval("#COLLECTION.avg(#input.numbers)")).isCloseTo(6.5 / 3, within(1e-9));
    assertThat(eval("#COLLECTION.join(#input.tags, ',')")).isEqualTo("b,a,c,a");
    assertThat(eval("#COLLECTION.indexOf(#input.tags, 'c')")).isEqualTo(2L);
    assertThat(eval("#COLLECTION.union({1, 2}, {2, 3})")).isEqualTo(List.of(1, 2, 3));
    assertThat(eval("#COLLECTION.intersection({1, 2, 3}, {3, 2L})")).isEqualTo(List.of(2, 3));
    assertThat(eval("#COLLECTION.difference(#input.tags, {'a'})")).isEqualTo(List.of("b", "c"));
    assertThat(eval("#COLLECTION.flatten({{1, 2}, {3}})")).isEqualTo(List.of(1, 2, 3));

    Object sorted = eval("#COLLECTION.sortedAsc(#input.tags)");
    assertThatThrownBy(() -> ((List<?>) sorted).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(eval("#input.tags")).isEqualTo(List.of("b", "a", "c", "a"));
  }

  @Test
  void stringHelperTransformsText() {
    assertThat(eval("#STRING.lower('AbC')")).isEqualTo("abc");
    assertThat(eval("#STRING.upper('AbC')")).isEqualTo("ABC");
    assertThat(eval("#STRING.trim(#input.text)")).isEqualTo("Hello World");
    assertThat(eval("#STRING.startsWith('https://x', 'https')")).isEqualTo(true);
    assertThat(eval("#STRING.endsWith('a.png', '.png')")).isEqualTo(true);
    assertThat(eval("#STRING.contains(#input.missing, 'x')")).isEqualTo(false);
    assertThat(eval("#STRING.length('abc')")).isEqualTo(3L);
    assertThat(eval("#STRING.substring('abcdef', 2)")).isEqualTo("cdef");
    assertThat(eval("#STRING.substring('abcdef', 2, 100)")).isEqualTo("cdef");
    assertThat(eval("#STRING.split('a.b.c', '.')")).isEqualTo(List.of("a", "b", "c"));
    assertThat(eval("#STRING.replace('a-b-c', '-', '+')")).isEqualTo("a+b+c");
    assertThat(eval("#STRING.isBlank('  ')")).isEqualTo(true);
    assertThat(eval("#STRING.isEmpty('')")).isEqualTo(true);
    assertThat(eval("#STRING.padLeft('7', 3, '0')")).isEqualTo("007");
    assertThat(eval("#STRING.padRight('7', 3, '.')")).isEqualTo("7..");
    assertThat(eval("#STRING.toNumber('42')")).isEqualTo(42L);
    assertThat(eval("#STRING.toNumber('4.5')")).isEqualTo(4.5);
  }

  @Test
  void mathHelperKeepsWholeNumbersWhole() {
    assertThat(eval("#MATH.abs(-3)")).isEqualTo(3L);
    assertThat(eval("#MATH.abs(-3.5)")).isEqualTo(3.5);
    assertThat(eval("#MATH.min(3, 2)")).isEqualTo(2L);
    assertThat(eval("#MATH.max(3, 4.5)")).isEqualTo(4.5);
    assertThat(eval("#MATH.clamp(15, 0, 10)")).isEqualTo(10L);
    assertThat(eval("#MATH.floor(2.7)")).isEqualTo(2.0);
    assertThat(eval("#MATH.ceil(2.1)")).isEqualTo(3.0);
    assertThat(eval("#MATH.round(2.5)")).isEqualTo(3L);
    assertThat(eval("#MATH.pow(2, 10)")).isEqualTo(1024.0);
    assertThat(eval("#MATH.sqrt(16)")).isEqualTo(4.0);
    assertThat(eval("#MATH.log(1)")).isEqualTo(0.0);
    assertThat(eval("#MATH.exp(0)")).isEqualTo(1.0);
  }

  @Test
  void utilHelperHashesStablyAndHandlesNulls() {
    assertThat((String) eval("#UTIL.uuid()")).hasSize(36);
    assertThat(eval("#UTIL.hash('user-1')")).isEqualTo(eval("#UTIL.hash('user-1')"));
    assertThat(eval("#UTIL.hash('user-1')")).isNotEqualTo(eval("#UTIL.hash('user-2')"));
    assertThat(eval("#UTIL.isNull(#input.missing)")).isEqualTo(true);
    assertThat(eval("#UTIL.coalesce(#input.missing, 'x')")).isEqualTo("x");
    assertThat(eval("#UTIL.toLong('42')")).isEqualTo(42L);
    assertThat(eval("#UTIL.toDouble(3)")).isEqualTo(3.0);
    assertThat(eval("#UTIL.toString(3)")).isEqualTo("3");
  }

  @Test
  void murmurHashMatchesTheReferenceVectors() {
    // First 64 bits of MurmurHash3_x64_128 with seed 0, as published for this sentence.
    assertThat(Murmur3.hash64("The quick brown fox jumps over the lazy dog"))
        .isEqualTo(0xe34bbc7bbc071b6cL);
    assertThat(Murmur3.hash64("")).isEqualTo(0L);
  }

  @Test
  void vectorHelperComparesEmbeddings() {
    assertThat(eval("#VECTOR.dot({1, 2}, {3, 4})")).isEqualTo(11.0);
    assertThat(eval("#VECTOR.cosine(#input.embedding, {1, 0})")).isEqualTo(1.0);
    assertThat((Double) eval("#VECTOR.cosine({1, 0}, {0, 1})")).isCloseTo(0.0, within(1e-12));
    assertThat(eval("#VECTOR.norm({3, 4})")).isEqualTo(5.0);
    assertThat(eval("#VECTOR.mean({{1, 2}, {3, 4}})")).isEqualTo(new float[] {2f, 3f});
    CompiledExpression mismatch = compiler.compile("#VECTOR.dot({1, 2}, {1, 2, 3})", Map.of());
    assertThatThrownBy(() -> mismatch.evaluate(Variables.ofInput("t", null)))
        .hasMessageContaining("vectors have different dimensions: 2 and 3");
  }

  @Test
  void describesEveryHelperForAutocompletion() {
    assertThat(compiler.helperNames())
        .containsExactly(
            "DATE",
            "COLLECTION",
            "STRING",
            "MATH",
            "UTIL",
            "VECTOR",
            "RANDOM",
            "DATE_FORMAT",
            "CONV");
    List<HelperMethod> date = compiler.helpers().get("DATE");
    assertThat(date)
        .contains(
            new HelperMethod(
                "minutes", List.of("Long"), DataType.DURATION, "A duration of minutes"));
    assertThat(compiler.helpers().values())
        .allSatisfy(
            methods -> assertThat(methods).allSatisfy(m -> assertThat(m.docs()).isNotBlank()));
  }
}
