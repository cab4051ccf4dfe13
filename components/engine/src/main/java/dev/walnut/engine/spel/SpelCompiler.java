package dev.walnut.engine.spel;

import dev.walnut.api.DataType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Compiles SpEL expressions ({@code #input.amount > 20}) for the sandbox: parses them, refuses what
 * the sandbox forbids and infers their static type. Thread-safe and reusable; the engine compiles
 * each expression once per task and evaluates the result per record.
 */
@Internal
public final class SpelCompiler {
  /** The code Spring puts before its messages, e.g. {@code EL1044E: }. */
  private static final Pattern SPRING_CODE = Pattern.compile("^EL\\d+[EWI]: ");

  private static final int MAX_EXPRESSION_LENGTH = 10_000;

  private final SpelExpressionParser parser;
  private final SandboxRuntime runtime;

  private SpelCompiler(Clock clock, SandboxLimits limits) {
    // The compiler mode and SpEL's operation count (the step budget) are fixed here so that a
    // system property (spring.expression.compiler.mode, spring.expression.maxOperations) cannot
    // change them.
    this.parser =
        new SpelExpressionParser(
            new SpelParserConfiguration(
                SpelCompilerMode.OFF,
                null,
                false,
                false,
                0,
                MAX_EXPRESSION_LENGTH,
                limits.maxSteps()));
    this.runtime = new SandboxRuntime(HelperRegistry.standard(clock), limits);
  }

  /** A compiler with Walnut's helpers, whose {@code #DATE.now()} reads the system clock. */
  public static SpelCompiler create() {
    return create(Clock.systemUTC());
  }

  /** A compiler whose {@code #DATE.now()} reads {@code clock}, e.g. a fixed clock in test runs. */
  public static SpelCompiler create(Clock clock) {
    return create(clock, SandboxLimits.defaults());
  }

  /**
   * A compiler whose expressions evaluate within {@code limits} (sizes, steps and time per
   * evaluation) instead of {@link SandboxLimits#defaults()}.
   */
  public static SpelCompiler create(Clock clock, SandboxLimits limits) {
    return new SpelCompiler(
        Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(limits, "limits"));
  }

  /** The limits every evaluation of this compiler's expressions runs within. */
  public SandboxLimits limits() {
    return runtime.limits;
  }

  /**
   * Parses {@code expression}, checks the sandbox rules and infers its type given the variables
   * visible to it. Never throws for mistakes in the expression: they are in {@link
   * CompiledExpression#errors()}.
   */
  public CompiledExpression compile(String expression, Map<String, DataType> variables) {
    Objects.requireNonNull(variables, "variables");
    if (expression == null || expression.isBlank()) {
      return CompiledExpression.invalid(
          String.valueOf(expression), List.of(new ExpressionError("the expression is empty", 0)));
    }
    SpelExpression parsed;
    try {
      // Nussknacker's constant forms (trigger dropdowns, #AGG.sum) read as the constant they mean
      parsed = parser.parseRaw(NussknackerAliases.resolve(expression));
    } catch (ParseException e) {
      return CompiledExpression.invalid(expression, List.of(syntaxError(expression, e)));
    } catch (RuntimeException e) {
      return CompiledExpression.invalid(
          expression, List.of(new ExpressionError("syntax error: " + e.getMessage(), -1)));
    } catch (StackOverflowError e) {
      return tooDeep(expression);
    }
    SpelTyper.Result typed;
    try {
      List<ExpressionError> refusals = SandboxChecker.check(parsed.getAST());
      if (!refusals.isEmpty()) {
        return CompiledExpression.invalid(expression, refusals);
      }
      typed = SpelTyper.infer(parsed.getAST(), variables, runtime.helpers, runtime.policy);
    } catch (StackOverflowError e) {
      return tooDeep(expression);
    }
    if (!typed.errors().isEmpty()) {
      return CompiledExpression.invalid(expression, new ArrayList<>(typed.errors()));
    }
    return CompiledExpression.valid(expression, parsed, typed.type(), runtime);
  }

  /**
   * A parse error in the analyst's words: Spring's text without its code ({@code EL1044E: }), the
   * position counted from 1, and the expression's line with a caret under that character.
   */
  private static ExpressionError syntaxError(String expression, ParseException e) {
    String text = SPRING_CODE.matcher(e.getSimpleMessage()).replaceFirst("");
    if (!text.isEmpty()) {
      text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
    int at = e.getPosition();
    if (at < 0 || at > expression.length()) {
      return new ExpressionError("syntax error: " + text, -1);
    }
    int lineStart = expression.lastIndexOf('\n', at - 1) + 1;
    int lineEnd = expression.indexOf('\n', at);
    String line = expression.substring(lineStart, lineEnd < 0 ? expression.length() : lineEnd);
    return new ExpressionError(
        "syntax error at character "
            + (at + 1)
            + ": "
            + text
            + "\n"
            + line
            + "\n"
            + " ".repeat(at - lineStart)
            + "^",
        at);
  }

  private static CompiledExpression tooDeep(String expression) {
    return CompiledExpression.invalid(
        expression,
        List.of(new ExpressionError("the expression is nested too deeply; simplify it", -1)));
  }

  /** The names of the helpers every expression sees, e.g. {@code DATE} for {@code #DATE}. */
  public Set<String> helperNames() {
    return runtime.helpers.names();
  }

  /** Every helper's methods, for the designer's autocompletion. */
  public Map<String, List<HelperMethod>> helpers() {
    return runtime.helpers.descriptions();
  }
}
