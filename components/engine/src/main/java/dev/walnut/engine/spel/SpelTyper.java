package dev.walnut.engine.spel;

import dev.walnut.api.DataType;
import dev.walnut.api.DataType.Kind;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.BooleanLiteral;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.Elvis;
import org.springframework.expression.spel.ast.FloatLiteral;
import org.springframework.expression.spel.ast.Indexer;
import org.springframework.expression.spel.ast.InlineList;
import org.springframework.expression.spel.ast.InlineMap;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.LongLiteral;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.NullLiteral;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpDivide;
import org.springframework.expression.spel.ast.OpEQ;
import org.springframework.expression.spel.ast.OpGE;
import org.springframework.expression.spel.ast.OpGT;
import org.springframework.expression.spel.ast.OpLE;
import org.springframework.expression.spel.ast.OpLT;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.OpModulus;
import org.springframework.expression.spel.ast.OpMultiply;
import org.springframework.expression.spel.ast.OpNE;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.OpPlus;
import org.springframework.expression.spel.ast.Operator;
import org.springframework.expression.spel.ast.OperatorBetween;
import org.springframework.expression.spel.ast.OperatorInstanceof;
import org.springframework.expression.spel.ast.OperatorMatches;
import org.springframework.expression.spel.ast.OperatorNot;
import org.springframework.expression.spel.ast.OperatorPower;
import org.springframework.expression.spel.ast.Projection;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.RealLiteral;
import org.springframework.expression.spel.ast.Selection;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.Ternary;
import org.springframework.expression.spel.ast.VariableReference;

/**
 * Infers the static {@link DataType} of a parsed expression and reports what cannot work: unknown
 * variables and record fields, non-boolean logic, unknown helper methods. When a type is not known
 * it stays {@link DataType#UNKNOWN} and nothing is reported, so validation never guesses.
 */
final class SpelTyper {

  /** A static type, or a helper (which has methods but no data type). */
  private record Typed(DataType type, HelperRegistry.Helper helper) {
    static Typed of(DataType type) {
      return new Typed(type, null);
    }
  }

  /**
   * Where a node is typed: {@code #this} (the element inside a selection or projection) and whether
   * bare names refer to the root, which is null in Walnut.
   */
  private record Scope(DataType thisType, boolean topLevel) {}

  private static final Typed UNKNOWN = Typed.of(DataType.UNKNOWN);
  private static final Typed BOOLEAN = Typed.of(DataType.BOOLEAN);

  private final Map<String, DataType> variables;
  private final HelperRegistry helpers;
  private final SandboxPolicy policy;
  private final List<ExpressionError> errors = new ArrayList<>();

  private SpelTyper(Map<String, DataType> variables, HelperRegistry helpers, SandboxPolicy policy) {
    this.variables = variables;
    this.helpers = helpers;
    this.policy = policy;
  }

  record Result(DataType type, List<ExpressionError> errors) {}

  static Result infer(
      SpelNode ast, Map<String, DataType> variables, HelperRegistry helpers, SandboxPolicy policy) {
    SpelTyper typer = new SpelTyper(variables, helpers, policy);
    Typed typed = typer.type(ast, new Scope(DataType.NULL, true));
    DataType type = typed.helper() != null ? DataType.UNKNOWN : typed.type();
    return new Result(type, List.copyOf(typer.errors));
  }

