package dev.walnut.engine.spel;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** {@code #UTIL}: ids, hashing, null handling and conversions. */
final class UtilHelper {

  @HelperDoc("A random UUID as text")
  public String uuid() {
    return UUID.randomUUID().toString();
  }

  @HelperDoc("A stable 64-bit hash of the text (MurmurHash3), e.g. for A/B buckets")
  public long hash(String text) {
    return Murmur3.hash64(text == null ? "" : text);
  }

  @HelperDoc("Whether the value is null")
  public boolean isNull(Object value) {
    return value == null;
  }

  @HelperDoc(
      value = "The first value unless it is null, else the second",
      result = HelperDoc.Result.COMMON_OF_ARGUMENTS)
  public Object coalesce(Object value, Object fallback) {
    return value != null ? value : fallback;
  }

  @HelperDoc("A number or numeric text as a Long (decimals are truncated); null stays null")
  public Long toLong(Object value) {
    if (value == null) {
      return null;
    } else if (value instanceof Number number) {
      return number.longValue();
    } else if (value instanceof String text) {
      Number parsed = new StringHelper().toNumber(text);
      return parsed == null ? null : parsed.longValue();
    }
    throw new IllegalArgumentException("cannot convert `" + value + "` to a Long");
  }

  @HelperDoc("A number or numeric text as a Double; null stays null")
  public Double toDouble(Object value) {
    if (value == null) {
      return null;
    } else if (value instanceof Number number) {
      return number.doubleValue();
    } else if (value instanceof String text) {
      Number parsed = new StringHelper().toNumber(text);
      return parsed == null ? null : parsed.doubleValue();
    }
    throw new IllegalArgumentException("cannot convert `" + value + "` to a Double");
  }

  @HelperDoc("The value as text; null stays null")
  public String toString(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  @HelperDoc("The parts of the text between separators (plain text, not a regex), as #STRING.split")
  public List<String> split(String text, String separator) {
    return new StringHelper().split(text, separator);
  }

  @HelperDoc("The elements as text, separated by the separator, as #COLLECTION.join")
  public String join(Collection<?> list, String separator) {
    return new CollectionHelper().join(list, separator);
  }
}
