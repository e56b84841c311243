package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Quantization names as users write them (CLI, REST, YAML), and the error for a bad one. The
 * ordinals are stored in segment files, so a new kind goes at the end.
 */
class QuantizationTest {
  @Test
  void parsesEveryNameAndAlias() {
    assertEquals(Quantization.NONE, Quantization.parse("none"));
    assertEquals(Quantization.PQ, Quantization.parse("PQ"));
    assertEquals(Quantization.NVQ, Quantization.parse(" nvq "));
    assertEquals(Quantization.BINARY, Quantization.parse("bq"));
    assertEquals(Quantization.BINARY, Quantization.parse("Binary"));
    assertEquals(Quantization.INT8, Quantization.parse("int8"));
    assertEquals(Quantization.INT8, Quantization.parse("SQ8"));
  }

  @Test
  void ordinalsAreTheFileFormat() {
    assertEquals(0, Quantization.NONE.ordinal());
    assertEquals(1, Quantization.PQ.ordinal());
    assertEquals(2, Quantization.NVQ.ordinal());
    assertEquals(3, Quantization.BINARY.ordinal());
    assertEquals(4, Quantization.INT8.ordinal());
  }

  @Test
  void badNamesAreNamedWithTheChoices() {
    for (String bad : new String[] {"int4", "", "pq8"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Quantization.parse(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("none, pq, nvq, binary, int8"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Quantization.parse(null));
  }
}
