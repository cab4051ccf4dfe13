package dev.walnut.embedded.shopify;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Shopify's search syntax (https://shopify.dev/api/usage/search-syntax) for the {@code query}
 * argument of the local Shopify's connections, the part integrations use: terms joined by spaces or
 * {@code AND}, {@code field:value}, comparisons {@code field:>value} / {@code >=} / {@code <} /
 * {@code <=}, values quoted with {@code '…'} or {@code "…"}, comma-separated alternatives ({@code
 * status:active,draft}), negation with {@code -} or {@code NOT}, and a bare word searching the
 * title. Times are ISO-8601 ({@code '2026-10-21T23:39:20Z'}), dates, years or {@code now}.
 *
 * <p>Shopify ignores a filter it does not know (and warns in {@code extensions.search}); the local
 * Shopify refuses it, naming the fields it knows, so a typo in a test or a component shows at once.
 */
final class SearchQuery<T> {
  /** How a field's value is read from an object, and how it compares. */
  enum FieldKind {
    TEXT,
    TEXT_LIST,
    NUMBER,
    TIME,
    BOOLEAN
  }

  /** A searchable field. */
  record Field<T>(FieldKind kind, Function<T, Object> value) {}

  private record Term(String field, String op, String value, boolean negated) {}

  private final List<Term> terms;
  private final Map<String, Field<T>> fields;
  private final Function<T, String> defaultText;
  private final Instant now;

  private SearchQuery(
      List<Term> terms,
      Map<String, Field<T>> fields,
      Function<T, String> defaultText,
      Instant now) {
    this.terms = terms;
    this.fields = fields;
    this.defaultText = defaultText;
    this.now = now;
  }

  /**
   * Parses {@code query} over {@code fields}; a bare word matches {@code defaultText} (null: bare
   * words are refused).
   *
   * @throws IllegalArgumentException naming what is not supported
   */
  static <T> Predicate<T> parse(
      String query, Map<String, Field<T>> fields, Function<T, String> defaultText, Instant now) {
    if (query == null || query.isBlank()) {
      return t -> true;
    }
    List<Term> terms = new ArrayList<>();
    boolean negateNext = false;
    for (String token : tokens(query)) {
      if (token.equals("AND")) {
        continue;
      }
      if (token.equals("OR")) {
        throw new IllegalArgumentException(
            "the local Shopify's search supports terms joined by AND only, not OR: `"
                + query
                + "`");
      }
      if (token.equals("NOT")) {
        negateNext = true;
        continue;
      }
      boolean negated = negateNext;
      negateNext = false;
      if (token.startsWith("-") && token.length() > 1) {
        negated = true;
        token = token.substring(1);
      }
      int colon = token.indexOf(':');
      if (colon < 0 || token.startsWith("'") || token.startsWith("\"")) {
        if (defaultText == null) {
          throw new IllegalArgumentException(
              "search term `" + token + "` needs a field, one of " + Set.copyOf(fields.keySet()));
        }
        terms.add(new Term(null, "", unquote(token), negated));
        continue;
      }
      String field = token.substring(0, colon).toLowerCase(Locale.ROOT);
      if (!fields.containsKey(field)) {
        throw new IllegalArgumentException(
            "the local Shopify cannot search by `"
                + field
                + "`; it knows "
                + new java.util.TreeSet<>(fields.keySet()));
      }
      String rest = token.substring(colon + 1);
      String op = "";
      for (String candidate : List.of(">=", "<=", ">", "<")) {
        if (rest.startsWith(candidate)) {
          op = candidate;
          rest = rest.substring(candidate.length());
          break;
        }
      }
      terms.add(new Term(field, op, unquote(rest), negated));
    }
    SearchQuery<T> parsed = new SearchQuery<>(List.copyOf(terms), fields, defaultText, now);
    for (Term term : terms) {
      parsed.check(term);
    }
    return parsed::matches;
  }

  private boolean matches(T object) {
    for (Term term : terms) {
      if (matches(term, object) == term.negated()) {
        return false;
      }
    }
    return true;
  }

  private void check(Term term) {
    if (term.field() == null) {
      return;
    }
    Field<T> field = fields.get(term.field());
    if (!term.op().isEmpty() && (field.kind() == FieldKind.TEXT_LIST)) {
      throw new IllegalArgumentException(
          "`" + term.field() + "` cannot be compared with " + term.op());
    }
    if (field.kind() == FieldKind.TIME) {
      time(term.value());
    } else if (field.kind() == FieldKind.NUMBER) {
      number(term.value());
    }
  }

  private boolean matches(Term term, T object) {
    if (term.field() == null) {
      String text = defaultText.apply(object);
      return text != null
          && text.toLowerCase(Locale.ROOT).contains(term.value().toLowerCase(Locale.ROOT));
    }
    Field<T> field = fields.get(term.field());
    Object value = field.value().apply(object);
    switch (field.kind()) {
      case TEXT -> {
        if (value == null) {
          return false;
        }
        if (term.op().isEmpty()) {
          for (String alternative : term.value().split(",")) {
            if (value.toString().equalsIgnoreCase(alternative.trim())) {
              return true;
            }
          }
          return false;
        }
        return compare(value.toString().compareToIgnoreCase(term.value()), term.op());
      }
      case TEXT_LIST -> {
        List<?> values = value instanceof List<?> l ? l : List.of();
        for (String alternative : term.value().split(",")) {
          for (Object v : values) {
            if (String.valueOf(v).equalsIgnoreCase(alternative.trim())) {
              return true;
            }
          }
        }
        return false;
      }
      case NUMBER -> {
        return value != null
            && compare(Long.compare(((Number) value).longValue(), number(term.value())), term.op());
      }
      case TIME -> {
        return value != null && compare(((Instant) value).compareTo(time(term.value())), term.op());
      }
      case BOOLEAN -> {
        return value != null && value.toString().equalsIgnoreCase(term.value());
      }
      default -> throw new IllegalStateException("unknown field kind " + field.kind());
    }
  }

  private static boolean compare(int c, String op) {
    return switch (op) {
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      default -> c == 0;
    };
  }

  private static long number(String value) {
    try {
      return Long.parseLong(value.replace("gid://shopify/Product/", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("`" + value + "` is not a number");
    }
  }

  private Instant time(String value) {
    if (value.equalsIgnoreCase("now")) {
      return now;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          try {
            return Year.parse(value).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
          } catch (DateTimeParseException notYear) {
            throw new IllegalArgumentException(
                "`"
                    + value
                    + "` is not a time: use e.g. '2026-10-21T23:39:20Z', 2026-10-21 or now");
          }
        }
      }
    }
  }

  /** Splits on spaces outside quotes. */
  private static List<String> tokens(String query) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (char c : query.toCharArray()) {
      if (quote != 0) {
        current.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        current.append(c);
      } else if (Character.isWhitespace(c)) {
        if (current.length() > 0) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in search query `" + query + "`");
    }
    if (current.length() > 0) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("'") && value.endsWith("'")
            || value.startsWith("\"") && value.endsWith("\""))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
