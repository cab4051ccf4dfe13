package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The helpers Nussknacker documents that Walnut added: #RANDOM, #DATE_FORMAT, #CONV and more. */
class NussknackerHelpersTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private final SpelCompiler compiler = SpelCompiler.create(Clock.fixed(NOW, ZoneOffset.UTC));

  private Object eval(String expression) {
    return eval(compiler, expression);
  }

  private static Object eval(SpelCompiler compiler, String expression) {
    CompiledExpression compiled = compiler.compile(expression, Map.of("input", DataType.UNKNOWN));
    assertThat(compiled.errors()).as(expression).isEmpty();
    return compiled.evaluate(Variables.ofInput("t", Map.of("amount", "12.50", "flag", "TRUE")));
  }

  private String failure(String expression) {
    CompiledExpression compiled = compiler.compile(expression, Map.of("input", DataType.UNKNOWN));
    assertThat(compiled.errors()).as(expression).isEmpty();
    try {
      compiled.evaluate(Variables.ofInput("t", Map.of()));
    } catch (ExpressionEvaluationException e) {
      return e.getMessage();
    }
    throw new AssertionError("`" + expression + "` did not fail");
  }

  @Test
  void randomValuesStayWithinTheirBounds() {
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Object n = eval("#RANDOM.nextInt(3)");
      assertThat((Long) n).isBetween(0L, 2L);
      seen.add(n);
      assertThat((Long) eval("#RANDOM.nextInt(10, 12)")).isBetween(10L, 11L);
      assertThat((Double) eval("#RANDOM.nextDouble(1.5, 2.0)")).isBetween(1.5, 2.0);
      assertThat((Double) eval("#RANDOM.nextDouble()")).isBetween(0.0, 1.0);
    }
    // 200 draws of 3 values: all three come up (the chance of missing one is below 1e-34)
    assertThat(seen).containsExactlyInAnyOrder(0L, 1L, 2L);
    assertThat(eval("#RANDOM.nextBoolean(0.0)")).isEqualTo(false);
    assertThat(eval("#RANDOM.nextBoolean(1.0)")).isEqualTo(true);
    assertThat((String) eval("#RANDOM.uuid()")).hasSize(36);
  }

  @Test
  void randomBoundsThatMakeNoSenseSayWhatToFix() {
    assertThat(failure("#RANDOM.nextInt(5, 5)"))
        .contains("#RANDOM needs a lower bound below the upper bound, got 5 and 5");
    assertThat(failure("#RANDOM.nextBoolean(1.5)"))
        .contains("#RANDOM.nextBoolean needs a probability from 0 to 1, got 1.5");
  }

  @Test
  void dateFormatFormatsAndParsesWithPatternsAndZones() {
    assertThat(eval("#DATE_FORMAT.format(#DATE.now())")).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(eval("#DATE_FORMAT.format(#DATE.now(), 'yyyy-MM-dd HH:mm')"))
        .isEqualTo("2024-05-01 10:00");
    assertThat(eval("#DATE_FORMAT.format(#DATE.now(), 'HH:mm', 'Europe/Warsaw')"))
        .isEqualTo("12:00");
    assertThat(eval("#DATE_FORMAT.parse('01.05.2024 12:00', 'dd.MM.yyyy HH:mm', 'Europe/Warsaw')"))
        .isEqualTo(NOW);
    assertThat(eval("#DATE_FORMAT.parse('2024-05-01 10:00', 'yyyy-MM-dd HH:mm')")).isEqualTo(NOW);
    // a zone or offset in the text wins over the zone argument
    assertThat(eval("#DATE_FORMAT.parse('2024-05-01 12:00 +02:00', 'yyyy-MM-dd HH:mm XXX', 'UTC')"))
        .isEqualTo(NOW);
    assertThat(eval("#DATE_FORMAT.parse('2024-05-01', 'yyyy-MM-dd', 'Europe/Warsaw')"))
        .isEqualTo(Instant.parse("2024-04-30T22:00:00Z"));
    assertThat(eval("#DATE_FORMAT.parseInstant('2024-05-01T12:00:00+02:00')")).isEqualTo(NOW);
  }

  @Test
  void dateFormatErrorsSayWhatToFix() {
    assertThat(failure("#DATE_FORMAT.parse('May 1st', 'yyyy-MM-dd')"))
        .contains("`May 1st` does not match the pattern `yyyy-MM-dd`");
    assertThat(failure("#DATE_FORMAT.format(#DATE.now(), 'yyyy-MM-dd', 'Mars/Olympus')"))
        .contains(
            "`Mars/Olympus` is not a time zone; use a region like 'Europe/Warsaw' or an offset"
                + " like '+02:00'");
    assertThat(failure("#DATE_FORMAT.format(#DATE.now(), 'yyyy-MM-dd {')"))
        .contains("`yyyy-MM-dd {` is not a date-time pattern");
  }

  @Test
  void nowAtZoneGivesTheLocalDateAndTimePartsOfTheInjectedClock() {
    assertThat(eval("#DATE.nowAtZone('Europe/Warsaw').hour")).isEqualTo(12L);
    assertThat(eval("#DATE.nowAtZone('Europe/Warsaw').dayOfWeek")).isEqualTo("WEDNESDAY");
    assertThat(eval("#DATE.nowAtZone('America/New_York').iso")).isEqualTo("2024-05-01T06:00");
    assertThat(eval("#DATE.nowAtZone('UTC').instant")).isEqualTo(NOW);
  }

  @Test
  void isBetweenChecksInstantsAndTimesOfDayIncludingRangesOverMidnight() {
    assertThat(
            eval(
                "#DATE.isBetween(#DATE.now(), #DATE.parse('2024-05-01T10:00:00Z'),"
                    + " #DATE.parse('2024-05-01T11:00:00Z'))"))
        .isEqualTo(true);
    assertThat(
            eval(
                "#DATE.isBetween(#DATE.now(), #DATE.parse('2024-05-01T10:00:01Z'),"
                    + " #DATE.parse('2024-05-01T11:00:00Z'))"))
        .isEqualTo(false);
    // 12:00 in Warsaw
    assertThat(eval("#DATE.isBetween(#DATE.now(), '09:00', '17:00', 'Europe/Warsaw')"))
        .isEqualTo(true);
    assertThat(eval("#DATE.isBetween(#DATE.now(), '22:00', '06:00', 'Europe/Warsaw')"))
        .isEqualTo(false);
    assertThat(eval("#DATE.isBetween(#DATE.now(), '22:00', '06:00', 'America/Los_Angeles')"))
        .isEqualTo(true);
    assertThat(failure("#DATE.isBetween(#DATE.now(), '9am', '17:00', 'UTC')"))
        .contains("`9am` is not a time of day; write it like '08:30' or '08:30:15'");
  }

  @Test
  void convConvertsAsNussknackerDoesFailingOrAnsweringNull() {
    assertThat(eval("#CONV.toNumber(#input.amount)")).isEqualTo(12.5);
    assertThat(eval("#CONV.toNumber('42')")).isEqualTo(42L);
    assertThat(eval("#CONV.toNumberOrNull('forty')")).isNull();
    assertThat(eval("#CONV.isNumber('4e2')")).isEqualTo(true);
    assertThat(eval("#CONV.toBoolean(#input.flag)")).isEqualTo(true);
    assertThat(eval("#CONV.toBooleanOrNull('yes')")).isNull();
    assertThat(eval("#CONV.toLong('12.9')")).isEqualTo(12L);
    assertThat(eval("#CONV.toInteger(7.0)")).isEqualTo(7L);
    assertThat(eval("#CONV.toDouble(3)")).isEqualTo(3.0);
    assertThat(eval("#CONV.toString(12)")).isEqualTo("12");
    assertThat(eval("#CONV.toBigDecimal('0.10')")).isEqualTo(new BigDecimal("0.10"));
    assertThat(eval("#CONV.toBigInteger('12345678901234567890')"))
        .isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(eval("#CONV.toBigDecimalOrNull('ten')")).isNull();
    assertThat(failure("#CONV.toBoolean('yes')")).contains("cannot convert `yes` to a Boolean");
    assertThat(failure("#CONV.toInteger(3000000000L)"))
        .contains("cannot convert `3000000000` to an Integer (it is out of range)");
  }

  @Test
  void convRefusesNumbersAboveTheSandboxsDigitLimitEvenWhenAskedForNull() {
    String huge = "1e-" + (ProducedValues.MAX_NUMBER_DIGITS + 1);
    assertThat(failure("#CONV.toBigDecimalOrNull('" + huge + "')"))
        .contains("decimal places, above the limit of " + ProducedValues.MAX_NUMBER_DIGITS);
  }

  @Test
  void utilSplitAndJoinAreBoundedByTheSandboxsLimits() {
    assertThat(eval("#UTIL.split('a,b,,c', ',')")).isEqualTo(List.of("a", "b", "", "c"));
    assertThat(eval("#UTIL.join({'a', 'b'}, '-')")).isEqualTo("a-b");
    SpelCompiler small =
        SpelCompiler.create(Clock.systemUTC(), SandboxLimits.builder().maxStringLength(10).build());
    CompiledExpression join = small.compile("#UTIL.join({'abcd', 'efgh', 'ijkl'}, ', ')", Map.of());
    // refused before joining, on the guard's upper bound (a separator per element): 12 + 3 × 2
    assertThatThrownBy(() -> join.evaluate(Variables.ofInput("t", null)))
        .hasMessageEndingWith(
            "`#UTIL.join()` would produce a text of 20 characters, above the limit of 10"
                + " characters per text");
  }

  @Test
  void theNewHelpersAreTypedForTheDesigner() {
    assertThat(compiler.compile("#RANDOM.nextInt(5)", Map.of()).type()).isEqualTo(DataType.LONG);
    assertThat(compiler.compile("#DATE_FORMAT.parse('x', 'y')", Map.of()).type())
        .isEqualTo(DataType.INSTANT);
    assertThat(compiler.compile("#CONV.toDouble('1')", Map.of()).type()).isEqualTo(DataType.DOUBLE);
    assertThat(compiler.helperNames()).contains("RANDOM", "DATE_FORMAT", "CONV");
  }

  @Test
  void nussknackersTriggerAndAggregatorDropdownsReadAsTheConstantsTheyMean() {
    assertThat(
            eval(
                "T(pl.touk.nussknacker.engine.flink.util.transformer.aggregate"
                    + ".TumblingWindowTrigger).OnEndWithExtraWindow"))
        .isEqualTo("OnEndWithExtraWindow");
    assertThat(
            eval(
                "T(pl.touk.nussknacker.engine.flink.util.transformer.aggregate"
                    + ".SessionWindowTrigger).OnEvent"))
        .isEqualTo("OnEvent");
    assertThat(eval("#AGG.sum")).isEqualTo("sum");
    // only the exact forms: any other type reference is still refused
    assertThat(compiler.compile("T(java.lang.Runtime).getRuntime()", Map.of()).errors())
        .isNotEmpty();
    assertThat(
            compiler
                .compile(
                    "T(pl.touk.nussknacker.engine.flink.util.transformer.aggregate"
                        + ".TumblingWindowTrigger).OnEnd + T(java.lang.System).exit(1)",
                    Map.of())
                .errors())
        .isNotEmpty();
  }
}
