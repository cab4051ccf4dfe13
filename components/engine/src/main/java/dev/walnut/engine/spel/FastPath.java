package dev.walnut.engine.spel;

import dev.walnut.api.Variables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.BooleanLiteral;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.InlineMap;
import org.springframework.expression.spel.ast.IntLiteral;
import org.springframework.expression.spel.ast.Literal;
import org.springframework.expression.spel.ast.LongLiteral;
import org.springframework.expression.spel.ast.NullLiteral;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpEQ;
import org.springframework.expression.spel.ast.OpGE;
import org.springframework.expression.spel.ast.OpGT;
import org.springframework.expression.spel.ast.OpLE;
import org.springframework.expression.spel.ast.OpLT;
import org.springframework.expression.spel.ast.OpNE;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.OperatorNot;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.RealLiteral;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.VariableReference;

/**
 * Evaluates the commonest expression shapes without SpEL's per-evaluation machinery: variables,
 * property paths through maps ({@code #input.user.id}), literals, map literals of those, and
 * comparisons and boolean logic over plain strings, numbers and booleans. Whenever a value is not
 * the plain case (not a map, a null on a path, a BigDecimal…) it answers {@link #FALLBACK} and the
 * caller evaluates with SpEL, so results and errors are always SpEL's. Sandbox checks happened at
 * compile time; this only reads variables and map entries.
 */
abstract class FastPath {
  static final Object FALLBACK = new Object();

  abstract Object eval(Variables vars, Map<String, Object> constants);

  /** The fast path of an expression, or null when its shape is not covered. */
  static FastPath of(SpelNode node, HelperRegistry helpers) {
    if (node instanceof VariableReference) {
      String name = node.toStringAST().substring(1);
      if (name.equals("this") || name.equals("root") || helpers.instance(name) != null) {
        return null;
      }
      return new Var(name);
    }
    if (node instanceof CompoundExpression && node.getChildCount() >= 2) {
      FastPath head = of(node.getChild(0), helpers);
      if (!(head instanceof Var)) {
        return null;
      }
      List<String> names = new ArrayList<>();
      List<Boolean> nullSafe = new ArrayList<>();
      for (int i = 1; i < node.getChildCount(); i++) {
        if (!(node.getChild(i) instanceof PropertyOrFieldReference p)) {
          return null;
        }
        names.add(p.getName());
        nullSafe.add(p.isNullSafe());
      }
      return new Path((Var) head, names.toArray(String[]::new), nullSafe);
    }
    if (node instanceof StringLiteral
        || node instanceof IntLiteral
        || node instanceof LongLiteral
        || node instanceof RealLiteral
        || node instanceof BooleanLiteral
        || node instanceof NullLiteral) {
      return new Constant(((Literal) node).getLiteralValue().getValue());
    }
    if (node instanceof InlineMap) {
      Map<String, FastPath> fields = new LinkedHashMap<>();
      for (int i = 0; i + 1 < node.getChildCount(); i += 2) {
        SpelNode key = node.getChild(i);
        String name;
        if (key instanceof PropertyOrFieldReference p) {
          name = p.getName();
        } else if (key instanceof StringLiteral s) {
          name = (String) s.getLiteralValue().getValue();
        } else {
          return null;
        }
        FastPath value = of(node.getChild(i + 1), helpers);
        if (value == null) {
          return null;
        }
        fields.put(name, value);
      }
      return new MapLiteral(fields);
    }
    if (node.getChildCount() == 2) {
      FastPath left = of(node.getChild(0), helpers);
      FastPath right = of(node.getChild(1), helpers);
      if (left == null || right == null) {
        return null;
      }
      if (node instanceof OpGT) {
        return new Compare(left, right, c -> c > 0);
      } else if (node instanceof OpGE) {
        return new Compare(left, right, c -> c >= 0);
      } else if (node instanceof OpLT) {
        return new Compare(left, right, c -> c < 0);
      } else if (node instanceof OpLE) {
        return new Compare(left, right, c -> c <= 0);
      } else if (node instanceof OpEQ) {
        return new Equals(left, right, false);
      } else if (node instanceof OpNE) {
        return new Equals(left, right, true);
      } else if (node instanceof OpAnd) {
        return new Logic(left, right, true);
      } else if (node instanceof OpOr) {
        return new Logic(left, right, false);
      }
      return null;
    }
    if (node instanceof OperatorNot && node.getChildCount() == 1) {
      FastPath operand = of(node.getChild(0), helpers);
      return operand == null ? null : new Not(operand);
    }
    return null;
  }

