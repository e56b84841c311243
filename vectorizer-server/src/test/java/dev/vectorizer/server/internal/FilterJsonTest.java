package dev.vectorizer.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vectorizer.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JSON filters mirror the Java ones: random filters survive a round trip; bad ones name their path.
 */
class FilterJsonTest {
  private static Object scalar(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> "v" + r.nextInt(5);
      case 1 -> r.nextBoolean();
      default -> r.nextBoolean() ? (Object) r.nextInt(100) : (Object) (r.nextInt(1000) / 8.0);
    };
  }

  private static Filter random(Random r, int depth) {
    int kind = depth > 3 ? 3 + r.nextInt(6) : r.nextInt(9);
    String field = r.nextBoolean() ? "a" : "meta.b" + r.nextInt(3);
    return switch (kind) {
      case 0 -> {
        List<Filter> fs = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
          fs.add(random(r, depth + 1));
        }
        yield Filter.and(fs.toArray(Filter[]::new));
      }
      case 1 -> Filter.or(random(r, depth + 1), random(r, depth + 1));
      case 2 -> Filter.not(random(r, depth + 1));
      case 3 -> Filter.eq(field, scalar(r));
      case 4 -> Filter.in(field, scalar(r), scalar(r));
      case 5 -> {
        Filter.Range range = Filter.range(field);
        if (r.nextBoolean()) {
          range = range.gte(r.nextInt(50));
        }
        if (r.nextBoolean()) {
          range = range.lt(50 + r.nextInt(50) / 4.0);
        }
        yield r.nextBoolean() ? range.gt(-1) : range.lte(1e9);
      }
      case 6 -> Filter.exists(field);
      case 7 -> {
        Filter.StringRange range = Filter.stringRange(field).gte("b" + r.nextInt(9));
        yield r.nextBoolean() ? range.lt("t" + r.nextInt(9)) : range;
      }
      default -> Filter.contains(field, "t" + r.nextInt(9));
    };
  }

  @Test
  void randomFiltersRoundTrip() throws Exception {
    Random r = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      Filter f = random(r, 0);
      JsonNode json = JsonBody.JSON.readTree(FilterJson.write(f).toString());
      assertEquals(f, FilterJson.parse(json, "filter"), json.toString());
    }
  }

  @Test
  void badFiltersNameTheirPath() throws Exception {
    String[][] cases = {
      {
        "{\"eq\":{\"field\":\"a\"}}",
        "'filter.eq.value' must be a string, boolean or number, got null"
      },
      {"{\"eq\":{\"field\":\"\",\"value\":1}}", "'filter.eq.field' must be a non-empty string"},
      {"{\"eq\":{\"field\":\"a..b\",\"value\":1}}", "empty path segment"},
      {"{\"and\":{}}", "'filter.and' must be an array of filters"},
      {"{\"or\":[{\"not\":[]}]}", "'filter.or[0].not' must be an object with exactly one of"},
      {"{\"eq\":{\"field\":\"a\",\"value\":1},\"exists\":{\"field\":\"a\"}}", "exactly one of"},
      {"{\"range\":{\"field\":\"a\",\"lt\":1e999}}", "'filter.range.lt' must be a finite number"},
      {
        "{\"string_range\":{\"field\":\"a\",\"lt\":3}}", "'filter.string_range.lt' must be a string"
      },
      {
        "{\"contains\":{\"field\":\"a\",\"text\":\"\"}}",
        "'filter.contains.text' must be a non-empty string"
      },
      {"\"lang = en\"", "must be an object"},
    };
    for (String[] c : cases) {
      JsonNode json = JsonBody.JSON.readTree(c[0]);
      ApiException e =
          assertThrows(ApiException.class, () -> FilterJson.parse(json, "filter"), c[0]);
      assertEquals(400, e.status());
      assertTrue(e.getMessage().contains(c[1]), e.getMessage() + " should contain " + c[1]);
    }
  }

  @Test
  void pathSegmentsArePercentDecoded() {
    assertEquals("a/b c", Router.decode("a%2Fb%20c"));
    assertEquals("é+x", Router.decode("%C3%A9+x"));
    assertEquals("plain", Router.decode("plain"));
    for (String bad : List.of("a%zz", "a%2", "%", "%C3%28")) {
      ApiException e = assertThrows(ApiException.class, () -> Router.decode(bad), bad);
      assertEquals(400, e.status());
    }
  }
}
