package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.CorruptedDataException;
import dev.vectorizer.cassandra.internal.MigrationState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration's resume point survives a round trip, and damage is reported with the file. */
class MigrationStateTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsBack() {
    Path f = dir.resolve("s.state");
    assertNull(MigrationState.read(f));
    MigrationState s =
        new MigrationState(
            "/data/store", "cassandra://h:9042/ks?rf=1", "docs", 3000, 900, "doc=\u00e9\n#1");
    s.write(f);
    assertEquals(s, MigrationState.read(f));
    MigrationState fresh = new MigrationState("a", "b", "c", 5, 0, null);
    fresh.write(f);
    assertEquals(fresh, MigrationState.read(f));
  }

  @Test
  void aFlippedByteOrATruncationIsReportedWithTheFile() throws Exception {
    Path f = dir.resolve("s.state");
    new MigrationState("/d", "cassandra://h/ks", "docs", 10, 4, "doc-3").write(f);
    byte[] bytes = Files.readAllBytes(f);
    for (int i = 0; i < bytes.length; i += 7) {
      byte[] copy = bytes.clone();
      copy[i] ^= 0x04;
      Files.write(f, copy);
      CorruptedDataException e =
          assertThrows(CorruptedDataException.class, () -> MigrationState.read(f), "byte " + i);
      assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThrows(CorruptedDataException.class, () -> MigrationState.read(f));
    Files.writeString(f, "hello", StandardCharsets.UTF_8);
    assertThrows(CorruptedDataException.class, () -> MigrationState.read(f));
  }
}
