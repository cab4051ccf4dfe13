package dev.walnut.engine.spel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.walnut.api.DataType;
import dev.walnut.api.Variables;
import java.io.File;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.expression.spel.standard.SpelExpressionParser;

class SpelSandboxTest {
  private static final Map<String, DataType> VARIABLES =
      Map.of("input", DataType.UNKNOWN, "meta", DataType.UNKNOWN);

  private final SpelCompiler compiler = SpelCompiler.create();

  static Stream<Arguments> attacks() {
    return Stream.of(
        arguments(
            "T(java.lang.Runtime).getRuntime().exec('id')",
            "type references `T(...)` are not allowed in expressions"),
        arguments("T(System).exit(0)", "type references `T(...)` are not allowed in expressions"),
        arguments(
            "T(java.nio.file.Files).readAllLines(T(java.nio.file.Paths).get('/etc/passwd'))",
            "type references `T(...)` are not allowed in expressions"),
        arguments(
            "{1, 2}.?[T(java.lang.Thread).sleep(1000) == null]",
            "type references `T(...)` are not allowed in expressions"),
        arguments(
            "new java.io.File('/etc/passwd').exists()",
            "constructors `new ...` are not allowed in expressions"),
        arguments(
            "new java.lang.ProcessBuilder({'sh', '-c', 'id'}).start()",
            "constructors `new ...` are not allowed in expressions"),
        arguments(
            "new java.net.URL('http://evil.example').openStream()",
            "constructors `new ...` are not allowed in expressions"),
        arguments(
            "@systemProperties['user.home']",
            "bean references `@name` and `&name` are not allowed in expressions"),
        arguments(
            "&factoryBean", "bean references `@name` and `&name` are not allowed in expressions"),
        arguments(
            "#input = 1",
            "assignment `=` is not allowed in expressions: variables and values are read-only"),
        arguments(
            "#input.amount = 5",
            "assignment `=` is not allowed in expressions: variables and values are read-only"),
        arguments(
            "#input['amount'] = 5",
            "assignment `=` is not allowed in expressions: variables and values are read-only"),
        arguments(
            "#input.amount++", "increment `++` and decrement `--` are not allowed in expressions"),
        arguments(
            "--#input.amount", "increment `++` and decrement `--` are not allowed in expressions"),
        arguments(
            "#input.getClass()",
            "method `getClass()` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#input.url.getClass().getClassLoader()",
            "method `getClass()` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#DATE.getClass().getMethods()",
            "method `getClass()` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#input.items.![#this.getClass()]",
            "method `getClass()` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#input.url.getClass().getDeclaredMethods()[0].invoke(null)",
            "method `getClass()` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#input.class",
            "property `class` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "''.class.forName('java.lang.Runtime')",
            "property `class` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#root.class.classLoader",
            "property `class` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#input.day.declaringClass",
            "property `declaringClass` is not allowed in expressions: it reaches java.lang.Class and reflection"),
        arguments(
            "#input.wait()",
            "method `wait()` is not allowed in expressions: Object monitor methods could block the job"),
        arguments(
            "#input.notifyAll()",
            "method `notifyAll()` is not allowed in expressions: Object monitor methods could block the job"),
        arguments(
            "#input.tags.clear()",
            "method `clear()` is not allowed in expressions: lists and maps are read-only in expressions"),
        arguments(
            "#input.tags.add('x')",
            "method `add()` is not allowed in expressions: lists and maps are read-only in expressions"),
        arguments(
            "#input.tags.set(0, 'x')",
            "method `set()` is not allowed in expressions: lists and maps are read-only in expressions"),
        arguments(
            "#input.tags.subList(0, 1).clear()",
            "method `clear()` is not allowed in expressions: lists and maps are read-only in expressions"),
        arguments(
            "#input.customer.put('tier', 'platinum')",
            "method `put()` is not allowed in expressions: lists and maps are read-only in expressions"),
        arguments(
            "#input.customer.entrySet().removeIf(null)",
            "method `removeIf()` is not allowed in expressions: lists and maps are read-only in expressions"),
        arguments(
            "#input.url.repeat(2000000000)",
            "method `repeat()` is not allowed in expressions: it can exhaust the job's memory"),
        arguments("#rce('id')", "function calls `#rce(...)` are not allowed in expressions"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("attacks")
  void refusesAnAttackAtCompileTimeNamingWhatIsForbidden(String attack, String message) {
    CompiledExpression compiled = compiler.compile(attack, VARIABLES);

    assertThat(compiled.isValid()).isFalse();
    assertThat(compiled.errors())
        .extracting(ExpressionError::message)
        .first()
        .asString()
        .startsWith(message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "T(java.lang.Runtime).getRuntime().exec('id')",
        "T(System).exit(0)",
        "new java.io.File('/etc/passwd').exists()",
        "new java.lang.ProcessBuilder({'sh', '-c', 'id'}).start()",
        "@systemProperties['user.home']",
        "&factoryBean",
        "#input = 1",
        "#input.amount = 5",
        "#input['amount'] = 5",
        "#input.amount++",
        "--#input.amount",
        "#input.getClass()",
        "#input.url.getClass()",
        "#input.url.class",
        "#input.url.class.classLoader",
        "#DATE.getClass().getMethods()",
        "#input.day.declaringClass",
        "#input.day.getDeclaringClass()",
        "#input.wait()",
        "#input.url.notify()",
        "#input.tags.clear()",
        "#input.tags.add('x')",
        "#input.tags.subList(0, 1).clear()",
        "#input.customer.put('tier', 'platinum')",
        "#input.customer.entrySet().iterator()",
        "#rce('id')",
        "#input.file.path",
        "#input.file.getPath()",
        "#input.file.delete()",
        "#input.file.toString()",
        "#input.type.name",
        "#input.type.getName()",
        "#input.thread.interrupt()",
        "#input.tags.stream()",
        "#input.url.repeat(2000000000)",
      })
  void refusesTheParsedAttackAtRunTimeWithoutTheCompileTimeCheck(String attack) {
    Map<String, Object> input = input();
    List<?> tagsBefore = List.copyOf((List<?>) input.get("tags"));
    Map<?, ?> customerBefore = Map.copyOf((Map<?, ?>) input.get("customer"));

    assertThatThrownBy(() -> evaluateWithoutCompileTimeChecks(attack, input))
        .isInstanceOf(RuntimeException.class);
    assertThat(input.get("tags")).isEqualTo(tagsBefore);
    assertThat(input.get("customer")).isEqualTo(customerBefore);
    assertThat(input.get("amount")).isEqualTo(42);
  }

  static Stream<Arguments> runTimeOnlyValues() {
    return Stream.of(
        arguments(
            "#input.file.getPath()",
            "calling `getPath()` on java.io.File is not allowed in expressions"),
        arguments(
            "#input.file.path",
            "reading property `path` on java.io.File is not allowed in expressions"),
        arguments(
            "#input.thread.getName()",
            "calling `getName()` on java.lang.Thread is not allowed in expressions"),
        arguments(
            "#input.tags.iterator()",
            "method `iterator()` is not allowed on java.util.ArrayList: lists and maps are read-only"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("runTimeOnlyValues")
  void refusesADisallowedValueThatOnlyAppearsAtRunTime(String expression, String message) {
    CompiledExpression compiled = compiler.compile(expression, VARIABLES);
    assertThat(compiled.isValid())
        .as("%s compiles: the type of #input is unknown", expression)
        .isTrue();

    assertThatThrownBy(() -> evaluateWithoutCompileTimeChecks(expression, input()))
        .hasMessageContaining(message);
    assertThatThrownBy(() -> compiled.evaluate(Variables.ofInput("t", input())))
        .isInstanceOf(ExpressionEvaluationException.class)
        .hasMessageStartingWith("cannot evaluate `" + compiled.text() + "`");
  }

  @org.junit.jupiter.api.Test
  void stillReadsAMapAfterRefusingAnotherTypeAtTheSamePlace() {
    CompiledExpression compiled = compiler.compile("#input.x.path", VARIABLES);
    Map<String, Object> fileInput = new HashMap<>(Map.of("x", new File("/tmp")));
    Map<String, Object> mapInput = Map.of("x", Map.of("path", "/ok"));

    assertThat(compiled.evaluate(Variables.ofInput("t", mapInput))).isEqualTo("/ok");
    assertThatThrownBy(() -> compiled.evaluate(Variables.ofInput("t", fileInput)))
        .hasMessageContaining("reading property `path` on java.io.File is not allowed");
    assertThat(compiled.evaluate(Variables.ofInput("t", mapInput))).isEqualTo("/ok");
  }

  @org.junit.jupiter.api.Test
  void reportsAnExpressionNestedTooDeeplyInsteadOfThrowing() {
    String deep = "(".repeat(4_000) + "1" + ")".repeat(4_000);
    CompiledExpression compiled = compiler.compile(deep, VARIABLES);
    assertThat(compiled.isValid()).isFalse();
  }

  private static Map<String, Object> input() {
    Map<String, Object> input = new HashMap<>();
    input.put("amount", 42);
    input.put("url", "https://shop.example");
    input.put("tags", new ArrayList<>(List.of("new", "sale")));
    input.put("customer", new HashMap<>(Map.of("tier", "gold")));
    input.put("items", new ArrayList<>(List.of(Map.of("sku", "a"))));
    input.put("day", java.time.DayOfWeek.MONDAY);
    input.put("file", new File("/tmp"));
    input.put("type", String.class);
    input.put("thread", Thread.currentThread());
    return input;
  }

  /** Evaluates the raw parse result in the sandbox's evaluation context, skipping compile(). */
  private static Object evaluateWithoutCompileTimeChecks(
      String expression, Map<String, Object> input) {
    SandboxRuntime runtime = new SandboxRuntime(HelperRegistry.standard(Clock.systemUTC()));
    try {
      return new SpelExpressionParser()
          .parseRaw(expression)
          .getValue(new SandboxEvaluationContext(runtime, Variables.ofInput("t", input), null));
    } catch (RuntimeException e) {
      throw new ExpressionEvaluationException(expression, e);
    }
  }
}