  private Typed type(SpelNode node, Scope scope) {
    if (node instanceof StringLiteral) {
      return Typed.of(DataType.STRING);
    } else if (node instanceof IntLiteral || node instanceof LongLiteral) {
      return Typed.of(DataType.LONG);
    } else if (node instanceof RealLiteral || node instanceof FloatLiteral) {
      return Typed.of(DataType.DOUBLE);
    } else if (node instanceof BooleanLiteral) {
      return BOOLEAN;
    } else if (node instanceof NullLiteral) {
      return Typed.of(DataType.NULL);
    } else if (node instanceof VariableReference) {
      return variable(node, scope);
    } else if (node instanceof CompoundExpression) {
      Typed current = type(node.getChild(0), scope);
      for (int i = 1; i < node.getChildCount(); i++) {
        current = typeOn(current, node.getChild(i), scope);
      }
      return current;
    } else if (node instanceof PropertyOrFieldReference property && scope.topLevel()) {
      return error(
          node,
          "`"
              + property.getName()
              + "` is not a variable; write `#"
              + property.getName()
              + "` (visible here: "
              + visibleVariables()
              + ")");
    } else if (node instanceof MethodReference method && scope.topLevel()) {
      return error(
          node,
          "method `"
              + method.getName()
              + "()` needs a receiver, e.g. `#input."
              + method.getName()
              + "()` or `#STRING."
              + method.getName()
              + "(...)`");
    } else if (node instanceof PropertyOrFieldReference
        || node instanceof MethodReference
        || node instanceof Indexer
        || node instanceof Selection
        || node instanceof Projection) {
      return typeOn(Typed.of(scope.thisType()), node, scope);
    } else if (node instanceof OpAnd || node instanceof OpOr) {
      requireBoolean(node, ((Operator) node).getOperatorName(), scope, 0, 1);
      return BOOLEAN;
    } else if (node instanceof OperatorNot) {
      requireBoolean(node, "!", scope, 0);
      return BOOLEAN;
    } else if (node instanceof OpLT
        || node instanceof OpGT
        || node instanceof OpLE
        || node instanceof OpGE) {
      comparison((Operator) node, scope);
      return BOOLEAN;
    } else if (node instanceof OpEQ
        || node instanceof OpNE
        || node instanceof OperatorMatches
        || node instanceof OperatorBetween
        || node instanceof OperatorInstanceof) {
      children(node, scope);
      return BOOLEAN;
    } else if (node instanceof OpPlus
        || node instanceof OpMinus
        || node instanceof OpMultiply
        || node instanceof OpDivide
        || node instanceof OpModulus
        || node instanceof OperatorPower) {
      return arithmetic((Operator) node, scope);
    } else if (node instanceof Ternary) {
      requireBoolean(node, "?:", scope, 0);
      return Typed.of(
          common(type(node.getChild(1), scope).type(), type(node.getChild(2), scope).type()));
    } else if (node instanceof Elvis) {
      return Typed.of(
          common(type(node.getChild(0), scope).type(), type(node.getChild(1), scope).type()));
    } else if (node instanceof InlineList) {
      DataType element = null;
      for (int i = 0; i < node.getChildCount(); i++) {
        DataType t = type(node.getChild(i), scope).type();
        element = element == null ? t : common(element, t);
      }
      return Typed.of(DataType.listOf(element == null ? DataType.UNKNOWN : element));
    } else if (node instanceof InlineMap) {
      return record(node, scope);
    }
    children(node, scope);
    return UNKNOWN;
  }

  private void children(SpelNode node, Scope scope) {
    for (int i = 0; i < node.getChildCount(); i++) {
      type(node.getChild(i), scope);
    }
  }

  private Typed variable(SpelNode node, Scope scope) {
    String name = node.toStringAST().substring(1);
    if (name.equals("this")) {
      return Typed.of(scope.thisType());
    } else if (name.equals("root")) {
      return Typed.of(DataType.NULL);
    }
    HelperRegistry.Helper helper = helpers.helper(name);
    if (helper != null) {
      return new Typed(DataType.UNKNOWN, helper);
    }
    DataType type = variables.get(name);
    if (type == null) {
      return error(node, "unknown variable `#" + name + "`; visible here: " + visibleVariables());
    }
    return Typed.of(type);
  }

  private String visibleVariables() {
    return variables.isEmpty()
        ? "none"
        : variables.keySet().stream().map(v -> "#" + v).collect(Collectors.joining(", "));
  }

