package dev.vectorizer.internal.engine;

import java.util.regex.Pattern;

/** Validates collection names: they become directory names in the durable store. */
final class CollectionNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,127}");

  private CollectionNames() {}

  static String check(String name) {
    if (name == null || !VALID.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid collection name '"
              + name
              + "': use 1 to 128 letters, digits, '-', '_' or '.', not starting with '.'");
    }
    return name;
  }
}
