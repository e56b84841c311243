package dev.vectorizer.internal.index;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Keeps JVector's {@code java.util.logging} chatter out of applications' logs. JVector reports its
 * SIMD provider, its thread-pool size and a few notes meant for its own developers at INFO and
 * WARNING on every start; our engine already logs its own kernel choice once (through SLF4J), so by
 * default the {@code io.github.jbellis.jvector} logger is set to SEVERE.
 *
 * <p>An application keeps control: when its {@code logging.properties} sets {@code
 * io.github.jbellis.jvector.level}, that level is left alone, and the system property {@value
 * #PROPERTY} (for example {@code INFO}) chooses another level.
 *
 * <p>Thread-safe: the level is set once, by the class initializer.
 */
public final class JVectorLogging {
  /** The system property that sets the JVector logger's level. */
  public static final String PROPERTY = "vectorizer.jvector.logLevel";

  private static final String LOGGER_NAME = "io.github.jbellis.jvector";

  // A strong reference: java.util.logging holds loggers weakly, and a logger that is collected and
  // made again forgets the level set here.
  private static final Logger JVECTOR = Logger.getLogger(LOGGER_NAME);

  static {
    Level level = chosenLevel();
    if (level != null) {
      JVECTOR.setLevel(level);
    }
  }

  private JVectorLogging() {}

  /** Applies the level (once per JVM); call before JVector logs anything. */
  public static void init() {
    // The work is done by the class initializer.
  }

  /**
   * The JVector logger's level after {@link #init()}.
   *
   * @return the level, or null when it inherits its parent's
   */
  public static Level level() {
    return JVECTOR.getLevel();
  }

  private static Level chosenLevel() {
    String property = System.getProperty(PROPERTY);
    if (property != null) {
      try {
        return Level.parse(property.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        org.slf4j.LoggerFactory.getLogger(JVectorLogging.class)
            .warn(
                "ignoring -D{}={}: not a java.util.logging level (use SEVERE, WARNING, INFO or"
                    + " ALL); JVector logs at SEVERE",
                PROPERTY,
                property);
        return Level.SEVERE;
      }
    }
    if (LogManager.getLogManager().getProperty(LOGGER_NAME + ".level") != null) {
      return null; // the application's logging.properties decides
    }
    return Level.SEVERE;
  }
}