  /** Types {@code node} applied to {@code receiver}: {@code receiver.node}. */
  private Typed typeOn(Typed receiver, SpelNode node, Scope scope) {
    if (node instanceof PropertyOrFieldReference property) {
      if (receiver.helper() != null) {
        return error(
            node,
            "`"
                + receiver.helper().variable()
                + "` has no property `"
                + property.getName()
                + "`; call one of its methods: "
                + String.join(", ", receiver.helper().methods().keySet()));
      }
      return property(receiver.type(), property.getName(), node);
    } else if (node instanceof MethodReference method) {
      List<DataType> arguments = new ArrayList<>();
      for (int i = 0; i < node.getChildCount(); i++) {
        arguments.add(type(node.getChild(i), scope).type());
      }
      if (receiver.helper() != null) {
        return helperMethod(receiver.helper(), method.getName(), arguments, node);
      }
      return method(receiver.type(), method.getName(), arguments, node);
    } else if (node instanceof Indexer) {
      Typed index = type(node.getChild(0), scope);
      return index(receiver.type(), node.getChild(0), index.type());
    } else if (node instanceof Selection) {
      DataType element = element(receiver.type(), node, "selection `.?[...]`");
      Typed criteria = type(node.getChild(0), new Scope(element, false));
      if (isKnownNot(criteria.type(), Kind.BOOLEAN)) {
        error(node, "selection criteria must be Boolean, got " + criteria.type().display());
      }
      String ast = node.toStringAST();
      boolean single = ast.startsWith("^[") || ast.startsWith("$[");
      if (receiver.type().kind() == Kind.LIST) {
        return Typed.of(single ? element : receiver.type());
      }
      return single || receiver.type().kind() != Kind.MAP ? UNKNOWN : Typed.of(receiver.type());
    } else if (node instanceof Projection) {
      DataType element = element(receiver.type(), node, "projection `.![...]`");
      return Typed.of(DataType.listOf(type(node.getChild(0), new Scope(element, false)).type()));
    }
    return type(node, scope);
  }

  private DataType element(DataType collection, SpelNode node, String what) {
    return switch (collection.kind()) {
      case LIST -> collection.element();
      case MAP, RECORD, UNKNOWN, NULL -> DataType.UNKNOWN;
      default -> {
        error(node, what + " needs a List or a Map, got " + collection.display());
        yield DataType.UNKNOWN;
      }
    };
  }

