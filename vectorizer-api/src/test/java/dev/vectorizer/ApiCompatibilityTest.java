package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API compatibility check that runs in every {@code mvn verify}: the public API of this module
 * (every public type of the exported packages, with its public and protected members, as reflection
 * prints them) is compared with the baseline committed in {@code api/vectorizer-api.api}.
 *
 * <p>It fails on an incompatible change: a baseline line that is gone (a type, member or signature
 * removed or changed, a class made final, a permitted subtype added to a sealed type...) or an
 * abstract method added to a type of the baseline (it breaks implementations). Compatible additions
 * pass and are listed on stdout. To move the baseline deliberately (see docs/releasing.md):
 *
 * <pre>
 * mvn -B -pl vectorizer-api verify -Dvectorizer.api.update=true
 * </pre>
 */
class ApiCompatibilityTest {
  static final List<String> EXPORTED = List.of("dev.vectorizer", "dev.vectorizer.spi");
  static final Path BASELINE = Path.of("api", "vectorizer-api.api");

  @Test
  void thePublicApiIsCompatibleWithTheBaseline() throws Exception {
    Set<String> current = signatures();
    if (Boolean.getBoolean("vectorizer.api.update")) {
      Files.createDirectories(BASELINE.getParent());
      Files.write(BASELINE, current, StandardCharsets.UTF_8);
      System.out.println("API baseline written: " + BASELINE.toAbsolutePath());
      return;
    }
    assertTrue(
        Files.isRegularFile(BASELINE),
        "no API baseline at "
            + BASELINE.toAbsolutePath()
            + ": create it with -Dvectorizer.api.update=true");
    Set<String> baseline = new TreeSet<>(Files.readAllLines(BASELINE, StandardCharsets.UTF_8));
    List<String> problems = incompatibilities(baseline, current);
    List<String> added = current.stream().filter(l -> !baseline.contains(l)).toList();
    if (!added.isEmpty()) {
      System.out.println("API additions since the baseline (compatible):");
      added.forEach(l -> System.out.println("  + " + l));
    }
    if (!problems.isEmpty()) {
      fail(
          "incompatible changes to the public API of vectorizer-api (baseline "
              + BASELINE
              + "):\n  "
              + String.join("\n  ", problems)
              + "\nIf this is deliberate (a new major version), move the baseline: mvn -B -pl"
              + " vectorizer-api verify -Dvectorizer.api.update=true, and commit"
              + " api/vectorizer-api.api (docs/releasing.md).");
    }
  }

  @Test
  void theCheckCatchesRemovalsAndNewAbstractMethods() {
    Set<String> baseline =
        new TreeSet<>(
            List.of(
                "type public abstract interface dev.Foo",
                "dev.Foo: public abstract void dev.Foo.a()",
                "dev.Foo: public default void dev.Foo.b()"));
    Set<String> removed = new TreeSet<>(baseline);
    removed.remove("dev.Foo: public default void dev.Foo.b()");
    assertEquals(1, incompatibilities(baseline, removed).size());
    Set<String> abstractAdded = new TreeSet<>(baseline);
    abstractAdded.add("dev.Foo: public abstract void dev.Foo.c()");
    assertEquals(1, incompatibilities(baseline, abstractAdded).size());
    Set<String> defaultAdded = new TreeSet<>(baseline);
    defaultAdded.add("dev.Foo: public default void dev.Foo.d()");
    assertEquals(List.of(), incompatibilities(baseline, defaultAdded));
  }

  static List<String> incompatibilities(Set<String> baseline, Set<String> current) {
    List<String> problems = new ArrayList<>();
    for (String line : baseline) {
      if (!current.contains(line)) {
        problems.add("removed or changed: " + line);
      }
    }
    Set<String> baselineTypes =
        baseline.stream()
            .filter(l -> !l.startsWith("type "))
            .map(l -> l.substring(0, l.indexOf(": ")))
            .collect(Collectors.toSet());
    for (String line : current) {
      if (!baseline.contains(line)
          && !line.startsWith("type ")
          && baselineTypes.contains(line.substring(0, line.indexOf(": ")))
          && line.contains(" abstract ")) {
        problems.add("abstract method added (breaks implementations): " + line);
      }
    }
    return problems;
  }

  /** One line per public type and per public or protected member, sorted. */
  static Set<String> signatures() throws IOException, URISyntaxException {
    Path classes = Path.of(Hit.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> lines = new TreeSet<>();
    for (String name : classNames(classes)) {
      Class<?> c;
      try {
        c = Class.forName(name, false, Hit.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (!visible(c) || !EXPORTED.contains(c.getPackageName())) {
        continue;
      }
      lines.add("type " + describe(c));
      String owner = c.getName();
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) {
          lines.add(owner + ": " + k.toGenericString());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
          lines.add(owner + ": " + m.toGenericString());
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers()) && !f.isSynthetic()) {
          lines.add(owner + ": " + f.toGenericString());
        }
      }
    }
    return new LinkedHashSet<>(lines);
  }

  private static List<String> classNames(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString())
          .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .toList();
    }
  }

  private static boolean visible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String describe(Class<?> c) {
    StringBuilder s = new StringBuilder(c.toGenericString());
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class) {
      s.append(" extends ").append(c.getGenericSuperclass().getTypeName());
    }
    if (c.getGenericInterfaces().length > 0) {
      s.append(" implements ")
          .append(
              Arrays.stream(c.getGenericInterfaces())
                  .map(java.lang.reflect.Type::getTypeName)
                  .collect(Collectors.joining(", ")));
    }
    if (c.isSealed()) {
      s.append(" permits ")
          .append(
              Arrays.stream(c.getPermittedSubclasses())
                  .map(Class::getName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return s.toString();
  }
}
