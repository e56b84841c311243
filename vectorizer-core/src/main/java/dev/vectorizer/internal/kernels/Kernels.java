package dev.vectorizer.internal.kernels;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the distance kernels once per JVM: the Panama (Vector API) kernels when the {@code
 * jdk.incubator.vector} module is present and the preferred float vector has at least four lanes,
 * the scalar ones otherwise. The system property {@code vectorizer.kernels} forces a choice: {@code
 * panama}, {@code scalar} or {@code auto} (the default). The choice is logged once at INFO and
 * shown in the stores' stats.
 *
 * <p>{@link PanamaKernels} is only ever loaded reflectively, after the module check, so a JVM
 * without the module never links the incubator classes.
 */
public final class Kernels {
  /** The system property that forces a choice. */
  public static final String PROPERTY = "vectorizer.kernels";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String PANAMA_CLASS = "dev.vectorizer.internal.kernels.PanamaKernels";

  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

  private Kernels() {}

  /**
   * The kernels of this JVM, chosen on the first call.
   *
   * @return the chosen implementation
   * @throws IllegalArgumentException when {@code vectorizer.kernels} has an unknown value
   * @throws IllegalStateException when {@code panama} is forced but unavailable
   */
  public static VectorKernels get() {
    VectorKernels chosen = Holder.CHOSEN;
    if (chosen == null) {
      // Thrown on every call, rather than an ExceptionInInitializerError once and a
      // NoClassDefFoundError after.
      RuntimeException failure = Holder.FAILURE;
      if (failure instanceof IllegalArgumentException) {
        throw new IllegalArgumentException(failure.getMessage());
      }
      throw new IllegalStateException(failure.getMessage());
    }
    return chosen;
  }

  /**
   * The scalar kernels, whatever was chosen.
   *
   * @return the scalar kernels
   */
  public static VectorKernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * The Panama kernels, when this JVM can run them.
   *
   * @return the Panama kernels, or empty
   */
  public static Optional<VectorKernels> panama() {
    return Optional.ofNullable(PanamaHolder.PANAMA);
  }

  private static final class PanamaHolder {
    // Declared before PANAMA: loadPanama() sets them, and a later initializer would reset them.

    /** Why the Panama kernels are unavailable. */
    private static String reason = "";

    /** The vector shape, when available. */
    private static String description = "";

    static final VectorKernels PANAMA = loadPanama();

    private static VectorKernels loadPanama() {
      if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
        reason =
            VECTOR_MODULE + " not present; run with --add-modules " + VECTOR_MODULE + " for SIMD";
        return null;
      }
      try {
        Class<?> c = Class.forName(PANAMA_CLASS);
        VectorKernels k = (VectorKernels) c.getDeclaredConstructor().newInstance();
        description = PanamaKernels.describe();
        return k;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        reason = "Panama kernels unavailable: " + cause;
        return null;
      }
    }
  }

  private static final class Holder {
    static final VectorKernels CHOSEN;
    static final RuntimeException FAILURE;

    static {
      VectorKernels chosen = null;
      RuntimeException failure = null;
      try {
        chosen = choose();
      } catch (IllegalArgumentException | IllegalStateException e) {
        failure = e;
      }
      CHOSEN = chosen;
      FAILURE = failure;
    }

    private static VectorKernels choose() {
      String value = System.getProperty(PROPERTY);
      String forced = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      switch (forced) {
        case "scalar" -> {
          LOG.info("Vectorizer distance kernels: scalar (forced by -D{}={})", PROPERTY, value);
          return ScalarKernels.INSTANCE;
        }
        case "panama" -> {
          VectorKernels panama = PanamaHolder.PANAMA;
          if (panama == null) {
            throw new IllegalStateException(
                "-D" + PROPERTY + "=" + value + ", but " + PanamaHolder.reason);
          }
          LOG.info("Vectorizer distance kernels: panama ({})", PanamaHolder.description);
          return panama;
        }
        case "", "auto" -> {
          VectorKernels panama = PanamaHolder.PANAMA;
          if (panama == null) {
            LOG.info("Vectorizer distance kernels: scalar ({})", PanamaHolder.reason);
            return ScalarKernels.INSTANCE;
          }
          LOG.info("Vectorizer distance kernels: panama ({})", PanamaHolder.description);
          return panama;
        }
        default ->
            throw new IllegalArgumentException(
                "-D"
                    + PROPERTY
                    + "="
                    + value
                    + " is not a kernel choice: use panama, scalar or auto");
      }
    }
  }
}
