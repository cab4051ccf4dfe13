package dev.walnut.embedded.shopify;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shopify's calculated query cost, simplified: each mutation costs 10 points; in a query each
 * object costs 1 point, scalars are free, and a connection costs 2 plus {@code first} times the
 * cost of one node.
 */
final class RequestedCost {
  static final int MUTATION_COST = 10;

  private RequestedCost() {}

  /** The requested cost of the operation in {@code query}; 1 if the query does not parse. */
  static int of(String query, String operationName, Map<String, Object> variables) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (RuntimeException e) {
      return 1;
    }
    Map<String, FragmentDefinition> fragments =
        document.getDefinitionsOfType(FragmentDefinition.class).stream()
            .collect(Collectors.toMap(FragmentDefinition::getName, f -> f, (a, b) -> a));
    for (OperationDefinition op : document.getDefinitionsOfType(OperationDefinition.class)) {
      if (operationName != null && !operationName.equals(op.getName())) {
        continue;
      }
      if (op.getOperation() == OperationDefinition.Operation.MUTATION) {
        return MUTATION_COST * Math.max(1, op.getSelectionSet().getSelections().size());
      }
      return Math.max(1, cost(op.getSelectionSet(), fragments, variables, 0));
    }
    return 1;
  }

  private static int cost(
      SelectionSet set,
      Map<String, FragmentDefinition> fragments,
      Map<String, Object> variables,
      int depth) {
    if (set == null || depth > 20) {
      return 0;
    }
    int total = 0;
    for (Selection<?> s : set.getSelections()) {
      if (s instanceof Field f && f.getSelectionSet() != null) {
        int child = cost(f.getSelectionSet(), fragments, variables, depth + 1);
        Integer first = first(f, variables);
        total += first == null ? 1 + child : 2 + first * Math.max(1, child - 1);
      } else if (s instanceof InlineFragment i) {
        total += cost(i.getSelectionSet(), fragments, variables, depth + 1);
      } else if (s instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
        total +=
            cost(
                fragments.get(spread.getName()).getSelectionSet(), fragments, variables, depth + 1);
      }
    }
    return total;
  }

  private static Integer first(Field f, Map<String, Object> variables) {
    for (Argument a : f.getArguments()) {
      if (a.getName().equals("first") || a.getName().equals("last")) {
        if (a.getValue() instanceof IntValue i) {
          return i.getValue().intValue();
        } else if (a.getValue() instanceof VariableReference v
            && variables.get(v.getName()) instanceof Number n) {
          return n.intValue();
        }
        return 10;
      }
    }
    return null;
  }
}
