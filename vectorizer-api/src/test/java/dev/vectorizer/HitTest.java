package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hit is a record like TextHit, with value semantics and a defensive vector accessor. */
class HitTest {

  @Test
  void isARecordWithTheSameAccessorsAsBefore() {
    assertTrue(Hit.class.isRecord());
    assertTrue(TextHit.class.isRecord());
    Hit h = Hit.of("a", 0.5f, null, null);
    assertEquals("a", h.id());
    assertEquals(0.5f, h.score());
    assertEquals(Map.of(), h.payload());
    assertNull(h.vector());
  }

  @Test
  void equalityComparesVectorComponentsAndTheAccessorCopies() {
    float[] v = {1, 2};
    Hit a = new Hit("a", 1f, Map.of("k", "v"), v);
    Hit b = Hit.of("a", 1f, Map.of("k", "v"), new float[] {1, 2});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Hit.of("a", 1f, Map.of("k", "v"), new float[] {1, 3}));
    assertNotSame(a.vector(), a.vector());
    assertArrayEquals(v, a.vector());
  }
}
