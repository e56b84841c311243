package dev.vectorizer.server.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches a method and a raw path against the route table. Path segments are percent-decoded (ids
 * may hold any character: {@code a%2Fb} is the id {@code a/b}). When several templates match, the
 * one with the most literal segments wins among those of the request's method, so {@code POST
 * .../points/delete} is the delete route while {@code GET .../points/delete} reads the point whose
 * id is {@code delete}.
 *
 * <p>Immutable and thread-safe.
 */
final class Router {
  /** A matched route and its decoded path parameters. */
  record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes;

  Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  List<Route> routes() {
    return routes;
  }

  /**
   * Finds the route.
   *
   * @return the match; null when no template matches the path
   * @throws ApiException 405 when templates match the path but not the method, 400 for a malformed
   *     escape
   */
  Match match(String method, String rawPath) {
    List<String> path = split(rawPath);
    Match best = null;
    int bestLiterals = -1;
    Set<String> allowed = new TreeSet<>();
    for (Route r : routes) {
      List<String> t = r.segments();
      if (t.size() != path.size()) {
        continue;
      }
      Map<String, String> params = new HashMap<>();
      int literals = 0;
      boolean ok = true;
      for (int i = 0; i < t.size() && ok; i++) {
        String seg = t.get(i);
        if (seg.startsWith("{")) {
          params.put(seg.substring(1, seg.length() - 1), decode(path.get(i)));
        } else if (seg.equals(path.get(i))) {
          literals++;
        } else {
          ok = false;
        }
      }
      if (!ok) {
        continue;
      }
      allowed.add(r.method());
      if (r.method().equals(method) && literals > bestLiterals) {
        best = new Match(r, params);
        bestLiterals = literals;
      }
    }
    if (best == null && !allowed.isEmpty()) {
      throw new ApiException(
          405,
          "method_not_allowed",
          method
              + " is not allowed on "
              + rawPath
              + " (allowed: "
              + String.join(", ", allowed)
              + ")",
          Map.of("Allow", String.join(", ", allowed)));
    }
    return best;
  }

  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Percent-decodes one path segment as UTF-8 ('+' stays '+'). */
  static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    int i = 0;
    while (i < segment.length()) {
      int pct = segment.indexOf('%', i);
      int end = pct < 0 ? segment.length() : pct;
      bytes.writeBytes(segment.substring(i, end).getBytes(StandardCharsets.UTF_8));
      if (pct < 0) {
        break;
      }
      int hi = pct + 2 < segment.length() ? Character.digit(segment.charAt(pct + 1), 16) : -1;
      int lo = pct + 2 < segment.length() ? Character.digit(segment.charAt(pct + 2), 16) : -1;
      if (hi < 0 || lo < 0) {
        throw ApiException.badRequest("malformed escape in path segment '" + segment + "'");
      }
      bytes.write(hi * 16 + lo);
      i = pct + 3;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("path segment '" + segment + "' is not UTF-8");
    }
  }
}
