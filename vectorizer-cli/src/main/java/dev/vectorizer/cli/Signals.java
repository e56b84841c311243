package dev.vectorizer.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGTERM and SIGINT instead of the JVM's default (which runs shutdown hooks and
 * exits with 143 or 130), so that a long-running command can drain, close and exit 0 as
 * orchestrators expect. Uses {@code sun.misc.Signal} (module jdk.unsupported) reflectively; where
 * it is missing, falls back to a shutdown hook that runs the action and waits briefly.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object proxy =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (InvocationHandler)
                  (Object p, Method m, Object[] args) -> {
                    if (m.getName().equals("handle")) {
                      action.run();
                    }
                    return null;
                  });
      Method handle = signal.getMethod("handle", signal, handler);
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Runtime.getRuntime().addShutdownHook(new Thread(action, "vectorizer-shutdown"));
    }
  }
}
