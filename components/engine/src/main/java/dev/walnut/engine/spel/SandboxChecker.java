package dev.walnut.engine.spel;

import java.util.ArrayList;
import java.util.List;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.OperatorPower;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.TypeReference;

/**
 * Refuses, at compile time, the constructs of SpEL that expressions must never use. The same
 * constructs are impossible at run time too ({@link SandboxEvaluationContext}); this check exists
 * so the analyst learns about it in the designer rather than from a failing job.
 */
final class SandboxChecker {
  private final List<ExpressionError> errors = new ArrayList<>();

  private SandboxChecker() {}

  static List<ExpressionError> check(SpelNode ast) {
    SandboxChecker checker = new SandboxChecker();
    checker.visit(ast);
    return List.copyOf(checker.errors);
  }

  private void visit(SpelNode node) {
    String refusal = refusal(node);
    if (refusal != null) {
      errors.add(new ExpressionError(refusal, node.getStartPosition()));
      if (node instanceof TypeReference) {
        return; // its children are parts of the type name
      }
    }
    for (int i = 0; i < node.getChildCount(); i++) {
      visit(node.getChild(i));
    }
  }

  private static String refusal(SpelNode node) {
    if (node instanceof TypeReference) {
      return "type references `T(...)` are not allowed in expressions";
    } else if (node instanceof ConstructorReference) {
      return "constructors `new ...` are not allowed in expressions";
    } else if (node instanceof BeanReference) {
      return "bean references `@name` and `&name` are not allowed in expressions";
    } else if (node instanceof Assign) {
      return "assignment `=` is not allowed in expressions: variables and values are read-only";
    } else if (node instanceof OpInc || node instanceof OpDec) {
      return "increment `++` and decrement `--` are not allowed in expressions:"
          + " variables and values are read-only";
    } else if (node instanceof OperatorPower) {
      // On a BigInteger or BigDecimal (big numbers in JSON records) SpEL computes the power
      // directly, with no method call the sandbox could bound: 10^999999999 would never finish.
      return "the power operator `^` is not allowed in expressions: use #MATH.pow(x, y)";
    } else if (node instanceof FunctionReference) {
      return "function calls `"
          + node.toStringAST().replaceAll("\\(.*", "")
          + "(...)` are not allowed in expressions; call a helper method such as"
          + " `#STRING.lower(text)`";
    } else if (node instanceof MethodReference method) {
      String reason = SandboxPolicy.forbiddenMethodReason(method.getName());
      return reason == null
          ? null
          : "method `" + method.getName() + "()` is not allowed in expressions: " + reason;
    } else if (node instanceof PropertyOrFieldReference property) {
      String reason = SandboxPolicy.forbiddenPropertyReason(property.getName());
      return reason == null
          ? null
          : "property `" + property.getName() + "` is not allowed in expressions: " + reason;
    }
    return null;
  }
}
