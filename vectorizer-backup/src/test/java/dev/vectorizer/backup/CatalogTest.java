package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorizer.Collection;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's record of its backups: wherever they were written, and what became of them. */
class CatalogTest {
  @TempDir Path dir;
  Path data;
  VectorStore store;
  BackupManager backups;
  BackupCatalog catalog;

  @BeforeEach
  void open() {
    data = dir.resolve("data");
    store = VectorStore.open(data);
    backups = new BackupManager(store, Clock.systemUTC());
    catalog = backups.catalog().orElseThrow();
    for (String name : List.of("a", "b")) {
      Collection c = store.createCollection(name, CollectionConfig.of(4));
      for (int i = 0; i < 50; i++) {
        c.upsert(Point.of(name + i, new float[] {i, 1, 2, 3}, Map.of("i", i)));
      }
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static List<BackupCatalog.Status> statuses(BackupCatalog.Listing l) {
    return l.entries().stream().map(BackupCatalog.Entry::status).toList();
  }

  @Test
  void theCatalogLivesInTheDataDirectory() {
    assertEquals(data.toAbsolutePath().resolve("backup-catalog.jsonl"), catalog.file());
    assertEquals(data, store.directory().orElseThrow());
    assertTrue(VectorStore.inMemory().directory().isEmpty());
  }

  @Test
  void anEmptyCatalogListsNothing() {
    BackupCatalog.Listing l = catalog.list(true);
    assertEquals(List.of(), l.entries());
    assertEquals(List.of(), l.warnings());
    assertFalse(Files.exists(catalog.file()), "reading never writes");
  }

  @Test
  void backupsAreListedWhereverTheyWereWritten() throws IOException {
    Path one = dir.resolve("here/a-full.tar.gz");
    Path two = dir.resolve("elsewhere/deep/b.tar");
    BackupInfo a = backups.full("a", one, true);
    BackupInfo b = backups.full("b", two, false);
    store.collection("a").upsert(Point.of("new", new float[] {9, 9, 9, 9}, Map.of()));
    BackupInfo inc = backups.incremental("a", dir.resolve("third/a-inc.tar.gz"), one, true);

    BackupCatalog.Listing l = BackupCatalog.of(data).list(true);
    assertEquals(List.of(), l.warnings());
    assertEquals(List.of(a.id(), b.id(), inc.id()), l.entries().stream().map(e -> e.id()).toList());
    BackupCatalog.Entry e = l.entries().get(2);
    assertEquals("a", e.collection());
    assertEquals("incremental", e.type());
    assertEquals(a.id(), e.parent());
    assertEquals(inc.lsn(), e.lsn());
    assertEquals(Files.size(inc.file()), e.sizeBytes());
    assertEquals(Archive.sha256(inc.file()), e.sha256());
    assertEquals(inc.file(), e.file());
    assertEquals(
        List.of(BackupCatalog.Status.OK, BackupCatalog.Status.OK, BackupCatalog.Status.OK),
        statuses(l));

    // The chain is found through the catalog although the parent is in another folder.
    assertEquals(2, BackupManager.verify(inc.file(), catalog).size());
    assertEquals(51, backups.restore(inc.file(), "a2", false).count());

    // A deleted archive is missing; a replaced one is damaged; a changed byte is found by SHA-256.
    Files.delete(one);
    Files.write(two, "not a tar".getBytes(StandardCharsets.UTF_8));
    l = catalog.list(false);
    assertEquals(BackupCatalog.Status.MISSING, l.entries().get(0).status());
    assertEquals(BackupCatalog.Status.DAMAGED, l.entries().get(1).status());
    assertTrue(l.entries().get(1).problem().contains("bytes"), l.entries().get(1).problem());
    flipLastByte(inc.file());
    assertEquals(BackupCatalog.Status.OK, catalog.list(false).entries().get(2).status());
    BackupCatalog.Entry changed = catalog.list(true).entries().get(2);
    assertEquals(BackupCatalog.Status.DAMAGED, changed.status());
    assertTrue(changed.problem().contains("SHA-256"), changed.problem());
  }

  private static void flipLastByte(Path f) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(raf.length() - 1);
      int b = raf.read();
      raf.seek(raf.length() - 1);
      raf.write(b ^ 1);
    }
  }

  @Test
  void everyLineCarriesItsChecksum() throws IOException {
    backups.full("a", dir.resolve("x.tar"), false);
    List<String> lines = Files.readAllLines(catalog.file());
    assertEquals(3, lines.size(), lines.toString()); // catalog, started, added
    for (String line : lines) {
      CRC32C crc = new CRC32C();
      crc.update(line.substring(9).getBytes(StandardCharsets.UTF_8));
      assertEquals(Long.parseLong(line.substring(0, 8), 16), crc.getValue(), line);
    }
    assertTrue(lines.get(0).contains("\"op\":\"catalog\""), lines.get(0));
    assertTrue(lines.get(2).contains("\"op\":\"added\""), lines.get(2));
  }

