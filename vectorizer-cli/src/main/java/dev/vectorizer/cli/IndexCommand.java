package dev.vectorizer.cli;

import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Durability;
import dev.vectorizer.Embedder;
import dev.vectorizer.KeywordConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.TextCollection;
import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vectorizer index PATH... --collection NAME [--embedder hashing|minilm] [--analyzer
 * english|standard|as-written] [--no-identifiers]}: indexes text files once, into both the dense
 * (embeddings) and the keyword (BM25 postings) index of a text collection. Binary files (a NUL byte
 * in the first 8 KiB) and files over the size limit are skipped and counted; files whose content
 * hash is unchanged since the last run are not embedded again.
 */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description =
        "Index text files and folders into a text collection (re-runs embed only changed files).")
final class IndexCommand implements Runnable {
  @ParentCommand VectorizerCommand root;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files and folders.")
  List<Path> paths;

  @Option(names = "--collection", required = true, paramLabel = "NAME")
  String collection;

  @Option(
      names = "--embedder",
      defaultValue = "hashing",
      description = "hashing (default), minilm (all-MiniLM-L6-v2, offline), ...")
  String embedderName;

  @Option(names = "--chunk-size", defaultValue = "1000", description = "Characters per chunk.")
  int chunkSize;

  @Option(names = "--chunk-overlap", defaultValue = "200", description = "Overlap in characters.")
  int chunkOverlap;

  @Option(
      names = "--analyzer",
      defaultValue = "english",
      paramLabel = "NAME",
      description =
          "How the keyword index cuts text into terms, for a new collection: english (default:"
              + " stemming, stop words), standard, as-written.")
  String analyzer;

  @Option(
      names = "--identifiers",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also index identifier-like tokens (--max-procs, ERR_4012) as written (default; a new"
              + " collection only).")
  boolean identifiers;

  @Option(
      names = "--max-file-size",
      defaultValue = "10000000",
      description = "Larger files are skipped (bytes, default 10 MB).")
  long maxFileSize;

  @Override
  public void run() {
    KeywordConfig keyword;
    try {
      keyword =
          KeywordConfig.builder()
              .analyzer(KeywordConfig.Analyzer.parse(analyzer))
              .identifiers(identifiers)
              .build();
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
    Embedder embedder = VectorizerCommand.embedder(embedderName);
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new Main.Failure("no such file or folder: " + p);
      }
      try (Stream<Path> walk = Files.walk(p)) {
        walk.filter(Files::isRegularFile)
            .filter(f -> !f.toString().contains("/.git/"))
            .map(f -> f.toAbsolutePath().normalize())
            .forEach(files::add);
      } catch (IOException e) {
        throw new Main.Failure("cannot list " + p + ": " + e.getMessage());
      }
    }
    long start = System.nanoTime();
    int indexed = 0;
    int unchanged = 0;
    int binary = 0;
    int tooLarge = 0;
    long chunks = 0;
    try (VectorStore store = root.openForWriting(Durability.FSYNC)) {
      TextCollection texts;
      try {
        if (store.hasCollection(collection)) {
          KeywordConfig have = store.collection(collection).config().keyword();
          boolean asked =
              spec.commandLine().getParseResult().hasMatchedOption("--analyzer")
                  || spec.commandLine().getParseResult().hasMatchedOption("--identifiers");
          if (asked && !keyword.equals(have)) {
            throw new Main.Failure(
                "collection '"
                    + collection
                    + "' has keyword settings "
                    + have
                    + "; they cannot change (asked for "
                    + keyword
                    + "): index into a new collection");
          }
        } else {
          store.createCollection(
              collection,
              CollectionConfig.builder(embedder.dimension())
                  .metric(Metric.COSINE)
                  .embedder(embedder.id())
                  .keyword(keyword)
                  .build());
        }
        texts = store.textCollection(collection, embedder, chunkSize, chunkOverlap);
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(e.getMessage());
      }
      Progress progress = new Progress(root.err, files.size());
      int done = 0;
      for (Path f : files) {
        progress.update(done++);
        String id = f.toString();
        try {
          long size = Files.size(f);
          if (size > maxFileSize) {
            tooLarge++;
            continue;
          }
          if (isBinary(f)) {
            binary++;
            continue;
          }
          String hash = sha256(f);
          Optional<Point> first = texts.collection().get(id + "#0");
          if (first.isPresent() && hash.equals(first.get().payload().get("sha256"))) {
            unchanged++;
            continue;
          }
          Map<String, Object> payload =
              Map.of(
                  "path", id,
                  "sha256", hash,
                  "size", size,
                  "mtime", Files.getLastModifiedTime(f).toMillis());
          try (Reader r = utf8(f)) {
            chunks += texts.upsert(id, r, payload);
          }
          indexed++;
        } catch (IOException e) {
          throw new Main.Failure("cannot read " + f + ": " + e.getMessage());
        }
      }
      progress.finish();
    }
    root.out.printf(
        "indexed %d files (%d chunks) into %s with %s; %d unchanged; skipped %d binary and %d"
            + " larger than %d bytes; in %.1f s%n",
        indexed,
        chunks,
        collection,
        embedder.id(),
        unchanged,
        binary,
        tooLarge,
        maxFileSize,
        (System.nanoTime() - start) / 1e9);
    if (embedder instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  static boolean isBinary(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(8192);
      for (byte b : head) {
        if (b == 0) {
          return true;
        }
      }
      return false;
    }
  }

  /** Reads UTF-8, replacing invalid bytes with U+FFFD instead of failing. */
  static Reader utf8(Path f) throws IOException {
    return new InputStreamReader(
        Files.newInputStream(f),
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE));
  }

  static String sha256(Path f) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
