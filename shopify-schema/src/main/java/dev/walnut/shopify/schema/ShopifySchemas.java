package dev.walnut.shopify.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Shopify's published GraphQL schemas (Admin and Storefront), vendored from the npm package {@code
 * @shopify/dev-mcp} (see {@code src/main/resources/dev/walnut/shopify/schema/README.md}), turned
 * into graphql-java schemas.
 */
public final class ShopifySchemas {
  /** The API version whose schemas ship with Walnut. */
  public static final String DEFAULT_VERSION = "2026-10";

  /** Which of Shopify's APIs a schema describes. */
  public enum Api {
    ADMIN("admin_"),
    STOREFRONT("storefront-graphql_");

    private final String filePrefix;

    Api(String filePrefix) {
      this.filePrefix = filePrefix;
    }
  }

  private static final Map<String, TypeDefinitionRegistry> REGISTRIES = new ConcurrentHashMap<>();
  private static final Map<String, GraphQLSchema> VALIDATION_SCHEMAS = new ConcurrentHashMap<>();

  private ShopifySchemas() {}

  /** The type definitions of a published schema (parsed once, then shared). */
  public static TypeDefinitionRegistry registry(Api api, String version) {
    return REGISTRIES.computeIfAbsent(api + "@" + version, k -> load(api, version));
  }

  /**
   * A schema for validating documents: every custom scalar accepts anything, nothing is wired to
   * data.
   */
  public static GraphQLSchema forValidation(Api api, String version) {
    return VALIDATION_SCHEMAS.computeIfAbsent(
        api + "@" + version, k -> executable(api, version, builder -> {}));
  }

  /**
   * An executable schema: custom scalars pass values through, interfaces and unions resolve by the
   * {@code __typename} entry of map-shaped values, and {@code wiring} adds the data fetchers.
   */
  public static GraphQLSchema executable(
      Api api, String version, Consumer<RuntimeWiring.Builder> wiring) {
    TypeDefinitionRegistry registry = registry(api, version);
    RuntimeWiring.Builder builder = RuntimeWiring.newRuntimeWiring().wiringFactory(new MapWiring());
    registry.scalars().keySet().stream()
        .filter(name -> !graphql.schema.idl.ScalarInfo.isGraphqlSpecifiedScalar(name))
        .forEach(name -> builder.scalar(PassThroughScalar.named(name)));
    wiring.accept(builder);
    return new SchemaGenerator().makeExecutableSchema(registry, builder.build());
  }

  private static TypeDefinitionRegistry load(Api api, String version) {
    String resource = api.filePrefix + version + ".json.gz";
    try (InputStream raw = ShopifySchemas.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalArgumentException(
            "no "
                + api.name().toLowerCase(java.util.Locale.ROOT)
                + " schema for API version `"
                + version
                + "` ships with Walnut (have "
                + DEFAULT_VERSION
                + "); vendor it with shopify-sink/scripts/refresh-schemas.sh");
      }
      Map<?, ?> root = new ObjectMapper().readValue(new GZIPInputStream(raw), Map.class);
      Object data = root.containsKey("data") ? root.get("data") : root;
      @SuppressWarnings("unchecked")
      Map<String, Object> introspection = (Map<String, Object>) data;
      Document document = new IntrospectionResultToSchema().createSchemaDefinition(introspection);
      return new SchemaParser().buildRegistry(document);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the vendored schema " + resource, e);
    }
  }
}
