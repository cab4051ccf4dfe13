package dev.walnut.engine.spel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code #COLLECTION}: list functions. Values are shared between records, so nothing here mutates
 * its arguments: every list returned is new and unmodifiable. Numbers compare by value ({@code 3}
 * equals {@code 3L}). A null list is treated as empty.
 */
final class CollectionHelper {

  @HelperDoc("Whether the list contains the value")
  public boolean contains(Collection<?> list, Object value) {
    Object wanted = Numbers.normalize(value);
    return items(list).stream()
        .anyMatch(e -> java.util.Objects.equals(Numbers.normalize(e), wanted));
  }

  @HelperDoc("Whether the list contains every value of the other list")
  public boolean containsAll(Collection<?> list, Collection<?> values) {
    Set<Object> present = normalized(list);
    return items(values).stream().allMatch(v -> present.contains(Numbers.normalize(v)));
  }

  @HelperDoc("The number of elements")
  public long size(Collection<?> list) {
    return items(list).size();
  }

  @HelperDoc("Whether the list is null or empty")
  public boolean isEmpty(Collection<?> list) {
    return items(list).isEmpty();
  }

  @HelperDoc(value = "The first element, or null", result = HelperDoc.Result.ELEMENT_OF_FIRST)
  public Object first(Collection<?> list) {
    List<?> l = asList(list);
    return l.isEmpty() ? null : l.get(0);
  }

  @HelperDoc(value = "The last element, or null", result = HelperDoc.Result.ELEMENT_OF_FIRST)
  public Object last(Collection<?> list) {
    List<?> l = asList(list);
    return l.isEmpty() ? null : l.get(l.size() - 1);
  }

  @HelperDoc(value = "The first n elements", result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> take(Collection<?> list, long n) {
    return slice(list, 0, n);
  }

  @HelperDoc(value = "All but the first n elements", result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> drop(Collection<?> list, long n) {
    return slice(list, n, Long.MAX_VALUE);
  }

  @HelperDoc(
      value = "The elements from index `from` (inclusive) to `to` (exclusive), clamped to the list",
      result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> slice(Collection<?> list, long from, long to) {
    List<?> l = asList(list);
    int start = (int) Math.max(0, Math.min(from, l.size()));
    int end = (int) Math.max(start, Math.min(to, l.size()));
    return frozen(l.subList(start, end));
  }

  @HelperDoc(
      value = "The elements without repeats, in first-seen order",
      result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> distinct(Collection<?> list) {
    Map<Object, Object> seen = new LinkedHashMap<>();
    for (Object e : items(list)) {
      seen.putIfAbsent(Numbers.normalize(e), e);
    }
    return frozen(seen.values());
  }

  @HelperDoc(value = "The elements in reverse order", result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> reverse(Collection<?> list) {
    List<Object> copy = new ArrayList<>(items(list));
    Collections.reverse(copy);
    return Collections.unmodifiableList(copy);
  }

  @HelperDoc(
      value = "The elements sorted smallest first; nulls last",
      result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> sortedAsc(Collection<?> list) {
    List<Object> copy = new ArrayList<>(items(list));
    copy.sort(Numbers.NATURAL_ORDER);
    return Collections.unmodifiableList(copy);
  }

  @HelperDoc(
      value = "The elements sorted largest first; nulls last",
      result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> sortedDesc(Collection<?> list) {
    List<Object> copy = new ArrayList<>(items(list));
    copy.sort(
        (a, b) ->
            a == null || b == null
                ? Numbers.NATURAL_ORDER.compare(a, b)
                : Numbers.NATURAL_ORDER.compare(b, a));
    return Collections.unmodifiableList(copy);
  }

  @HelperDoc(
      value = "The elements of both lists, one after the other",
      result = HelperDoc.Result.COMMON_OF_ARGUMENTS)
  public List<Object> concat(Collection<?> a, Collection<?> b) {
    List<Object> all = new ArrayList<>(items(a));
    all.addAll(items(b));
    return Collections.unmodifiableList(all);
  }

  @HelperDoc(
      value = "The smallest element, or null for an empty list",
      result = HelperDoc.Result.ELEMENT_OF_FIRST)
  public Object min(Collection<?> list) {
    return items(list).stream()
        .filter(java.util.Objects::nonNull)
        .min(Numbers.NATURAL_ORDER)
        .orElse(null);
  }

  @HelperDoc(
      value = "The largest element, or null for an empty list",
      result = HelperDoc.Result.ELEMENT_OF_FIRST)
  public Object max(Collection<?> list) {
    return items(list).stream()
        .filter(java.util.Objects::nonNull)
        .max(Numbers.NATURAL_ORDER)
        .orElse(null);
  }

  @HelperDoc("The sum of the numbers (nulls are skipped); 0 for an empty list")
  public double sum(Collection<?> list) {
    double sum = 0;
    for (Object e : items(list)) {
      if (e != null) {
        sum += Numbers.requireNumber(e, "every element of the list").doubleValue();
      }
    }
    return sum;
  }

  @HelperDoc("The mean of the numbers (nulls are skipped); null for an empty list")
  public Double avg(Collection<?> list) {
    long count = items(list).stream().filter(java.util.Objects::nonNull).count();
    return count == 0 ? null : sum(list) / count;
  }

  @HelperDoc("The elements as text, separated by the separator")
  public String join(Collection<?> list, String separator) {
    return items(list).stream().map(String::valueOf).collect(Collectors.joining(separator));
  }

  @HelperDoc("The index of the first element equal to the value, or -1")
  public long indexOf(Collection<?> list, Object value) {
    Object wanted = Numbers.normalize(value);
    int i = 0;
    for (Object e : items(list)) {
      if (java.util.Objects.equals(Numbers.normalize(e), wanted)) {
        return i;
      }
      i++;
    }
    return -1;
  }

  @HelperDoc(
      value = "The distinct elements of either list",
      result = HelperDoc.Result.COMMON_OF_ARGUMENTS)
  public List<Object> union(Collection<?> a, Collection<?> b) {
    return distinct(concat(a, b));
  }

  @HelperDoc(
      value = "The distinct elements of the first list that are also in the second",
      result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> intersection(Collection<?> a, Collection<?> b) {
    Set<Object> other = normalized(b);
    return distinct(items(a).stream().filter(e -> other.contains(Numbers.normalize(e))).toList());
  }

  @HelperDoc(
      value = "The distinct elements of the first list that are not in the second",
      result = HelperDoc.Result.SAME_AS_FIRST)
  public List<Object> difference(Collection<?> a, Collection<?> b) {
    Set<Object> other = normalized(b);
    return distinct(items(a).stream().filter(e -> !other.contains(Numbers.normalize(e))).toList());
  }

  @HelperDoc("The elements of a list of lists, one level deep")
  public List<Object> flatten(Collection<?> lists) {
    List<Object> all = new ArrayList<>();
    for (Object e : items(lists)) {
      if (e instanceof Collection<?> inner) {
        all.addAll(inner);
      } else {
        all.add(e);
      }
    }
    return Collections.unmodifiableList(all);
  }

  private static Collection<?> items(Collection<?> list) {
    return list == null ? List.of() : list;
  }

  private static List<?> asList(Collection<?> list) {
    return list instanceof List<?> l ? l : new ArrayList<>(items(list));
  }

  private static Set<Object> normalized(Collection<?> list) {
    Set<Object> set = new HashSet<>();
    items(list).forEach(e -> set.add(Numbers.normalize(e)));
    return set;
  }

  private static List<Object> frozen(Collection<?> elements) {
    return Collections.unmodifiableList(new ArrayList<>(elements));
  }
}
