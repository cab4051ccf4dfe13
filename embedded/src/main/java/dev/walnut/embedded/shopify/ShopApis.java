package dev.walnut.embedded.shopify;

import dev.walnut.shopify.schema.ShopifySchemas;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Admin and Storefront GraphQL APIs of the local shop, on Shopify's published schemas. */
final class ShopApis {
  private final ShopData shop;
  private final BulkOperations bulk;
  private final String baseUrl;
  private final GraphQL admin;
  private final GraphQL storefront;

  ShopApis(ShopData shop, BulkOperations bulk, String version, String baseUrl) {
    this.shop = shop;
    this.bulk = bulk;
    this.baseUrl = baseUrl;
    GraphQLSchema adminSchema =
        ShopifySchemas.executable(
            ShopifySchemas.Api.ADMIN,
            version,
            w ->
                w.type(
                        "QueryRoot",
                        t ->
                            t.dataFetcher("metaobjectDefinitionByType", this::definitionByType)
                                .dataFetcher("metaobjectByHandle", e -> byHandle(e, false))
                                .dataFetcher("metaobject", e -> byId(e.getArgument("id")))
                                .dataFetcher("metaobjects", this::metaobjects)
                                .dataFetcher("node", e -> node(e.getArgument("id")))
                                .dataFetcher("product", e -> product(e.getArgument("id"), false))
                                .dataFetcher(
                                    "products",
                                    e ->
                                        ProductQueries.products(
                                            shop, e, p -> Shapes.product(p, false, baseUrl)))
                                .dataFetcher(
                                    "deletionEvents", e -> ProductQueries.deletionEvents(shop, e))
                                .dataFetcher(
                                    "currentBulkOperation",
                                    e -> bulk.current().map(op -> op.shape(baseUrl)).orElse(null)))
                    .type(
                        "Mutation",
                        t ->
                            t.dataFetcher("metaobjectDefinitionCreate", this::createDefinition)
                                .dataFetcher("metaobjectUpsert", this::upsert)
                                .dataFetcher("stagedUploadsCreate", this::stagedUploads)
                                .dataFetcher("bulkOperationRunMutation", this::runBulk))
                    .type("Metaobject", t -> t.dataFetcher("field", ShopApis::field))
                    .type(
                        "MetaobjectField", t -> t.dataFetcher("references", ShopApis::references)));
    GraphQLSchema storefrontSchema =
        ShopifySchemas.executable(
            ShopifySchemas.Api.STOREFRONT,
            version,
            w ->
                w.type(
                        "QueryRoot",
                        t ->
                            t.dataFetcher("metaobject", e -> byHandle(e, true))
                                .dataFetcher("nodes", this::storefrontNodes)
                                .dataFetcher(
                                    "product",
                                    e ->
                                        e.getArgument("handle") != null
                                            ? shop.productByHandle(e.getArgument("handle"))
                                                .map(p -> Shapes.product(p, true, baseUrl))
                                                .orElse(null)
                                            : product(e.getArgument("id"), true)))
                    .type("Metaobject", t -> t.dataFetcher("field", ShopApis::field))
                    .type(
                        "MetaobjectField", t -> t.dataFetcher("references", ShopApis::references)));
    this.admin = GraphQL.newGraphQL(adminSchema).build();
    this.storefront = GraphQL.newGraphQL(storefrontSchema).build();
  }

  ExecutionResult executeAdmin(String query, String operationName, Map<String, Object> variables) {
    return admin.execute(input(query, operationName, variables));
  }

  ExecutionResult executeStorefront(
      String query, String operationName, Map<String, Object> variables) {
    return storefront.execute(input(query, operationName, variables));
  }

  private static ExecutionInput input(
      String query, String operationName, Map<String, Object> variables) {
    return ExecutionInput.newExecutionInput()
        .query(query)
        .operationName(operationName)
        .variables(variables == null ? Map.of() : variables)
        .build();
  }

  private Object definitionByType(DataFetchingEnvironment e) {
    return shop.definition(e.getArgument("type"))
        .map(d -> Shapes.definition(d, shop.metaobjects(d.type()).size()))
        .orElse(null);
  }

