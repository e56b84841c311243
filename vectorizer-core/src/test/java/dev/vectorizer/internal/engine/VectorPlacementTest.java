package dev.vectorizer.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Where sealed segment vectors go: the property forces either way, Java 21 cannot map, and in auto
 * mode the heap takes segments only while they fit a quarter of it (when it has huge pages; without
 * them everything is mapped).
 */
@Isolated // sets a system property that other tests' opens read
class VectorPlacementTest {
  private static final long HEAP = 1L << 30;

  @AfterEach
  void clear() {
    System.clearProperty("vectorizer.mapSegments");
  }

  @Test
  void thePropertyForcesEitherWay() {
    System.setProperty("vectorizer.mapSegments", "true");
    assertTrue(VectorPlacement.decide(HEAP, true, () -> true, HEAP).map());
    System.setProperty("vectorizer.mapSegments", "FALSE");
    VectorPlacement.Decision heap = VectorPlacement.decide(HEAP, true, () -> true, HEAP);
    assertFalse(heap.map());
    assertEquals(0, heap.reservedBytes(), "a forced heap placement takes no budget");
  }

  @Test
  void withoutTheForeignMemoryApiEverythingIsOnTheHeap() {
    System.setProperty("vectorizer.mapSegments", "true");
    assertFalse(VectorPlacement.decide(1, false, () -> true, HEAP).map());
  }

  @Test
  void aBadValueNamesItselfAndTheChoices() {
    System.setProperty("vectorizer.mapSegments", "sometimes");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> VectorPlacement.decide(1, true, () -> true, HEAP));
    assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
    assertTrue(e.getMessage().contains("true, false or auto"), e.getMessage());
  }

  @Test
  void autoMapsWhenTheHeapHasNoHugePages() {
    assertTrue(VectorPlacement.decide(1, true, () -> false, HEAP).map());
  }

  @Test
  void autoFillsAQuarterOfTheHeapThenMaps() {
    long room = HEAP / 4 - VectorPlacement.ON_HEAP.get(); // other opens may have taken some
    VectorPlacement.Decision first = VectorPlacement.decide(room / 2, true, () -> true, HEAP);
    VectorPlacement.Decision second = VectorPlacement.decide(room / 2, true, () -> true, HEAP);
    VectorPlacement.Decision third = VectorPlacement.decide(room / 2 + 2, true, () -> true, HEAP);
    try {
      assertFalse(first.map());
      assertFalse(second.map());
      assertTrue(third.map(), "past a quarter of the heap, segments are mapped");
      assertEquals(room / 2, first.reservedBytes());
    } finally {
      VectorPlacement.ON_HEAP.addAndGet(-first.reservedBytes() - second.reservedBytes());
    }
  }

  @Test
  void theBudgetComesBackWhenTheVectorsAreCollected() throws InterruptedException {
    long before = VectorPlacement.ON_HEAP.get();
    Object vectors = new float[1][1];
    VectorPlacement.Decision d = VectorPlacement.decide(1000, true, () -> true, HEAP);
    d.releaseWhenCollected(vectors);
    assertEquals(before + 1000, VectorPlacement.ON_HEAP.get());
    vectors = null;
    // Wait for the cleaner (at most 10 s; a loaded machine may starve its thread for a while).
    for (int i = 0; i < 1000 && VectorPlacement.ON_HEAP.get() != before; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertEquals(before, VectorPlacement.ON_HEAP.get());
  }
}
