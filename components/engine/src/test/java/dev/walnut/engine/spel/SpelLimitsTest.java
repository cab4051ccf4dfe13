package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpelLimitsTest {
  private static final Map<String, DataType> VARIABLES = Map.of("input", DataType.UNKNOWN);
  private static final String TEXT_LIMIT = "above the limit of 1048576 characters per text";
  private static final String STEPS = "expression exceeded its evaluation budget of 100000 steps";

  /**
   * The default limits but a time budget no test run reaches, so that the deterministic limits
   * (sizes, steps) are what stops each case even on a busy machine with a cold JIT; the time budget
   * has its own test with a fake clock.
   */
  private final SpelCompiler compiler =
      SpelCompiler.create(
          Clock.systemUTC(), SandboxLimits.builder().maxTime(Duration.ofMinutes(10)).build());

  /** {1,2,...,n} written out, as an analyst could paste it. */
  private static String inlineList(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String chained(String start, String call, int times) {
    return start + call.repeat(times);
  }

  static Stream<Arguments> exhaustion() {
    return Stream.of(
        arguments(
            "'%2147483647d'.formatted(1)",
            "`formatted()` would produce a text of 2147483659 characters, " + TEXT_LIMIT),
        arguments(
            "'%.999999999f'.formatted(1.5)",
            "`formatted()` would produce a text of 1000000011 characters, " + TEXT_LIMIT),
        arguments(
            "'%s%s'.formatted(#input.tenThousandTexts, #input.tenThousandTexts)",
            "`formatted()` would produce a text of"),
        arguments(
            chained("'aaaaaaaaaa'", ".replace('a', 'aaaaaaaaaa')", 6),
            "`replace()` would produce a text of 10000000 characters, " + TEXT_LIMIT),
        arguments(
            chained("#input.word", ".concat(#input.word)", 1)
                + chained("", ".replace('a', 'aa')", 30),
            "`replace()` would produce a text of"),
        arguments(
            "#STRING.replace(#STRING.replace(#STRING.replace('xxxxxxxxxx', 'x', #input.hundred),"
                + " 'x', #input.hundred), 'x', #input.hundred)",
            "`#STRING.replace()` would produce a text of 10000000 characters, " + TEXT_LIMIT),
        arguments(
            chained("'aaaaaaaaaa'", ".replaceAll('a', '" + "$0".repeat(200) + "')", 3),
            "`replaceAll()` would produce a text of"),
        arguments(
            "#input.longText.replaceAll('(?=(.*))', '$1')",
            "`replaceAll()` would produce a text of"),
        arguments(
            inlineList(100) + ".![" + inlineList(100) + ".![" + inlineList(100) + ".![#this]]]",
            STEPS),
        arguments(inlineList(1000) + ".?[" + inlineList(1000) + ".?[#this > 3].size() > 2]", STEPS),
        arguments(inlineList(300) + ".![#input.hundredThousand.toUpperCase()]", STEPS),
        arguments("#input.aaaa.matches('(.*a){20}b')", STEPS),
        arguments("#input.aaaa.replaceAll('(.*a){20}b', 'x')", STEPS),
        arguments("#input.aaaa.replaceFirst('(.*a){20}b', 'x')", STEPS),
        arguments("#input.aaaa.split('(.*a){20}b')", STEPS),
        arguments("#input.aaaa.split('(.*a){20}b', 2)", STEPS),
        arguments(
            "#input.big.pow(999999999)",
            "`pow()` would produce a number of 96999999903 bits, above the limit of 100000 bits"),
        arguments(
            "#input.big.shiftLeft(2147483647)",
            "`shiftLeft()` would produce a number of 2147483744 bits, above the limit of 100000"
                + " bits"),
        arguments(
            "#input.decimal.pow(999999999)", "`pow()` would produce a number of 3999999996 bits"),
        arguments(
            "#input.decimal.setScale(999999999)",
            "`setScale()` would produce a number with 1000000000 decimal places, above the limit"
                + " of 30000"),
        arguments(
            "#input.commas.split(',')",
            "`split()` would produce 200001 elements, above the limit of 100000 elements per list"
                + " or map"),
        arguments(
            "#COLLECTION.flatten(" + inlineList(20) + ".![#input.tenThousandTexts])",
            "`#COLLECTION.flatten()` would produce 200000 elements, above the limit of 100000"),
        arguments(
            "#COLLECTION.join(" + inlineList(20) + ".![#input.hundredThousand], ',')",
            "`#COLLECTION.join()` would produce a text of"),
        arguments("#input.twentyLongTexts.toString()", "`toString()` would produce a text of"),
        arguments(
            "'' + " + inlineList(20) + ".![#input.hundredThousand]",
            "converting a list or map to text would produce a text of"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("exhaustion")
  void refusesOrStopsAnExpressionThatWouldExhaustTheTask(String expression, String message) {
    CompiledExpression compiled = compiler.compile(expression, VARIABLES);
    assertThat(compiled.errors()).isEmpty();

    assertThatThrownBy(() -> compiled.evaluate(Variables.ofInput("t", input())))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessageStartingWith("cannot evaluate `" + expression + "`: " + message);
  }

  @Test
  void refusesThePowerOperatorAtCompileTimeBecauseBigNumbersHaveNoBound() {
    CompiledExpression compiled = compiler.compile("#input.big ^ 999999999", VARIABLES);

    assertThat(compiled.errors())
        .extracting(ExpressionError::message)
        .containsExactly(
            "the power operator `^` is not allowed in expressions: use #MATH.pow(x, y)");
  }

  @Test
  void stopsAnEvaluationThatRunsOverItsTimeBudget() {
    AtomicLong now = new AtomicLong();
    SandboxLimits limits =
        SandboxLimits.builder()
            .maxSteps(Integer.MAX_VALUE)
            .maxTime(Duration.ofMillis(50))
            .ticker(() -> now.addAndGet(Duration.ofMillis(1).toNanos()))
            .build();
    SpelCompiler timed = SpelCompiler.create(Clock.systemUTC(), limits);
    CompiledExpression compiled = timed.compile("#input.aaaa.matches('(.*a){20}b')", VARIABLES);

    assertThatThrownBy(() -> compiled.evaluate(Variables.ofInput("t", input())))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessage(
            "cannot evaluate `#input.aaaa.matches('(.*a){20}b')`: expression exceeded its evaluation"
                + " budget of 50 ms");
  }

  @Test
  void appliesTheLimitsItIsGiven() {
    SpelCompiler small =
        SpelCompiler.create(
            Clock.systemUTC(),
            SandboxLimits.builder().maxStringLength(10).maxCollectionSize(3).maxSteps(50).build());

    assertThatThrownBy(() -> evaluate(small, "'abcdef'.concat('abcdef')"))
        .hasMessageEndingWith(
            "`concat()` would produce a text of 12 characters, above the limit of 10 characters"
                + " per text");
    assertThatThrownBy(() -> evaluate(small, "'a,b,c,d'.split(',')"))
        .hasMessageEndingWith(
            "`split()` would produce 4 elements, above the limit of 3 elements per list or map");
    assertThatThrownBy(() -> evaluate(small, inlineList(60) + ".![#this]"))
        .hasMessageEndingWith("expression exceeded its evaluation budget of 50 steps");
    assertThat(evaluate(small, "'abc'.concat('def')")).isEqualTo("abcdef");
  }

  @Test
  void explainsWhatIsWrongWithALimit() {
    assertThatThrownBy(() -> SandboxLimits.builder().maxSteps(0).build())
        .hasMessage("sandbox limit `maxSteps` must be a positive number, got 0");
    assertThatThrownBy(() -> SandboxLimits.builder().maxStringLength(-1).build())
        .hasMessage("sandbox limit `maxStringLength` must be a positive number, got -1");
    assertThatThrownBy(() -> SandboxLimits.builder().maxTime(Duration.ZERO).build())
        .hasMessage("sandbox limit `maxTime` must be at least 1 ms, got PT0S");
  }

  static Stream<Arguments> ordinary() {
    return Stream.of(
        arguments("'%05d-%s'.formatted(42, 'x')", "00042-x"),
        arguments("#input.word.replace('a', 'A')", "bAnAnA"),
        arguments("#STRING.replace(#input.word, 'an', '')", "ba"),
        arguments("#input.word.replaceAll('[aeiou]', '')", "bnn"),
        arguments("#input.word.replaceAll('(an)', '<$1>')", "b<an><an>a"),
        arguments("#input.word.replaceFirst('a(n)', '$1$1')", "bnnana"),
        arguments("#input.word.matches('b(an)+a')", true),
        arguments("#input.word.matches('x')", false),
        arguments("'a,b,,c,,'.split(',')", new String[] {"a", "b", "", "c"}),
        arguments("'a,b,c'.split(',', 2)", new String[] {"a", "b,c"}),
        arguments("{1, 2, 3}.![#this * 2]", List.of(2, 4, 6)),
        arguments(inlineList(1000) + ".?[#this > 998]", List.of(999, 1000)),
        arguments("#input.big.pow(2)", new BigInteger("123456789012345678901234567890").pow(2)),
        arguments("#input.big.shiftLeft(1)", new BigInteger("246913578024691357802469135780")),
        arguments("#input.decimal.setScale(4)", new BigDecimal("1.5000")),
        arguments("#COLLECTION.join({'a', 'b'}, '-')", "a-b"),
        arguments("'' + {'a', 'b'}", "a,b"),
        arguments("#MATH.pow(2, 10)", 1024.0),
        arguments("#input.hundredThousand.length()", 100_000));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ordinary")
  void stillEvaluatesOrdinaryExpressionsAsBefore(String expression, Object expected) {
    assertThat(evaluate(compiler, expression)).isEqualTo(expected);
  }

  private static Object evaluate(SpelCompiler compiler, String expression) {
    CompiledExpression compiled = compiler.compile(expression, VARIABLES);
    assertThat(compiled.errors()).isEmpty();
    return compiled.evaluate(Variables.ofInput("t", input()));
  }

  private static Map<String, Object> input() {
    return Map.ofEntries(
        Map.entry("word", "banana"),
        Map.entry("hundred", "x".repeat(100)),
        Map.entry("aaaa", "a".repeat(40)),
        Map.entry("longText", "y".repeat(10_000)),
        Map.entry("hundredThousand", "z".repeat(100_000)),
        Map.entry("tenThousandTexts", Collections.nCopies(10_000, "w".repeat(100))),
        Map.entry("twentyLongTexts", Collections.nCopies(20, "z".repeat(100_000))),
        Map.entry("commas", ",".repeat(200_000) + "x"),
        Map.entry("big", new BigInteger("123456789012345678901234567890")),
        Map.entry("decimal", new BigDecimal("1.5")));
  }
}
