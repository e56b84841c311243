package dev.vectorizer.internal.text;

import dev.vectorizer.TextCollection.Source;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Lists the texts of a text collection from its live points, with their completion state: a text is
 * complete when chunk 0 is present, its {@code chunks} count equals the chunks stored and they are
 * exactly {@code 0 .. count - 1}, and every chunk carries chunk 0's payload (so a replacement
 * interrupted after some chunks were rewritten shows, provided the payload names the version).
 * Points that are not chunks (no {@code source} and {@code chunk}, or an id that does not match
 * them) are ignored. Not thread-safe; one instance per call.
 */
final class SourceScan {
  private final Set<String> reserved;
  private final Map<String, State> states = new HashMap<>();

  private SourceScan(Set<String> reserved) {
    this.reserved = reserved;
  }

  /** What one text's chunks showed so far. */
  private static final class State {
    int stored;
    int minIndex = Integer.MAX_VALUE;
    int maxIndex = -1;
    int recorded = -1;
    Map<String, Object> first;
    Map<String, Object> other;
    boolean mixed;
  }

  static SortedMap<String, Source> sources(PointScan scan, Set<String> reserved) {
    SourceScan s = new SourceScan(reserved);
    scan.forEachLive(null, s::visit);
    SortedMap<String, Source> out = new TreeMap<>();
    for (Map.Entry<String, State> e : s.states.entrySet()) {
      State st = e.getValue();
      boolean complete =
          st.first != null
              && st.recorded == st.stored
              && st.minIndex == 0
              && st.maxIndex == st.stored - 1
              && !st.mixed
              && (st.other == null || same(st.other, st.first));
      out.put(e.getKey(), new Source(e.getKey(), st.stored, complete, st.first));
    }
    return Collections.unmodifiableSortedMap(out);
  }

  private void visit(String id, Map<String, Object> payload) {
    if (!(payload.get("source") instanceof String source)
        || !(payload.get("chunk") instanceof Number n)) {
      return;
    }
    int index = n.intValue();
    if (index < 0 || !id.equals(ChunkedTextCollection.chunkId(source, index))) {
      return;
    }
    State st = states.computeIfAbsent(source, k -> new State());
    st.stored++;
    st.minIndex = Math.min(st.minIndex, index);
    st.maxIndex = Math.max(st.maxIndex, index);
    Map<String, Object> user = user(payload);
    if (index == 0) {
      st.first = user;
      st.recorded = payload.get("chunks") instanceof Number c ? c.intValue() : 1;
    } else if (st.other == null) {
      st.other = user;
    } else if (!st.mixed && !same(st.other, user)) {
      st.mixed = true;
    }
  }

  private Map<String, Object> user(Map<String, Object> payload) {
    Map<String, Object> user = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : payload.entrySet()) {
      if (!reserved.contains(e.getKey())) {
        user.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(user);
  }

  /** JSON equality: numbers by value, whatever type a payload decoder chose for them. */
  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }
}