  private Object byHandle(DataFetchingEnvironment e, boolean storefront) {
    Map<String, Object> handle = e.getArgument("handle");
    if (handle == null) {
      return storefront && e.getArgument("id") != null ? byId(e.getArgument("id")) : null;
    }
    String type = (String) handle.get("type");
    Optional<ShopData.Definition> definition = shop.definition(type);
    if (definition.isEmpty()) {
      return null;
    }
    if (storefront && !"PUBLIC_READ".equals(definition.get().storefrontAccess())) {
      // Without storefront access the Storefront API sees no metaobjects of the type at all.
      return null;
    }
    return shop.metaobject(type, (String) handle.get("handle"))
        .map(mo -> Shapes.metaobject(mo, definition.get(), shop, storefront))
        .orElse(null);
  }

  private Object byId(String id) {
    return shop.metaobjectById(id)
        .map(mo -> Shapes.metaobject(mo, shop.definition(mo.type()).orElseThrow(), shop, false))
        .orElse(null);
  }

  private Object metaobjects(DataFetchingEnvironment e) {
    String type = e.getArgument("type");
    Optional<ShopData.Definition> definition = shop.definition(type);
    List<Object> all = new ArrayList<>();
    definition.ifPresent(
        d -> shop.metaobjects(type).forEach(mo -> all.add(Shapes.metaobject(mo, d, shop, false))));
    return Shapes.connection(all, e.getArgument("first"));
  }

  private Object node(String id) {
    if (id == null) {
      return null;
    }
    if (id.startsWith("gid://shopify/BulkOperation/")) {
      return bulk.operation(id).map(op -> op.shape(baseUrl)).orElse(null);
    } else if (id.startsWith("gid://shopify/Product/")) {
      return product(id, false);
    }
    return byId(id);
  }

  private Object product(String gid, boolean storefront) {
    return shop.product(gid).map(p -> Shapes.product(p, storefront, baseUrl)).orElse(null);
  }

  private Object storefrontNodes(DataFetchingEnvironment e) {
    List<String> ids = e.getArgument("ids");
    List<Object> nodes = new ArrayList<>();
    for (String id : ids) {
      nodes.add(product(id, true));
    }
    return nodes;
  }

  @SuppressWarnings("unchecked")
  private static Object field(DataFetchingEnvironment e) {
    Map<String, Object> source = e.getSource();
    Map<String, Object> fields = (Map<String, Object>) source.get("_fields");
    Object f = fields.get(e.<String>getArgument("key"));
    return f == null || ((Map<String, Object>) f).get("value") == null ? null : f;
  }

  @SuppressWarnings("unchecked")
  private static Object references(DataFetchingEnvironment e) {
    Map<String, Object> source = e.getSource();
    List<Object> refs = (List<Object>) source.get("_references");
    return refs == null ? null : Shapes.connection(refs, e.getArgument("first"));
  }

  private Object createDefinition(DataFetchingEnvironment e) {
    ShopData.Result<ShopData.Definition> r = shop.createDefinition(e.getArgument("definition"));
    Map<String, Object> payload = new HashMap<>();
    payload.put("metaobjectDefinition", r.value() == null ? null : Shapes.definition(r.value(), 0));
    payload.put("userErrors", userErrors(r.errors()));
    return payload;
  }

  private Object upsert(DataFetchingEnvironment e) {
    return upsertPayload(
        Map.of("handle", e.getArgument("handle"), "metaobject", e.getArgument("metaobject")));
  }

