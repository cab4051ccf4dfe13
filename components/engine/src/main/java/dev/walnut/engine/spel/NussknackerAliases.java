package dev.walnut.engine.spel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole expressions that Nussknacker's editors write and that mean a constant, read as that
 * constant so scenarios exported from Nussknacker validate unchanged while the sandbox keeps
 * refusing type references and unknown variables: the aggregate components' trigger dropdowns
 * ({@code
 * T(pl.touk.nussknacker.engine.flink.util.transformer.aggregate.TumblingWindowTrigger).OnEnd} is
 * the text {@code 'OnEnd'}) and aggregator dropdown ({@code #AGG.sum} is {@code 'sum'}). Only an
 * expression that is exactly one of these forms is read so; anything else is parsed as written.
 */
final class NussknackerAliases {
  private static final Pattern TRIGGER =
      Pattern.compile(
          "\\s*T\\(\\s*pl\\.touk\\.nussknacker\\.engine\\.flink\\.util\\.transformer\\.aggregate"
              + "\\.(?:TumblingWindowTrigger|SessionWindowTrigger)\\s*\\)\\s*\\.\\s*([A-Za-z]+)\\s*");
  private static final Pattern AGGREGATOR = Pattern.compile("\\s*#AGG\\.([a-zA-Z]+)\\s*");

  private NussknackerAliases() {}

  /** The expression to parse instead of {@code expression}; itself when it is no alias. */
  static String resolve(String expression) {
    Matcher m = TRIGGER.matcher(expression);
    if (m.matches()) {
      return "'" + m.group(1) + "'";
    }
    m = AGGREGATOR.matcher(expression);
    if (m.matches()) {
      return "'" + m.group(1) + "'";
    }
    return expression;
  }
}
