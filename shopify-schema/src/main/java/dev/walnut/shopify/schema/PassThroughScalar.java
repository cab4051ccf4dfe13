package dev.walnut.shopify.schema;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shopify's custom scalars ({@code URL}, {@code DateTime}, {@code JSON}, {@code Money}...) as
 * values passed through unchanged: the schema's shape is what matters here, not their formats.
 */
final class PassThroughScalar implements Coercing<Object, Object> {
  private static final PassThroughScalar INSTANCE = new PassThroughScalar();

  static GraphQLScalarType named(String name) {
    return GraphQLScalarType.newScalar()
        .name(name)
        .description("Shopify scalar " + name + " (passed through)")
        .coercing(INSTANCE)
        .build();
  }

  @Override
  public Object serialize(Object value, GraphQLContext context, Locale locale) {
    return value instanceof java.time.temporal.TemporalAccessor ? value.toString() : value;
  }

  @Override
  public Object parseValue(Object input, GraphQLContext context, Locale locale) {
    return input;
  }

  @Override
  public Object parseLiteral(
      Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
    return literal(input, variables);
  }

  private static Object literal(Value<?> value, CoercedVariables variables) {
    if (value instanceof StringValue s) {
      return s.getValue();
    } else if (value instanceof IntValue i) {
      return i.getValue().longValue();
    } else if (value instanceof FloatValue f) {
      return f.getValue().doubleValue();
    } else if (value instanceof BooleanValue b) {
      return b.isValue();
    } else if (value instanceof EnumValue e) {
      return e.getName();
    } else if (value instanceof NullValue) {
      return null;
    } else if (value instanceof VariableReference v) {
      return variables.get(v.getName());
    } else if (value instanceof ArrayValue a) {
      List<Object> list = new ArrayList<>();
      a.getValues().forEach(v -> list.add(literal(v, variables)));
      return list;
    } else if (value instanceof ObjectValue o) {
      Map<String, Object> map = new LinkedHashMap<>();
      o.getObjectFields().forEach(f -> map.put(f.getName(), literal(f.getValue(), variables)));
      return map;
    }
    return null;
  }
}