  @Test
  void overwritingAnArchiveReplacesItsEntry() {
    Path same = dir.resolve("same.tar.gz");
    backups.full("a", same, true);
    BackupInfo second = backups.full("a", same, true);
    List<BackupCatalog.Entry> entries = catalog.list(true).entries();
    assertEquals(1, entries.size());
    assertEquals(second.id(), entries.get(0).id());
    assertEquals(BackupCatalog.Status.OK, entries.get(0).status());
  }

  @Test
  void aTornTailIsIgnoredAndCutOffByTheNextWrite() throws IOException {
    BackupInfo first = backups.full("a", dir.resolve("1.tar"), false);
    Files.write(
        catalog.file(),
        "0123abcd {\"op\":\"added\",\"id\":\"half".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    BackupCatalog.Listing l = catalog.list(false);
    assertEquals(List.of(), l.warnings());
    assertEquals(List.of(first.id()), l.entries().stream().map(e -> e.id()).toList());

    BackupInfo second = backups.full("b", dir.resolve("2.tar"), false);
    l = catalog.list(false);
    assertEquals(List.of(), l.warnings());
    assertEquals(List.of(first.id(), second.id()), l.entries().stream().map(e -> e.id()).toList());
    assertFalse(Files.readString(catalog.file()).contains("half"));
  }

  @Test
  void aDamagedCatalogIsRebuiltWithAWarning() throws IOException {
    Path folder = dir.resolve("backups");
    BackupInfo a = backups.full("a", folder.resolve("a.tar.gz"), true);
    BackupInfo b = backups.full("b", folder.resolve("b.tar.gz"), true);
    // Damage the line that records b (not the last line: the catalog goes on after it).
    backups.full("a", dir.resolve("other/a2.tar"), false);
    List<String> lines = new ArrayList<>(Files.readAllLines(catalog.file()));
    int bLine = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"added\"") && lines.get(i).contains(b.id())) {
        bLine = i;
      }
    }
    lines.set(bLine, lines.get(bLine).replace("\"b\"", "\"x\""));
    Files.write(catalog.file(), lines);

    BackupCatalog.Listing l = catalog.list(false);
    assertEquals(1, l.warnings().size(), l.warnings().toString());
    String w = l.warnings().get(0);
    assertTrue(
        w.contains(catalog.file().toString()) && w.contains("line(s) [" + (bLine + 1) + "]"), w);
    assertTrue(w.contains("1 archive(s) found again"), w);
    assertTrue(
        l.entries().stream().map(e -> e.id()).toList().containsAll(List.of(a.id(), b.id())),
        l.entries().toString());

    // The next write persists the rebuild and keeps the damaged file.
    backups.full("b", folder.resolve("b2.tar.gz"), true);
    l = catalog.list(false);
    assertEquals(List.of(), l.warnings());
    assertEquals(4, l.entries().size());
    try (Stream<Path> s = Files.list(data)) {
      assertEquals(1, s.filter(p -> p.getFileName().toString().contains(".damaged-")).count());
    }
  }

  @Test
  void concurrentBackupsAreAllRecorded() throws Exception {
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int n = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 3; i++) {
                    new BackupManager(store, Clock.systemUTC())
                        .full(
                            n % 2 == 0 ? "a" : "b", dir.resolve("t" + n + "-" + i + ".tar"), false);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures);
    BackupCatalog.Listing l = catalog.list(true);
    assertEquals(List.of(), l.warnings());
    assertEquals(12, l.entries().size());
    assertTrue(l.entries().stream().allMatch(e -> e.status() == BackupCatalog.Status.OK));
  }

  @Test
  void scanningAFolderMarksWhatIsNotABackup() throws IOException {
    Path folder = dir.resolve("scan");
    backups.full("a", folder.resolve("good.tar.gz"), true);
    Files.writeString(folder.resolve("junk.tar.gz"), "junk");
    Files.writeString(folder.resolve(".hidden.tar.gz.x.partial"), "partial");
    Files.writeString(folder.resolve("notes.txt"), "ignored");
    List<BackupCatalog.Entry> scanned = BackupCatalog.scan(folder, true);
    assertEquals(2, scanned.size(), scanned.toString());
    BackupCatalog.Entry junk =
        scanned.stream().filter(e -> e.status() == BackupCatalog.Status.DAMAGED).findFirst().get();
    assertEquals(folder.resolve("junk.tar.gz"), junk.file());
    assertTrue(junk.problem().contains("junk.tar.gz"), junk.problem());
  }
}