  private Typed property(DataType receiver, String name, SpelNode node) {
    switch (receiver.kind()) {
      case RECORD -> {
        DataType field = receiver.fields().get(name);
        if (field == null) {
          return error(
              node,
              "unknown field `"
                  + name
                  + "`; known fields: "
                  + (receiver.fields().isEmpty()
                      ? "none"
                      : String.join(", ", receiver.fields().keySet())));
        }
        return Typed.of(field);
      }
      case MAP -> {
        return Typed.of(receiver.element());
      }
      case UNKNOWN, NULL -> {
        return UNKNOWN;
      }
      default -> {
        Class<?> type = JavaTypes.classOf(receiver);
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String candidate : List.of("get" + capitalised, "is" + capitalised, name)) {
          Method getter = allowedMethod(type, candidate, 0);
          if (getter != null) {
            return Typed.of(JavaTypes.dataTypeOf(getter.getReturnType()));
          }
        }
        if (receiver.isNumber()) {
          return UNKNOWN; // the value may be an Integer or a BigDecimal at run time
        }
        return error(node, receiver.display() + " has no property `" + name + "`");
      }
    }
  }

  private Typed method(DataType receiver, String name, List<DataType> arguments, SpelNode node) {
    Class<?> type = JavaTypes.classOf(receiver);
    if (type == null || SandboxPolicy.forbiddenMethodReason(name) != null) {
      return UNKNOWN; // the sandbox check reports forbidden names
    }
    Method method = allowedMethod(type, name, arguments.size());
    if (method == null) {
      if (receiver.isNumber()) {
        return UNKNOWN;
      }
      boolean exists = Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(name));
      if (exists && (receiver.kind() == Kind.LIST || type == java.util.Map.class)) {
        return error(
            node,
            "method `" + name + "()` is not allowed in expressions: " + SandboxPolicy.READ_ONLY);
      }
      return error(
          node,
          receiver.display()
              + " has no method `"
              + name
              + "` taking "
              + arguments.size()
              + " argument(s)");
    }
    if ((name.equals("get") || name.equals("getOrDefault"))
        && (receiver.kind() == Kind.LIST || receiver.kind() == Kind.MAP)) {
      return Typed.of(receiver.element());
    }
    return Typed.of(JavaTypes.dataTypeOf(method.getReturnType()));
  }

  private Method allowedMethod(Class<?> type, String name, int arity) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name)
          && (m.getParameterCount() == arity
              || (m.isVarArgs() && arity >= m.getParameterCount() - 1))
          && !Modifier.isStatic(m.getModifiers())
          && policy.isAllowedMethod(type, m)) {
        return m;
      }
    }
    return null;
  }

  private Typed helperMethod(
      HelperRegistry.Helper helper, String name, List<DataType> arguments, SpelNode node) {
    List<Method> overloads = helper.methods().get(name);
    if (overloads == null) {
      return error(
          node,
          "`"
              + helper.variable()
              + "` has no method `"
              + name
              + "`; available: "
              + String.join(", ", helper.methods().keySet()));
    }
    Method method =
        overloads.stream()
            .filter(m -> m.getParameterCount() == arguments.size())
            .findFirst()
            .orElse(null);
    if (method == null) {
      return error(
          node,
          "`"
              + helper.variable()
              + "."
              + name
              + "` takes "
              + overloads.stream()
                  .map(m -> String.valueOf(m.getParameterCount()))
                  .collect(Collectors.joining(" or "))
              + " argument(s), got "
              + arguments.size());
    }
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      DataType expected = JavaTypes.dataTypeOf(parameters[i]);
      if (!arguments.get(i).isAssignableTo(expected)) {
        error(
            node.getChild(i),
            "argument "
                + (i + 1)
                + " of `"
                + helper.variable()
                + "."
                + name
                + "` must be "
                + expected.display()
                + ", got "
                + arguments.get(i).display());
      }
    }
    HelperDoc doc = method.getAnnotation(HelperDoc.class);
    DataType first = arguments.isEmpty() ? DataType.UNKNOWN : arguments.get(0);
    return Typed.of(
        switch (doc.result()) {
          case DECLARED -> JavaTypes.dataTypeOf(method.getReturnType());
          case NUMERIC -> numeric(arguments);
          case ELEMENT_OF_FIRST -> first.kind() == Kind.LIST ? first.element() : DataType.UNKNOWN;
          case SAME_AS_FIRST ->
              first.kind() == Kind.LIST ? first : DataType.listOf(DataType.UNKNOWN);
          case COMMON_OF_ARGUMENTS ->
              arguments.stream().reduce(SpelTyper::common).orElse(DataType.UNKNOWN);
        });
  }

  private static DataType numeric(List<DataType> arguments) {
    if (arguments.stream().allMatch(a -> a.kind() == Kind.LONG)) {
      return DataType.LONG;
    }
    return arguments.stream().allMatch(DataType::isNumber) ? DataType.DOUBLE : DataType.UNKNOWN;
  }

  private Typed index(DataType receiver, SpelNode indexNode, DataType index) {
    return switch (receiver.kind()) {
      case RECORD -> {
        if (indexNode instanceof StringLiteral literal) {
          yield property(receiver, (String) literal.getLiteralValue().getValue(), indexNode);
        }
        yield UNKNOWN;
      }
      case MAP, LIST -> Typed.of(receiver.element());
      case STRING -> Typed.of(DataType.STRING);
      case UNKNOWN, NULL -> UNKNOWN;
      default -> error(indexNode, "cannot index into " + receiver.display() + " with `[...]`");
    };
  }

  private Typed record(SpelNode node, Scope scope) {
    Map<String, DataType> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < node.getChildCount(); i += 2) {
      SpelNode key = node.getChild(i);
      DataType value = type(node.getChild(i + 1), scope).type();
      String name;
      if (key instanceof PropertyOrFieldReference property) {
        name = property.getName();
      } else if (key instanceof StringLiteral literal) {
        name = (String) literal.getLiteralValue().getValue();
      } else {
        error(
            key,
            "record keys must be names or quoted text, e.g. `{amount: 1}` or `{'amount': 1}`;"
                + " got `"
                + key.toStringAST()
                + "`");
        continue;
      }
      fields.put(name, value);
    }
    return Typed.of(DataType.record(fields));
  }

  private void requireBoolean(SpelNode node, String operator, Scope scope, int... operands) {
    for (int i : operands) {
      DataType t = type(node.getChild(i), scope).type();
      if (isKnownNot(t, Kind.BOOLEAN)) {
        error(node.getChild(i), "`" + operator + "` needs Boolean operands, got " + t.display());
      }
    }
  }

  private void comparison(Operator node, Scope scope) {
    DataType left = type(node.getChild(0), scope).type();
    DataType right = type(node.getChild(1), scope).type();
    if (!isKnownValue(left) || !isKnownValue(right)) {
      return;
    }
    boolean comparable =
        (left.isNumber() && right.isNumber())
            || (left.kind() == right.kind()
                && left.kind() != Kind.LIST
                && left.kind() != Kind.MAP
                && left.kind() != Kind.RECORD);
    if (!comparable) {
      error(
          node,
          "cannot compare "
              + left.display()
              + " with "
              + right.display()
              + " using `"
              + node.getOperatorName()
              + "`");
    }
  }

  private Typed arithmetic(Operator node, Scope scope) {
    String op = node.getOperatorName();
    DataType left = type(node.getChild(0), scope).type();
    if (node.getChildCount() == 1) {
      if (isKnownValue(left) && !left.isNumber()) {
        return error(node, "`" + op + "` needs a number, got " + left.display());
      }
      return Typed.of(left);
    }
    DataType right = type(node.getChild(1), scope).type();
    if (node instanceof OpPlus && (left.kind() == Kind.STRING || right.kind() == Kind.STRING)) {
      return Typed.of(DataType.STRING);
    }
    if (node instanceof OpMultiply && left.kind() == Kind.STRING && right.kind() == Kind.LONG) {
      return Typed.of(DataType.STRING);
    }
    if (!isKnownValue(left) || !isKnownValue(right)) {
      return UNKNOWN;
    }
    if (left.isNumber() && right.isNumber()) {
      return Typed.of(
          left.kind() == Kind.LONG && right.kind() == Kind.LONG ? DataType.LONG : DataType.DOUBLE);
    }
    return error(
        node, "cannot apply `" + op + "` to " + left.display() + " and " + right.display());
  }

  private static boolean isKnownValue(DataType t) {
    return t.kind() != Kind.UNKNOWN && t.kind() != Kind.NULL;
  }

  private static boolean isKnownNot(DataType t, Kind kind) {
    return isKnownValue(t) && t.kind() != kind;
  }

  /** The type both branches fit, e.g. of a ternary; {@link DataType#UNKNOWN} when there is none. */
  static DataType common(DataType a, DataType b) {
    if (a.equals(b)) {
      return a;
    } else if (a.kind() == Kind.NULL) {
      return b;
    } else if (b.kind() == Kind.NULL) {
      return a;
    } else if (a.isNumber() && b.isNumber()) {
      return DataType.DOUBLE;
    } else if (a.kind() == Kind.LIST && b.kind() == Kind.LIST) {
      return DataType.listOf(common(a.element(), b.element()));
    }
    return DataType.UNKNOWN;
  }

  private Typed error(SpelNode node, String message) {
    errors.add(new ExpressionError(message, node.getStartPosition()));
    return UNKNOWN;
  }
}