  /**
   * Whether a bulk mutation is exactly one {@code metaobjectUpsert} (answered without
   * graphql-java).
   */
  private static boolean isSingleUpsert(String mutation) {
    try {
      var ops =
          graphql.parser.Parser.parse(mutation)
              .getDefinitionsOfType(graphql.language.OperationDefinition.class);
      return ops.size() == 1
          && ops.get(0).getOperation() == graphql.language.OperationDefinition.Operation.MUTATION
          && ops.get(0).getSelectionSet().getSelections().size() == 1
          && ops.get(0).getSelectionSet().getSelections().get(0) instanceof graphql.language.Field f
          && f.getName().equals("metaobjectUpsert");
    } catch (RuntimeException ex) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> upsertPayload(Map<String, Object> arguments) {
    Map<String, Object> handle = (Map<String, Object>) arguments.get("handle");
    Map<String, Object> metaobject = (Map<String, Object>) arguments.get("metaobject");
    List<Map<String, Object>> fields =
        (List<Map<String, Object>>) metaobject.getOrDefault("fields", List.of());
    ShopData.Result<ShopData.Metaobject> r =
        shop.upsert((String) handle.get("type"), (String) handle.get("handle"), fields);
    Map<String, Object> payload = new HashMap<>();
    payload.put(
        "metaobject",
        r.value() == null
            ? null
            : Shapes.metaobject(
                r.value(), shop.definition(r.value().type()).orElseThrow(), shop, false));
    payload.put("userErrors", userErrors(r.errors()));
    return payload;
  }

  private Object stagedUploads(DataFetchingEnvironment e) {
    List<Map<String, Object>> inputs = e.getArgument("input");
    List<Object> targets = new ArrayList<>();
    List<Object> errors = new ArrayList<>();
    for (Map<String, Object> input : inputs) {
      if (!"BULK_MUTATION_VARIABLES".equals(input.get("resource"))) {
        errors.add(
            Map.of(
                "field",
                List.of("input", "resource"),
                "message",
                "The local Shopify stages only BULK_MUTATION_VARIABLES uploads"));
        continue;
      }
      String key = bulk.newUploadKey();
      targets.add(
          Map.of(
              "url", baseUrl + "/staged-uploads",
              "resourceUrl", baseUrl + "/staged-uploads/" + key,
              "parameters",
                  List.of(
                      Map.of("name", "key", "value", key),
                      Map.of("name", "Content-Type", "value", "text/jsonl"),
                      Map.of("name", "success_action_status", "value", "201"))));
    }
    return Map.of("stagedTargets", targets, "userErrors", errors);
  }

  private Object runBulk(DataFetchingEnvironment e) {
    String mutation = e.getArgument("mutation");
    boolean upsertOnly = isSingleUpsert(mutation);
    Object started =
        bulk.start(
            e.getArgument("stagedUploadPath"),
            (m, variables) -> {
              if (upsertOnly) {
                // fast path for the common case (a backfill of many thousand lines)
                Map<String, Object> payload = upsertPayload(variables);
                if (payload.get("metaobject") instanceof Map<?, ?> mo) {
                  payload.put(
                      "metaobject",
                      Map.of(
                          "id", mo.get("id"),
                          "handle", mo.get("handle"),
                          "type", mo.get("type"),
                          "updatedAt", mo.get("updatedAt")));
                }
                return Map.of("data", Map.of("metaobjectUpsert", payload));
              }
              ExecutionResult r = admin.execute(input(m, null, variables));
              Map<String, Object> line = new HashMap<>();
              line.put("data", r.getData());
              if (!r.getErrors().isEmpty()) {
                line.put("errors", r.getErrors().stream().map(er -> er.toSpecification()).toList());
              }
              return line;
            },
            mutation);
    Map<String, Object> payload = new HashMap<>();
    if (started instanceof BulkOperations.Operation op) {
      payload.put("bulkOperation", op.shape(baseUrl));
      payload.put("userErrors", List.of());
    } else {
      payload.put("bulkOperation", null);
      payload.put(
          "userErrors",
          List.of(
              Map.of(
                  "field",
                  List.of("stagedUploadPath"),
                  "message",
                  started,
                  "code",
                  started.toString().contains("in progress")
                      ? "OPERATION_IN_PROGRESS"
                      : "NO_SUCH_FILE")));
    }
    return payload;
  }

  private static List<Map<String, Object>> userErrors(List<ShopData.UserError> errors) {
    return errors.stream()
        .map(
            er -> {
              Map<String, Object> m = new HashMap<>();
              m.put("field", er.field());
              m.put("message", er.message());
              m.put("code", er.code());
              m.put("elementIndex", null);
              m.put("elementKey", null);
              return m;
            })
        .toList();
  }
}
