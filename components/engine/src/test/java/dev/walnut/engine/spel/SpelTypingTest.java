package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpelTypingTest {
  private static final DataType ITEM =
      DataType.recordBuilder()
          .field("sku", DataType.STRING)
          .field("price", DataType.DOUBLE)
          .build();
  private static final DataType ORDER =
      DataType.recordBuilder()
          .field("amount", DataType.LONG)
          .field("url", DataType.STRING)
          .field("event_time", DataType.INSTANT)
          .field("items", DataType.listOf(ITEM))
          .field("attributes", DataType.mapOf(DataType.STRING))
          .build();
  private static final Map<String, DataType> VARIABLES =
      new java.util.LinkedHashMap<>(Map.of("input", ORDER));

  static {
    VARIABLES.put("meta", DataType.UNKNOWN);
  }

  private final SpelCompiler compiler = SpelCompiler.create();

  private DataType typeOf(String expression) {
    CompiledExpression compiled = compiler.compile(expression, VARIABLES);
    assertThat(compiled.errors()).as(expression).isEmpty();
    return compiled.type();
  }

  private ExpressionError errorOf(String expression) {
    CompiledExpression compiled = compiler.compile(expression, VARIABLES);
    assertThat(compiled.isValid()).as(expression).isFalse();
    assertThat(compiled.type()).isEqualTo(DataType.UNKNOWN);
    return compiled.errors().get(0);
  }

  @Test
  void typesAFilterExpressionAsBoolean() {
    assertThat(typeOf("#input.amount > 20")).isEqualTo(DataType.BOOLEAN);
    assertThat(typeOf("#input.url.startsWith('https') and !(#input.amount == 3)"))
        .isEqualTo(DataType.BOOLEAN);
  }

  @Test
  void typesLiteralsFieldsAndArithmetic() {
    assertThat(typeOf("'x'")).isEqualTo(DataType.STRING);
    assertThat(typeOf("1")).isEqualTo(DataType.LONG);
    assertThat(typeOf("1.5")).isEqualTo(DataType.DOUBLE);
    assertThat(typeOf("null")).isEqualTo(DataType.NULL);
    assertThat(typeOf("#input.event_time")).isEqualTo(DataType.INSTANT);
    assertThat(typeOf("#input.amount * 2")).isEqualTo(DataType.LONG);
    assertThat(typeOf("#input.amount * 1.5")).isEqualTo(DataType.DOUBLE);
    assertThat(typeOf("'n=' + #input.amount")).isEqualTo(DataType.STRING);
    assertThat(typeOf("#input.attributes.color")).isEqualTo(DataType.STRING);
    assertThat(typeOf("#input['url']")).isEqualTo(DataType.STRING);
    assertThat(typeOf("#meta.anything.goes")).isEqualTo(DataType.UNKNOWN);
    assertThat(typeOf("#input.url.length()")).isEqualTo(DataType.LONG);
  }

  @Test
  void typesTernaryAndElvisAsTheCommonType() {
    assertThat(typeOf("#input.amount > 1 ? 'a' : 'b'")).isEqualTo(DataType.STRING);
    assertThat(typeOf("#input.amount > 1 ? 1 : 2.5")).isEqualTo(DataType.DOUBLE);
    assertThat(typeOf("#input.amount > 1 ? 1 : 'b'")).isEqualTo(DataType.UNKNOWN);
    assertThat(typeOf("#input.url ?: 'none'")).isEqualTo(DataType.STRING);
  }

  @Test
  void typesInlineListsAndRecords() {
    assertThat(typeOf("{1, 2}")).isEqualTo(DataType.listOf(DataType.LONG));
    assertThat(typeOf("{a: 1, 'b': 'x'}"))
        .isEqualTo(
            DataType.recordBuilder().field("a", DataType.LONG).field("b", DataType.STRING).build());
    assertThat(typeOf("{a: 1}.a")).isEqualTo(DataType.LONG);
  }

  @Test
  void typesSelectionAsTheSameListAndProjectionAsAListOfTheProjectedType() {
    assertThat(typeOf("#input.items.?[price > 10]")).isEqualTo(DataType.listOf(ITEM));
    assertThat(typeOf("#input.items.^[price > 10]")).isEqualTo(ITEM);
    assertThat(typeOf("#input.items.![sku]")).isEqualTo(DataType.listOf(DataType.STRING));
    assertThat(typeOf("#input.items.![#this.price * 2]"))
        .isEqualTo(DataType.listOf(DataType.DOUBLE));
  }

  @Test
  void typesHelperCallsByTheirDeclaredResult() {
    assertThat(typeOf("#DATE.now()")).isEqualTo(DataType.INSTANT);
    assertThat(typeOf("#DATE.minutes(10)")).isEqualTo(DataType.DURATION);
    assertThat(typeOf("#STRING.upper(#input.url)")).isEqualTo(DataType.STRING);
    assertThat(typeOf("#COLLECTION.first(#input.items)")).isEqualTo(ITEM);
    assertThat(typeOf("#COLLECTION.take(#input.items, 2)")).isEqualTo(DataType.listOf(ITEM));
    assertThat(typeOf("#MATH.max(#input.amount, 3)")).isEqualTo(DataType.LONG);
    assertThat(typeOf("#MATH.max(#input.amount, 3.5)")).isEqualTo(DataType.DOUBLE);
    assertThat(typeOf("#VECTOR.mean({{1, 2}, {3, 4}})"))
        .isEqualTo(DataType.listOf(DataType.DOUBLE));
  }

  @Test
  void reportsAnUnknownVariableListingTheVisibleOnes() {
    ExpressionError error = errorOf("#foo > 1");
    assertThat(error.message()).isEqualTo("unknown variable `#foo`; visible here: #input, #meta");
    assertThat(error.position()).isEqualTo(0);
  }

  @Test
  void reportsAnUnknownRecordFieldListingTheKnownOnes() {
    ExpressionError error = errorOf("#input.amout > 1");
    assertThat(error.message())
        .isEqualTo(
            "unknown field `amout`; known fields: amount, url, event_time, items, attributes");
    assertThat(error.position()).isEqualTo(7);
    assertThat(errorOf("#input.items.?[prise > 1]").message())
        .isEqualTo("unknown field `prise`; known fields: sku, price");
  }

  @Test
  void reportsNonBooleanOperandsOfLogicalOperators() {
    assertThat(errorOf("#input.amount and true").message())
        .isEqualTo("`and` needs Boolean operands, got Long");
    assertThat(errorOf("!#input.url").message())
        .isEqualTo("`!` needs Boolean operands, got String");
    assertThat(errorOf("#input.amount ? 1 : 2").message())
        .isEqualTo("`?:` needs Boolean operands, got Long");
  }

  @Test
  void reportsMismatchedComparisonsAndArithmetic() {
    assertThat(errorOf("#input.amount > 'x'").message())
        .isEqualTo("cannot compare Long with String using `>`");
    assertThat(errorOf("#input.event_time - 1").message())
        .isEqualTo("cannot apply `-` to Instant and Long");
  }

  @Test
  void reportsUnknownHelperMethodsAndWrongArguments() {
    assertThat(errorOf("#DATE.tomorrow()").message())
        .startsWith("`#DATE` has no method `tomorrow`; available: ");
    assertThat(errorOf("#DATE.minutes(1, 2)").message())
        .isEqualTo("`#DATE.minutes` takes 1 argument(s), got 2");
    assertThat(errorOf("#DATE.minutes('ten')").message())
        .isEqualTo("argument 1 of `#DATE.minutes` must be Long, got String");
    assertThat(errorOf("#input.url.shout()").message())
        .isEqualTo("String has no method `shout` taking 0 argument(s)");
  }

  @Test
  void reportsABareNameAndNonStringRecordKeys() {
    assertThat(errorOf("input.amount").message())
        .isEqualTo("`input` is not a variable; write `#input` (visible here: #input, #meta)");
    assertThat(errorOf("{1: 'a'}").message())
        .startsWith("record keys must be names or quoted text");
  }

  @Test
  void reportsASyntaxErrorWithItsPosition() {
    CompiledExpression compiled = compiler.compile("#input.amount >", VARIABLES);
    assertThat(compiled.isValid()).isFalse();
    assertThat(compiled.errors()).hasSize(1);
    assertThat(compiled.errors().get(0).message())
        .isEqualTo(
            "syntax error at character 15: problem parsing right operand\n"
                + "#input.amount >\n"
                + "              ^");
    assertThat(compiled.errors().get(0).position()).isEqualTo(14);
  }
}
