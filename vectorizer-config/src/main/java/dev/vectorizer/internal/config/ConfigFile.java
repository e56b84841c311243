package dev.vectorizer.internal.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A parsed {@code vectorizer.yaml}: a map of top-level sections ({@code file_watcher:}, {@code
 * backup:}, {@code server:}), each read through a {@link ConfigSection} whose errors name the file
 * and the key.
 *
 * <p>Parsing uses SnakeYAML's safe constructor (plain maps, lists and scalars; no tags that build
 * objects), limits aliases, and refuses documents that are not a map. Relative paths in the file
 * are relative to the file's directory.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigFile {
  private static final int MAX_ALIASES = 50;
  private static final int MAX_BYTES = 4 << 20;

  private final Path file;
  private final Map<String, Object> root;

  private ConfigFile(Path file, Map<String, Object> root) {
    this.file = file;
    this.root = root;
  }

  /**
   * Reads and parses a file.
   *
   * @param file the YAML file
   * @return the parsed file
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException naming the file when it is not valid YAML or not a map
   */
  public static ConfigFile load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException(
          file
              + ": "
              + size
              + " bytes is too large for a configuration file (limit "
              + MAX_BYTES
              + ")");
    }
    try (Reader r = Files.newBufferedReader(file)) {
      return parse(file, r);
    }
  }

  /**
   * Parses YAML text.
   *
   * @param file the name to use in messages (and whose directory resolves relative paths)
   * @param text the YAML
   * @return the parsed file
   * @throws IllegalArgumentException naming the file when it is not valid YAML or not a map
   */
  public static ConfigFile parse(Path file, Reader text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(MAX_BYTES);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + oneLine(e.getMessage()), e);
    } catch (RuntimeException e) { // a tag's own parser, e.g. !!binary with bad base64
      throw new IllegalArgumentException(
          file + ": not valid YAML: " + oneLine(String.valueOf(e.getMessage())), e);
    }
    if (doc == null) {
      return new ConfigFile(file, Map.of());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          file + ": the top level must be a map of sections, got " + ConfigSection.describe(doc));
    }
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      root.put(String.valueOf(e.getKey()), e.getValue());
    }
    return new ConfigFile(file, root);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  /**
   * The file.
   *
   * @return the path given to {@link #load}
   */
  public Path file() {
    return file;
  }

  /**
   * The directory relative paths are resolved against.
   *
   * @return the file's directory
   */
  public Path baseDirectory() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  /**
   * Whether the file has a section.
   *
   * @param name the section's key
   * @return whether it is there
   */
  public boolean has(String name) {
    return root.containsKey(name);
  }

  /**
   * A section that must be there.
   *
   * @param name the section's key
   * @return the section
   * @throws IllegalArgumentException naming the file when it is missing or not a map
   */
  public ConfigSection section(String name) {
    return optionalSection(name)
        .orElseThrow(() -> new IllegalArgumentException(file + ": no '" + name + ":' section"));
  }

  /**
   * A section that may be missing.
   *
   * @param name the section's key
   * @return the section, or empty
   * @throws IllegalArgumentException naming the file when it is there but not a map
   */
  public Optional<ConfigSection> optionalSection(String name) {
    if (!root.containsKey(name)) {
      return Optional.empty();
    }
    return Optional.of(ConfigSection.of(this, name, root.get(name)));
  }
}
