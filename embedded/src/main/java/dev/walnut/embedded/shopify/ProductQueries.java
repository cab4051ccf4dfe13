package dev.walnut.embedded.shopify;

import graphql.schema.DataFetchingEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Admin API's {@code products} and {@code deletionEvents} connections over the local shop:
 * {@code first}/{@code after} paging with opaque cursors that stay valid while the shop changes (a
 * cursor holds the sort value and id of the last node, as Shopify's do), {@code sortKey}, {@code
 * reverse}, and the search syntax of {@link SearchQuery}.
 */
final class ProductQueries {
  /** Shopify's largest page. */
  static final int MAX_PAGE = 250;

  private static final Map<String, SearchQuery.Field<ShopProduct>> PRODUCT_FIELDS =
      Map.ofEntries(
          Map.entry("id", field(SearchQuery.FieldKind.NUMBER, ShopProduct::id)),
          Map.entry("updated_at", field(SearchQuery.FieldKind.TIME, ShopProduct::updatedAt)),
          Map.entry("created_at", field(SearchQuery.FieldKind.TIME, ShopProduct::createdAt)),
          Map.entry("published_at", field(SearchQuery.FieldKind.TIME, ShopProduct::publishedAt)),
          Map.entry("status", field(SearchQuery.FieldKind.TEXT, ShopProduct::status)),
          Map.entry("handle", field(SearchQuery.FieldKind.TEXT, ShopProduct::handle)),
          Map.entry("title", field(SearchQuery.FieldKind.TEXT, ShopProduct::title)),
          Map.entry("product_type", field(SearchQuery.FieldKind.TEXT, ShopProduct::productType)),
          Map.entry("vendor", field(SearchQuery.FieldKind.TEXT, ShopProduct::vendor)),
          Map.entry("tag", field(SearchQuery.FieldKind.TEXT_LIST, ShopProduct::tags)),
          Map.entry("gift_card", field(SearchQuery.FieldKind.BOOLEAN, ShopProduct::isGiftCard)),
          Map.entry(
              "tracks_inventory",
              field(SearchQuery.FieldKind.BOOLEAN, ShopProduct::tracksInventory)),
          Map.entry(
              "inventory_total", field(SearchQuery.FieldKind.NUMBER, ShopProduct::totalInventory)),
          Map.entry(
              "published_status",
              field(SearchQuery.FieldKind.TEXT, p -> p.published() ? "published" : "unpublished")));

  private static final Map<String, SearchQuery.Field<ShopData.DeletionEvent>> DELETION_FIELDS =
      Map.of(
          "id",
          new SearchQuery.Field<>(
              SearchQuery.FieldKind.NUMBER,
              d -> Long.parseLong(d.subjectId().substring(d.subjectId().lastIndexOf('/') + 1))),
          "occurred_at",
          new SearchQuery.Field<>(SearchQuery.FieldKind.TIME, ShopData.DeletionEvent::occurredAt));

  private ProductQueries() {}

  private static SearchQuery.Field<ShopProduct> field(
      SearchQuery.FieldKind kind, Function<ShopProduct, Object> value) {
    return new SearchQuery.Field<>(kind, value);
  }

  /** {@code products(first, after, query, sortKey, reverse)}. */
  static Map<String, Object> products(
      ShopData shop, DataFetchingEnvironment e, Function<ShopProduct, Object> shape) {
    int first = pageSize(e);
    Predicate<ShopProduct> filter =
        SearchQuery.parse(e.getArgument("query"), PRODUCT_FIELDS, ShopProduct::title, shop.now());
    String sortKey = e.getArgument("sortKey") == null ? "ID" : e.getArgument("sortKey").toString();
    Function<ShopProduct, Comparable<?>> key = productSortKey(sortKey);
    boolean reverse = Boolean.TRUE.equals(e.getArgument("reverse"));
    Comparator<ShopProduct> order = byKeyThenId(key, ShopProduct::id);
    if (reverse) {
      order = order.reversed();
    }
    List<ShopProduct> matching = shop.products().stream().filter(filter).sorted(order).toList();
    return page(matching, e.getArgument("after"), first, key, ShopProduct::id, reverse, shape);
  }

  /** {@code deletionEvents(first, after, query, sortKey, reverse, subjectTypes)}. */
  static Map<String, Object> deletionEvents(ShopData shop, DataFetchingEnvironment e) {
    int first = pageSize(e);
    Predicate<ShopData.DeletionEvent> filter =
        SearchQuery.parse(e.getArgument("query"), DELETION_FIELDS, null, shop.now());
    List<?> subjectTypes = e.getArgument("subjectTypes");
    Predicate<ShopData.DeletionEvent> ofType =
        d ->
            subjectTypes == null
                || subjectTypes.stream().anyMatch(t -> t.toString().equals(d.subjectType()));
    // CREATED_AT and ID both follow the order the events were recorded in
    Function<ShopData.DeletionEvent, Comparable<?>> key = ShopData.DeletionEvent::sequence;
    boolean reverse = Boolean.TRUE.equals(e.getArgument("reverse"));
    Comparator<ShopData.DeletionEvent> order = byKeyThenId(key, ShopData.DeletionEvent::sequence);
    if (reverse) {
      order = order.reversed();
    }
    List<ShopData.DeletionEvent> matching =
        shop.deletionEvents().stream().filter(filter.and(ofType)).sorted(order).toList();
    return page(
        matching,
        e.getArgument("after"),
        first,
        key,
        ShopData.DeletionEvent::sequence,
        reverse,
        d -> {
          Map<String, Object> m = new HashMap<>();
          m.put("__typename", "DeletionEvent");
          m.put("subjectId", d.subjectId());
          m.put("subjectType", d.subjectType());
          m.put("occurredAt", d.occurredAt().toString());
          return m;
        });
  }

