package dev.vectorizer.backup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vectorizer.VectorizerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the backup parsers: archives (tar and tar.gz), their manifest.json and manifest.sha256,
 * and the backup catalog. A malformed input must give a {@link BackupException} naming the file
 * (the catalog: a warning naming it), never another exception, a hang, or a restore of wrong data
 * ({@link FuzzFixture#check}).
 *
 * <p>Two drivers share {@link ArchiveMutator}: a seeded {@link Random} ({@code
 * -Dvectorizer.backup.fuzz.iterations}, 300 in the default build, 20,000 with {@code -Pstress}),
 * and Jazzer, coverage-guided, when {@code JAZZER_FUZZ=1} (set by {@code -Pstress}; without it
 * Jazzer only replays its inputs).
 */
class ArchiveFuzzTest {
  private static final long SEED = 20261203L;
  @TempDir Path dir;

  @Test
  @Timeout(1800)
  void seededMutationsOfRealArchives() throws Exception {
    int iterations = Integer.getInteger("vectorizer.backup.fuzz.iterations", 300);
    try (FuzzFixture f = new FuzzFixture(dir)) {
      for (int i = 0; i < iterations; i++) {
        Random r = new Random(SEED + i);
        FuzzFixture.Seed seed = f.seeds.get(i % f.seeds.size());
        f.check(seed, ArchiveMutator.mutate(seed.bytes(), seed.gzip(), choices(r)));
      }
      System.out.println("ArchiveFuzzTest: " + iterations + " inputs:");
      f.verdicts().forEach((k, n) -> System.out.println(String.format("%7d  %s", n, k)));
    }
  }

  @Test
  @Timeout(600)
  void seededMutationsOfTheCatalog() throws Exception {
    int iterations = Integer.getInteger("vectorizer.backup.fuzz.iterations", 300);
    try (FuzzFixture f = new FuzzFixture(dir)) {
      BackupManager m = new BackupManager(f.store, Clock.systemUTC());
      for (int i = 0; i < 3; i++) {
        m.full("docs", dir.resolve("c/" + i + ".tar"), false);
      }
      BackupCatalog catalog = m.catalog().orElseThrow();
      byte[] good = Files.readAllBytes(catalog.file());
      for (int i = 0; i < iterations; i++) {
        Random r = new Random(SEED + i);
        byte[] bad = good.clone();
        for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
          switch (r.nextInt(3)) {
            case 0 -> bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
            case 1 -> bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length + 1));
            default -> bad[r.nextInt(bad.length)] = (byte) (r.nextBoolean() ? '\n' : '"');
          }
          if (bad.length == 0) {
            break;
          }
        }
        Files.write(catalog.file(), bad);
        try {
          BackupCatalog.Listing l = catalog.list(false);
          for (String w : l.warnings()) {
            assertTrue(w.contains(catalog.file().toString()), w);
          }
        } catch (VectorizerException e) {
          assertTrue(e.getMessage().contains(catalog.file().toString()), e.getMessage());
        }
      }
      Files.write(catalog.file(), good);
    }
  }

  private static ArchiveMutator.Choices choices(Random r) {
    return new ArchiveMutator.Choices() {
      @Override
      public int pick(int bound) {
        return r.nextInt(bound);
      }

      @Override
      public byte[] bytes(int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
      }
    };
  }

  /** One fixture for the whole Jazzer run (it calls the method once per input). */
  private static final class Shared {
    static final FuzzFixture FIXTURE = open();

    private static FuzzFixture open() {
      try {
        Path d = Files.createTempDirectory("backup-fuzz");
        FuzzFixture f = new FuzzFixture(d);
        Runtime.getRuntime().addShutdownHook(new Thread(f::close));
        return f;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @FuzzTest(maxDuration = "5m")
  void jazzer(FuzzedDataProvider data) throws IOException {
    FuzzFixture f = Shared.FIXTURE;
    FuzzFixture.Seed seed = f.seeds.get(data.consumeInt(0, f.seeds.size() - 1));
    byte[] input =
        ArchiveMutator.mutate(
            seed.bytes(),
            seed.gzip(),
            new ArchiveMutator.Choices() {
              @Override
              public int pick(int bound) {
                return data.consumeInt(0, bound - 1);
              }

              @Override
              public byte[] bytes(int max) {
                return data.consumeBytes(max);
              }
            });
    f.check(seed, input);
  }
}
