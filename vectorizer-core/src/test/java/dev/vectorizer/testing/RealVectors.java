package dev.vectorizer.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

/**
 * Real sentence embeddings shipped with the tests (see {@code src/test/resources/data/README.md}):
 * 8,000 base vectors and 200 queries, 384 dimensions, unit length. Loaded once and shared; callers
 * must not modify the arrays.
 */
public final class RealVectors {
  private RealVectors() {}

  private static final class Holder {
    static final float[][] BASE = load("/data/minilm-debian-8k.i8.gz");
    static final float[][] QUERIES = load("/data/minilm-debian-queries.i8.gz");
  }

  /**
   * The base vectors.
   *
   * @return 8,000 vectors of 384 dimensions
   */
  public static float[][] base() {
    return Holder.BASE;
  }

  /**
   * The query vectors.
   *
   * @return 200 vectors of 384 dimensions
   */
  public static float[][] queries() {
    return Holder.QUERIES;
  }

  private static float[][] load(String resource) {
    try (InputStream raw = RealVectors.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16));
      byte[] header = new byte[12];
      in.readFully(header);
      if (header[0] != 'V' || header[1] != 'Z' || header[2] != 'I' || header[3] != '8') {
        throw new IllegalStateException(resource + " does not start with the magic VZI8");
      }
      ByteBuffer h = ByteBuffer.wrap(header, 4, 8).order(ByteOrder.LITTLE_ENDIAN);
      int rows = h.getInt();
      int dim = h.getInt();
      float[][] out = new float[rows][dim];
      byte[] row = new byte[dim];
      for (int r = 0; r < rows; r++) {
        in.readFully(row);
        double norm = 0;
        for (int i = 0; i < dim; i++) {
          out[r][i] = row[i] / 127f;
          norm += out[r][i] * out[r][i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dim; i++) {
          out[r][i] *= inv;
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read test resource " + resource, e);
    }
  }
}
