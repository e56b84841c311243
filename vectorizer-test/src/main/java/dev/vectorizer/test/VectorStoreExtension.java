package dev.vectorizer.test;

import dev.vectorizer.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension behind {@link TempVectorStore}: before each test it opens a fresh
 * store for every annotated field (of the test instance and its enclosing instances) and parameter;
 * after the test it closes them and deletes the temporary directories of durable ones.
 *
 * <p>Thread-safe: the stores of a test are kept in that test's {@link ExtensionContext}, so tests
 * may run in parallel.
 */
public final class VectorStoreExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(VectorStoreExtension.class);

  /** Creates the extension; JUnit calls this. */
  public VectorStoreExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Class<?> c = instance.getClass(); c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          TempVectorStore spec = field.getAnnotation(TempVectorStore.class);
          if (spec == null) {
            continue;
          }
          if (field.getType() != VectorStore.class || Modifier.isStatic(field.getModifiers())) {
            throw new ExtensionConfigurationException(
                "@TempVectorStore field "
                    + c.getSimpleName()
                    + "."
                    + field.getName()
                    + " must be a non-static field of type VectorStore");
          }
          field.setAccessible(true);
          field.set(instance, open(context, spec));
        }
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(TempVectorStore.class)
        && parameter.getParameter().getType() == VectorStore.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return open(context, parameter.findAnnotation(TempVectorStore.class).orElseThrow());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Opened opened = context.getStore(NAMESPACE).remove(Opened.class, Opened.class);
    if (opened != null) {
      opened.closeAll();
    }
  }

  private static VectorStore open(ExtensionContext context, TempVectorStore spec) {
    Opened opened =
        context.getStore(NAMESPACE).computeIfAbsent(Opened.class, k -> new Opened(), Opened.class);
    VectorStore store;
    Path dir = null;
    try {
      if (spec.durable()) {
        dir = Files.createTempDirectory("vectorizer-test-");
        store = VectorStore.open(dir);
      } else {
        store = VectorStore.inMemory();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for a durable store", e);
    }
    opened.add(store, dir);
    if (!spec.preload().isEmpty()) {
      Preloader.load(store, spec.collection(), spec.metric(), spec.preload(), context);
    }
    return store;
  }

  /** The stores opened for one test, closed in reverse order. */
  private static final class Opened {
    private final List<VectorStore> stores = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();

    synchronized void add(VectorStore store, Path dir) {
      stores.add(store);
      if (dir != null) {
        directories.add(dir);
      }
    }

    synchronized void closeAll() {
      RuntimeException failure = null;
      for (int i = stores.size() - 1; i >= 0; i--) {
        try {
          stores.get(i).close();
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      for (Path dir : directories) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          failure = failure == null ? new UncheckedIOException("cannot delete " + dir, e) : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
