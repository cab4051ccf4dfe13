package dev.walnut.embedded.shopify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The in-memory shop behind the local Shopify: metaobject definitions, metaobjects and a product
 * catalog. Validation follows Shopify's rules and answers with its {@code userErrors} codes.
 */
final class ShopData {
  private static final Pattern HANDLE = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern PRODUCT_GID = Pattern.compile("gid://shopify/Product/(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HANDLE_LENGTH = 255;

  /** A metaobject definition. */
  record Definition(
      String id,
      String type,
      String name,
      String description,
      String displayNameKey,
      String adminAccess,
      String storefrontAccess,
      List<FieldDefinition> fields,
      Instant createdAt) {
    Optional<FieldDefinition> field(String key) {
      return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }
  }

  /** One field of a definition; {@code listMax} is its {@code list.max} validation, or 0. */
  record FieldDefinition(
      String key, String name, String type, boolean required, int listMax, String description) {}

  /** A stored metaobject. Immutable: an update replaces it. */
  record Metaobject(
      String id,
      String type,
      String handle,
      Map<String, String> fields,
      Instant createdAt,
      Instant updatedAt) {}

  /** A deletion Shopify records ({@code deletionEvents}); {@code sequence} orders them. */
  record DeletionEvent(long sequence, String subjectId, String subjectType, Instant occurredAt) {}

  /** A problem with the input, reported as one of Shopify's {@code userErrors}. */
  record UserError(List<String> field, String message, String code) {}

  /** The outcome of a mutation: the object, or the user errors. */
  record Result<T>(T value, List<UserError> errors) {
    static <T> Result<T> ok(T value) {
      return new Result<>(value, List.of());
    }

    static <T> Result<T> error(UserError... errors) {
      return new Result<>(null, List.of(errors));
    }
  }

  private final String appId;
  private final Clock clock;
  private final int maxObjectsPerDefinition;
  private final Map<String, Definition> definitions = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Metaobject>> metaobjects = new ConcurrentHashMap<>();
  private final Map<Long, ShopProduct> products = new ConcurrentHashMap<>();
  private final List<DeletionEvent> deletions = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong(1000);
  private final AtomicLong upserts = new AtomicLong();
  private volatile String baseUrl = "";

  ShopData(String appId, Clock clock, int maxObjectsPerDefinition, int catalogSize) {
    this.appId = appId;
    this.clock = clock;
    this.maxObjectsPerDefinition = maxObjectsPerDefinition;
    for (int i = 1; i <= catalogSize; i++) {
      ShopProduct p = SeededCatalog.product(i);
      products.put(p.id(), p);
    }
  }

  /** Where the shop is served, for absolute product and image URLs. */
  void baseUrl(String url) {
    this.baseUrl = url;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** The first product id of the seeded catalog; ids run consecutively from here. */
  static long firstProductId() {
    return 8_000_000_000_001L;
  }

  /** {@code $app:recommendations} → {@code app--<appId>--recommendations}. */
  String resolveType(String type) {
    return type != null && type.startsWith("$app:")
        ? "app--" + appId + "--" + type.substring("$app:".length())
        : type;
  }

  Optional<Definition> definition(String type) {
    return Optional.ofNullable(definitions.get(resolveType(type)));
  }

  Result<Definition> createDefinition(Map<String, Object> input) {
    String type = resolveType((String) input.get("type"));
    if (type == null || type.isBlank()) {
      return Result.error(
          new UserError(List.of("definition", "type"), "Type can't be blank", "BLANK"));
    }
    Map<?, ?> access = input.get("access") instanceof Map<?, ?> a ? a : Map.of();
    List<FieldDefinition> fields = new ArrayList<>();
    List<?> fieldInputs = input.get("fieldDefinitions") instanceof List<?> list ? list : List.of();
    for (Object o : fieldInputs) {
      Map<?, ?> f = (Map<?, ?>) o;
      int listMax = 0;
      Object validations = f.get("validations");
      for (Object v : validations instanceof List<?> list ? list : List.of()) {
        Map<?, ?> validation = (Map<?, ?>) v;
        if ("list.max".equals(validation.get("name"))) {
          listMax = Integer.parseInt(String.valueOf(validation.get("value")));
        }
      }
      String key = (String) f.get("key");
      fields.add(
          new FieldDefinition(
              key,
              f.get("name") == null ? key : (String) f.get("name"),
              (String) f.get("type"),
              Boolean.TRUE.equals(f.get("required")),
              listMax,
              (String) f.get("description")));
    }
    Definition created =
        new Definition(
            "gid://shopify/MetaobjectDefinition/" + ids.incrementAndGet(),
            type,
            input.get("name") == null ? type : (String) input.get("name"),
            (String) input.get("description"),
            (String) input.get("displayNameKey"),
            access.get("admin") == null ? "MERCHANT_READ_WRITE" : (String) access.get("admin"),
            access.get("storefront") == null ? "NONE" : (String) access.get("storefront"),
            List.copyOf(fields),
            clock.instant());
    if (definitions.putIfAbsent(type, created) != null) {
      return Result.error(
          new UserError(List.of("definition", "type"), "Type has already been taken", "TAKEN"));
    }
    metaobjects.put(type, new ConcurrentHashMap<>());
    return Result.ok(created);
  }

  /** Sets the storefront access of a definition, as the merchant could in the admin. */
  void setStorefrontAccess(String type, String access) {
    definitions.computeIfPresent(
        resolveType(type),
        (k, d) ->
            new Definition(
                d.id(),
                d.type(),
                d.name(),
                d.description(),
                d.displayNameKey(),
                d.adminAccess(),
                access,
                d.fields(),
                d.createdAt()));
  }

  Optional<Metaobject> metaobject(String type, String handle) {
    Map<String, Metaobject> ofType = metaobjects.get(resolveType(type));
    return ofType == null ? Optional.empty() : Optional.ofNullable(ofType.get(handle));
  }

  List<Metaobject> metaobjects(String type) {
    Map<String, Metaobject> ofType = metaobjects.get(resolveType(type));
    return ofType == null
        ? List.of()
        : ofType.values().stream().sorted(java.util.Comparator.comparing(Metaobject::id)).toList();
  }

  Optional<Metaobject> metaobjectById(String id) {
    return metaobjects.values().stream()
        .flatMap(m -> m.values().stream())
        .filter(m -> m.id().equals(id))
        .findFirst();
  }

  long upserts() {
    return upserts.get();
  }

  /** {@code metaobjectUpsert}: creates or updates the metaobject of {@code (type, handle)}. */
  Result<Metaobject> upsert(String rawType, String handle, List<Map<String, Object>> fieldInputs) {
    String type = resolveType(rawType);
    Definition definition = definitions.get(type);
    if (definition == null) {
      return Result.error(
          new UserError(
              List.of("handle", "type"),
              "No metaobject definition exists for type \"" + rawType + "\"",
              "UNDEFINED_OBJECT_TYPE"));
    }
    if (handle == null || handle.isBlank()) {
      return Result.error(
          new UserError(List.of("handle", "handle"), "Handle can't be blank", "BLANK"));
    }
    if (handle.length() > MAX_HANDLE_LENGTH) {
      return Result.error(
          new UserError(List.of("handle", "handle"), "Handle is too long", "TOO_LONG"));
    }
    if (!HANDLE.matcher(handle).matches()) {
      return Result.error(
          new UserError(
              List.of("handle", "handle"),
              "Handle may contain only lowercase letters, digits and dashes",
              "INVALID"));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < fieldInputs.size(); i++) {
      Map<String, Object> f = fieldInputs.get(i);
      String key = (String) f.get("key");
      Object value = f.get("value");
      Optional<FieldDefinition> fd = definition.field(key);
      if (fd.isEmpty()) {
        return Result.error(
            new UserError(
                List.of("metaobject", "fields", String.valueOf(i)),
                "Field definition \"" + key + "\" does not exist",
                "UNDEFINED_OBJECT_FIELD"));
      }
      Optional<String> problem = checkValue(fd.get(), value == null ? null : value.toString());
      if (problem.isPresent()) {
        return Result.error(
            new UserError(
                List.of("metaobject", "fields", String.valueOf(i)),
                problem.get(),
                "INVALID_VALUE"));
      }
      values.put(key, value == null ? null : value.toString());
    }
    Map<String, Metaobject> ofType = metaobjects.get(type);
    synchronized (ofType) {
      Metaobject existing = ofType.get(handle);
      if (existing == null) {
        for (FieldDefinition fd : definition.fields()) {
          if (fd.required() && values.get(fd.key()) == null) {
            return Result.error(
                new UserError(
                    List.of("metaobject", "fields"),
                    "Field \"" + fd.key() + "\" is required",
                    "OBJECT_FIELD_REQUIRED"));
          }
        }
        if (ofType.size() >= maxObjectsPerDefinition) {
          return Result.error(
              new UserError(
                  List.of("handle"),
                  "Maximum number of metaobjects (" + maxObjectsPerDefinition + ") exceeded",
                  "MAX_OBJECTS_EXCEEDED"));
        }
      }
      Instant now = clock.instant();
      Map<String, String> merged =
          existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.fields());
      merged.putAll(values);
      Metaobject stored =
          new Metaobject(
              existing == null
                  ? "gid://shopify/Metaobject/" + ids.incrementAndGet()
                  : existing.id(),
              type,
              handle,
              Map.copyOf(withoutNulls(merged)),
              existing == null ? now : existing.createdAt(),
              now);
      ofType.put(handle, stored);
      upserts.incrementAndGet();
      return Result.ok(stored);
    }
  }

  private static Map<String, String> withoutNulls(Map<String, String> map) {
    map.values().removeIf(java.util.Objects::isNull);
    return map;
  }

  private Optional<String> checkValue(FieldDefinition fd, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      switch (fd.type()) {
        case "list.product_reference" -> {
          List<String> gids = JSON.readValue(value, new TypeReference<List<String>>() {});
          if (fd.listMax() > 0 && gids.size() > fd.listMax()) {
            return Optional.of("Value has more than " + fd.listMax() + " entries");
          }
          for (String gid : gids) {
            var m = PRODUCT_GID.matcher(gid == null ? "" : gid);
            if (!m.matches()) {
              return Optional.of("Value must be a list of product GIDs, got \"" + gid + "\"");
            }
            if (!products.containsKey(Long.parseLong(m.group(1)))) {
              return Optional.of("Value references non-existent resource " + gid);
            }
          }
        }
        case "json" -> JSON.readTree(value);
        case "number_integer" -> Long.parseLong(value);
        case "date_time" -> Instant.parse(value);
        case "single_line_text_field" -> {
          if (value.contains("\n")) {
            return Optional.of("Value must be a single line");
          }
        }
        default -> {}
      }
    } catch (Exception e) {
      return Optional.of("Value is invalid for " + fd.type() + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  Optional<ShopProduct> product(String gid) {
    var m = PRODUCT_GID.matcher(gid == null ? "" : gid);
    return m.matches()
        ? Optional.ofNullable(products.get(Long.parseLong(m.group(1))))
        : Optional.empty();
  }

  Optional<ShopProduct> productByHandle(String handle) {
    return products.values().stream().filter(p -> p.handle().equals(handle)).findFirst();
  }

  /** The products a {@code list.product_reference} value names, in order, skipping unknown ones. */
  List<ShopProduct> referencedProducts(String value) {
    if (value == null) {
      return List.of();
    }
    try {
      List<String> gids = JSON.readValue(value, new TypeReference<List<String>>() {});
      return gids.stream().map(this::product).flatMap(Optional::stream).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  /** Every product, in id order (a snapshot). */
  List<ShopProduct> products() {
    return products.values().stream()
        .sorted(java.util.Comparator.comparingLong(ShopProduct::id))
        .toList();
  }

  Optional<ShopProduct> product(long id) {
    return Optional.ofNullable(products.get(id));
  }

  /**
   * Applies a change to product {@code id}, bumping its {@code updatedAt} to now (Shopify's second
   * precision).
   *
   * @throws IllegalArgumentException if there is no such product
   */
  ShopProduct change(long id, java.util.function.Function<ShopProduct, ShopProduct> change) {
    ShopProduct changed = products.computeIfPresent(id, (k, p) -> change.apply(p));
    if (changed == null) {
      throw new IllegalArgumentException("the local shop has no product " + id);
    }
    return changed;
  }

  /** Now, at the second precision of Shopify's {@code DateTime}s. */
  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /**
   * Deletes product {@code id} and records a deletion event.
   *
   * @throws IllegalArgumentException if there is no such product
   */
  void delete(long id) {
    ShopProduct removed = products.remove(id);
    if (removed == null) {
      throw new IllegalArgumentException("the local shop has no product " + id);
    }
    synchronized (deletions) {
      deletions.add(new DeletionEvent(deletions.size() + 1L, removed.gid(), "PRODUCT", now()));
    }
  }

  /** The deletion events, oldest first. */
  List<DeletionEvent> deletionEvents() {
    return List.copyOf(deletions);
  }
}
