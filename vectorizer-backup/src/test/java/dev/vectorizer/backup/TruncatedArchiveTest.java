package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A cut-off archive is refused with a message that names the file and says what is wrong. */
class TruncatedArchiveTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "compressed={0}")
  @ValueSource(booleans = {true, false})
  void everyTruncationSaysWhatIsWrong(boolean compressed) throws Exception {
    try (VectorStore store = VectorStore.open(dir.resolve("data"))) {
      Collection c = store.createCollection("docs", CollectionConfig.of(8));
      for (int i = 0; i < 300; i++) {
        c.upsert(Point.of("p" + i, new float[] {i, 1, 2, 3, 4, 5, 6, i % 7}, Map.of("i", i)));
      }
      BackupManager backups = new BackupManager(store, Clock.systemUTC());
      Path good = dir.resolve(compressed ? "good.tar.gz" : "good.tar");
      backups.full("docs", good, compressed);
      byte[] bytes = Files.readAllBytes(good);
      TreeSet<Integer> cuts = new TreeSet<>(Arrays.asList(0, 1, 2, 10, 100, 511, 512, 513, 1024));
      for (int i = 1; i < 40; i++) {
        cuts.add(bytes.length * i / 40);
      }
      cuts.add(bytes.length - 1);
      cuts.add(bytes.length - 8); // a gzip trailer
      int lastData = bytes.length - 1;
      while (bytes[lastData] == 0) {
        lastData--; // a plain tar ends in zero blocks; cutting only those loses nothing
      }
      for (int cut : cuts) {
        if (cut >= bytes.length) {
          continue;
        }
        Path bad = dir.resolve("cut-" + cut + (compressed ? ".tar.gz" : ".tar"));
        Files.write(bad, Arrays.copyOf(bytes, cut));
        if (!compressed && cut > lastData) {
          assertEquals(1, BackupManager.verify(bad).size());
          continue;
        }
        BackupException v = assertThrows(BackupException.class, () -> BackupManager.verify(bad));
        String m = v.getMessage();
        assertTrue(m.startsWith("backup " + bad), m);
        // Before: "...: null" for cuts inside the gzip stream.
        assertFalse(m.contains("null"), "cut at " + cut + ": " + m);
        BackupException r =
            assertThrows(BackupException.class, () -> backups.restore(bad, "docs", true));
        assertEquals(m, r.getMessage());
        assertEquals(300, c.count());
        Files.delete(bad);
      }
    }
  }

  @Test
  void anEmptyFileIsNotABackup() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.tar.gz"));
    BackupException e = assertThrows(BackupException.class, () -> BackupManager.verify(empty));
    assertTrue(e.getMessage().contains("not a Vectorizer backup"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }
}
