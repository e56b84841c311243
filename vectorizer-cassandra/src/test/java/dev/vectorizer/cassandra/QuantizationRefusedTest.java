package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Quantization;
import dev.vectorizer.cassandra.internal.TableSchema;
import org.junit.jupiter.api.Test;

/** The Cassandra store refuses quantized configurations before it talks to Cassandra. */
class QuantizationRefusedTest {
  @Test
  void quantizedConfigurationsAreRefusedNamingTheFix() {
    for (Quantization q :
        new Quantization[] {
          Quantization.PQ, Quantization.NVQ, Quantization.BINARY, Quantization.INT8
        }) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> TableSchema.checkConfig(CollectionConfig.builder(8).quantization(q).build()));
      assertTrue(e.getMessage().contains(q.name()), e.getMessage());
      assertTrue(e.getMessage().contains("Quantization.NONE"), e.getMessage());
    }
    assertDoesNotThrow(() -> TableSchema.checkConfig(CollectionConfig.of(8)));
  }
}
