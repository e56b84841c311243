package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The defaults a store outside this library (Cassandra) inherits from {@link Collection}. */
class CollectionDefaultsTest {
  @Test
  void bulkLoadWithoutAnImplementationFailsNamingTheAlternativeAndWritesNothing() {
    AtomicInteger writes = new AtomicInteger();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          if (method.getName().equals("upsert")) {
            writes.incrementAndGet();
            return null;
          }
          throw new AssertionError("unexpected call " + method);
        };
    Collection c =
        (Collection)
            Proxy.newProxyInstance(
                Collection.class.getClassLoader(), new Class<?>[] {Collection.class}, handler);
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> c.bulkLoad(List.of(Point.of("a", new float[] {1, 2})).iterator()));
    assertTrue(e.getMessage().contains("upsert(List) in batches"), e.getMessage());
    assertTrue(e.getMessage().contains("no atomic bulk load"), e.getMessage());
    assertTrue(writes.get() == 0, "the default applies nothing");
  }
}
