package dev.vectorizer.internal.kernels;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the distance kernels once per JVM: the Panama (Vector API) kernels when the {@code
 * jdk.incubator.vector} module is present, the scalar ones otherwise. The system property {@code
 * vectorizer.kernels} forces a choice: {@code panama}, {@code scalar} or {@code auto} (the
 * default). The choice is logged once at INFO and shown in the stores' stats.
 */
public final class Kernels {
  /** The system property that forces a choice. */
  public static final String PROPERTY = "vectorizer.kernels";

  private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

  private Kernels() {}

  /**
   * The kernels of this JVM.
   *
   * @return the chosen implementation
   * @throws IllegalArgumentException when {@code vectorizer.kernels} has an unknown value
   * @throws IllegalStateException when {@code panama} is forced but unavailable
   */
  public static VectorKernels get() {
    return Holder.CHOSEN;
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
    static final VectorKernels PANAMA = loadPanama();
    static String reason = "";

    private static VectorKernels loadPanama() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        reason =
            "jdk.incubator.vector not present; run with --add-modules jdk.incubator.vector for SIMD";
        return null;
      }
      try {
        Class<?> c = Class.forName("dev.vectorizer.internal.kernels.PanamaKernels");
        return (VectorKernels) c.getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        reason = "Panama kernels unavailable: " + cause;
        return null;
      }
    }
  }

  private static final class Holder {
    static final VectorKernels CHOSEN = choose();

    private static VectorKernels choose() {
      String forced = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
      VectorKernels chosen;
      switch (forced) {
        case "scalar" -> {
          chosen = ScalarKernels.INSTANCE;
          LOG.info("Vectorizer distance kernels: scalar (forced by -D{}=scalar)", PROPERTY);
        }
        case "panama" -> {
          chosen = PanamaHolder.PANAMA;
          if (chosen == null) {
            throw new IllegalStateException(
                "-D" + PROPERTY + "=panama, but " + PanamaHolder.reason);
          }
          LOG.info("Vectorizer distance kernels: panama ({})", PanamaKernels.describe());
        }
        case "auto" -> {
          chosen = PanamaHolder.PANAMA;
          if (chosen == null) {
            chosen = ScalarKernels.INSTANCE;
            LOG.info("Vectorizer distance kernels: scalar ({})", PanamaHolder.reason);
          } else {
            LOG.info("Vectorizer distance kernels: panama ({})", PanamaKernels.describe());
          }
        }
        default ->
            throw new IllegalArgumentException(
                "-D"
                    + PROPERTY
                    + "="
                    + forced
                    + " is not a kernel choice: use panama, scalar or auto");
      }
      return chosen;
    }
  }
}