  private static final class Var extends FastPath {
    private final String name;

    Var(String name) {
      this.name = name;
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Object v = vars == null ? null : vars.get(name);
      return v == null && constants != null ? constants.get(name) : v;
    }
  }

  private static final class Path extends FastPath {
    private final Var head;
    private final String[] names;
    private final boolean[] nullSafe;

    Path(Var head, String[] names, List<Boolean> nullSafe) {
      this.head = head;
      this.names = names;
      this.nullSafe = new boolean[names.length];
      for (int i = 0; i < names.length; i++) {
        this.nullSafe[i] = nullSafe.get(i);
      }
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Object current = head.eval(vars, constants);
      for (int i = 0; i < names.length; i++) {
        if (current == null) {
          // SpEL answers null after `?.`, and an error otherwise: let it say which
          return nullSafe[i] ? null : FALLBACK;
        }
        if (!(current instanceof Map<?, ?> m)) {
          return FALLBACK;
        }
        current = m.get(names[i]);
      }
      return current;
    }
  }

  private static final class Constant extends FastPath {
    private final Object value;

    Constant(Object value) {
      this.value = value;
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      return value;
    }
  }

  private static final class MapLiteral extends FastPath {
    private final String[] keys;
    private final FastPath[] values;

    MapLiteral(Map<String, FastPath> fields) {
      this.keys = fields.keySet().toArray(String[]::new);
      this.values = fields.values().toArray(FastPath[]::new);
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Map<String, Object> out = new LinkedHashMap<>(keys.length * 2);
      for (int i = 0; i < keys.length; i++) {
        Object v = values[i].eval(vars, constants);
        if (v == FALLBACK) {
          return FALLBACK;
        }
        out.put(keys[i], v);
      }
      return out;
    }
  }

  private static final class Compare extends FastPath {
    private final FastPath left;
    private final FastPath right;
    private final java.util.function.IntPredicate test;

    Compare(FastPath left, FastPath right, java.util.function.IntPredicate test) {
      this.left = left;
      this.right = right;
      this.test = test;
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Object l = left.eval(vars, constants);
      Object r = right.eval(vars, constants);
      if (isIntegral(l) && isIntegral(r)) {
        return test.test(Long.compare(((Number) l).longValue(), ((Number) r).longValue()));
      }
      if (isPlainNumber(l) && isPlainNumber(r)) {
        return test.test(Double.compare(((Number) l).doubleValue(), ((Number) r).doubleValue()));
      }
      if (l instanceof String a && r instanceof String b) {
        return test.test(a.compareTo(b));
      }
      return FALLBACK;
    }
  }

  private static final class Equals extends FastPath {
    private final FastPath left;
    private final FastPath right;
    private final boolean negate;

    Equals(FastPath left, FastPath right, boolean negate) {
      this.left = left;
      this.right = right;
      this.negate = negate;
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Object l = left.eval(vars, constants);
      Object r = right.eval(vars, constants);
      Boolean equal = null;
      if (l == FALLBACK || r == FALLBACK) {
        return FALLBACK;
      } else if (l == null || r == null) {
        equal = l == r;
      } else if (l instanceof String a && r instanceof String b) {
        equal = a.equals(b);
      } else if (l instanceof Boolean a && r instanceof Boolean b) {
        equal = a.equals(b);
      } else if (isIntegral(l) && isIntegral(r)) {
        equal = ((Number) l).longValue() == ((Number) r).longValue();
      }
      return equal == null ? FALLBACK : equal != negate;
    }
  }

  private static final class Logic extends FastPath {
    private final FastPath left;
    private final FastPath right;
    private final boolean and;

    Logic(FastPath left, FastPath right, boolean and) {
      this.left = left;
      this.right = right;
      this.and = and;
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Object l = left.eval(vars, constants);
      if (!(l instanceof Boolean a)) {
        return FALLBACK;
      }
      if (and ? !a : a) {
        return a;
      }
      Object r = right.eval(vars, constants);
      return r instanceof Boolean ? r : FALLBACK;
    }
  }

  private static final class Not extends FastPath {
    private final FastPath operand;

    Not(FastPath operand) {
      this.operand = operand;
    }

    @Override
    Object eval(Variables vars, Map<String, Object> constants) {
      Object v = operand.eval(vars, constants);
      return v instanceof Boolean b ? !b : FALLBACK;
    }
  }

  private static boolean isIntegral(Object o) {
    return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte;
  }

  private static boolean isPlainNumber(Object o) {
    return isIntegral(o) || o instanceof Double || o instanceof Float;
  }
}