  private static int pageSize(DataFetchingEnvironment e) {
    if (e.getArgument("last") != null || e.getArgument("before") != null) {
      throw new IllegalArgumentException(
          "the local Shopify pages forward only: use `first` and `after`");
    }
    Integer first = e.getArgument("first");
    if (first == null) {
      throw new IllegalArgumentException("you must provide one of first or last");
    }
    if (first < 0 || first > MAX_PAGE) {
      throw new IllegalArgumentException(
          "The page size requested (" + first + ") must be between 0 and " + MAX_PAGE);
    }
    return first;
  }

  private static Function<ShopProduct, Comparable<?>> productSortKey(String sortKey) {
    return switch (sortKey) {
      case "ID", "RELEVANCE" -> ShopProduct::id;
      case "UPDATED_AT" -> ShopProduct::updatedAt;
      case "CREATED_AT" -> ShopProduct::createdAt;
      case "PUBLISHED_AT" -> p -> p.publishedAt() == null ? Instant.EPOCH : p.publishedAt();
      case "TITLE" -> ShopProduct::title;
      case "PRODUCT_TYPE" -> ShopProduct::productType;
      case "VENDOR" -> ShopProduct::vendor;
      case "INVENTORY_TOTAL" -> p -> (long) p.totalInventory();
      default -> throw new IllegalArgumentException("unknown product sort key " + sortKey);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Comparator<T> byKeyThenId(
      Function<T, Comparable<?>> key, Function<T, Long> id) {
    Comparator<T> byKey = (a, b) -> ((Comparable) key.apply(a)).compareTo(key.apply(b));
    return byKey.thenComparing(id, Comparator.naturalOrder());
  }

  /**
   * The page after {@code after}: the nodes that come after the cursor's position in {@code order}
   * (not after an index, so a product changed or deleted meanwhile neither repeats nor hides
   * another).
   */
  private static <T> Map<String, Object> page(
      List<T> sorted,
      String after,
      int first,
      Function<T, Comparable<?>> key,
      Function<T, Long> id,
      boolean reverse,
      Function<T, Object> shape) {
    int start = 0;
    if (after != null) {
      Cursor cursor = Cursor.decode(after);
      start = sorted.size();
      for (int i = 0; i < sorted.size(); i++) {
        if (cursor.isBefore(sorted.get(i), key, id, reverse)) {
          start = i;
          break;
        }
      }
    }
    List<T> nodes = sorted.subList(start, Math.min(sorted.size(), start + first));
    List<Object> shaped = new ArrayList<>();
    List<Map<String, Object>> edges = new ArrayList<>();
    for (T node : nodes) {
      Object s = shape.apply(node);
      shaped.add(s);
      edges.add(Map.of("cursor", Cursor.of(node, key, id), "node", s));
    }
    Map<String, Object> pageInfo = new HashMap<>();
    pageInfo.put("hasNextPage", start + nodes.size() < sorted.size());
    pageInfo.put("hasPreviousPage", start > 0);
    pageInfo.put("startCursor", nodes.isEmpty() ? null : edges.get(0).get("cursor"));
    pageInfo.put("endCursor", nodes.isEmpty() ? after : edges.get(edges.size() - 1).get("cursor"));
    return Map.of("nodes", shaped, "edges", edges, "pageInfo", pageInfo);
  }

  /** An opaque cursor: Base64 of {@code <id>|<sort value>}. */
  private record Cursor(long id, String value) {
    static <T> String of(T node, Function<T, Comparable<?>> key, Function<T, Long> id) {
      String text = id.apply(node) + "|" + key.apply(node);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new Cursor(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Invalid cursor `" + cursor + "`");
      }
    }

    /** Whether {@code node} comes after this cursor's position. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    <T> boolean isBefore(
        T node, Function<T, Comparable<?>> key, Function<T, Long> id, boolean reverse) {
      Comparable nodeKey = key.apply(node);
      Comparable cursorKey = parseLike(nodeKey, value);
      int c = cursorKey.compareTo(nodeKey);
      if (c == 0) {
        c = Long.compare(this.id, id.apply(node));
      }
      return reverse ? c > 0 : c < 0;
    }

    private static Comparable<?> parseLike(Comparable<?> example, String value) {
      if (example instanceof Long) {
        return Long.parseLong(value);
      } else if (example instanceof Instant) {
        return Instant.parse(value);
      }
      return value;
    }
  }
}
