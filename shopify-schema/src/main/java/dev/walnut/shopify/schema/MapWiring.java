package dev.walnut.shopify.schema;

import graphql.TypeResolutionEnvironment;
import graphql.schema.GraphQLObjectType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.util.Map;

/**
 * Resolves every interface and union of a schema from the {@code __typename} entry of the
 * map-shaped value that the data fetchers return.
 */
final class MapWiring implements WiringFactory {
  /** The map key naming the concrete object type of a value. */
  static final String TYPENAME = "__typename";

  private static final TypeResolver BY_TYPENAME = MapWiring::resolve;

  @Override
  public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
    return true;
  }

  @Override
  public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
    return BY_TYPENAME;
  }

  @Override
  public boolean providesTypeResolver(UnionWiringEnvironment environment) {
    return true;
  }

  @Override
  public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
    return BY_TYPENAME;
  }

  private static GraphQLObjectType resolve(TypeResolutionEnvironment env) {
    Object value = env.getObject();
    if (value instanceof Map<?, ?> map && map.get(TYPENAME) instanceof String name) {
      return env.getSchema().getObjectType(name);
    }
    throw new IllegalStateException("value without " + TYPENAME + ": " + value);
  }
}
