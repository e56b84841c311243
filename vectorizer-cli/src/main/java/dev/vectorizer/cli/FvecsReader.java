package dev.vectorizer.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams an fvecs file (per row: little-endian int32 dimension, then that many float32), failing
 * with a message that names the file and the row when it is malformed: an empty file, a bad or
 * changing dimension, a truncated row, or a value that is NaN or infinite.
 *
 * <p>Not thread-safe.
 */
final class FvecsReader implements AutoCloseable {
  private final Path file;
  private final InputStream in;
  private final long size;
  private int expectedDim = -1;
  private int row;

  FvecsReader(Path file) throws IOException {
    this.file = file;
    if (!Files.exists(file)) {
      throw new Main.Failure("no such file: " + file);
    }
    if (Files.isDirectory(file)) {
      throw new Main.Failure(file + " is a directory, not an fvecs file");
    }
    // Not only regular files: /dev/stdin and named pipes are fine (their size is unknown, 0).
    this.size = Files.isRegularFile(file) ? Files.size(file) : 0;
    this.in = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
  }

  long sizeBytes() {
    return size;
  }

  int rowsRead() {
    return row;
  }

  /**
   * Reads the next row.
   *
   * @return the vector, or null at the end
   * @throws IOException on read failure
   */
  float[] next() throws IOException {
    byte[] four = new byte[4];
    int n = in.readNBytes(four, 0, 4);
    if (n == 0) {
      if (row == 0) {
        throw new Main.Failure(
            file
                + " is empty: an fvecs file holds rows of an int32 dimension and that many"
                + " float32 values");
      }
      return null;
    }
    if (n < 4) {
      throw new Main.Failure(file + ": row " + row + " is truncated (in its dimension field)");
    }
    int dim = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (dim <= 0 || dim > 65_536) {
      throw new Main.Failure(
          file + ": row " + row + " has dimension " + dim + " (not an fvecs file?)");
    }
    if (expectedDim > 0 && dim != expectedDim) {
      throw new Main.Failure(
          file + ": row " + row + " has dimension " + dim + ", earlier rows have " + expectedDim);
    }
    expectedDim = dim;
    byte[] body = new byte[dim * 4];
    int got = in.readNBytes(body, 0, body.length);
    if (got < body.length) {
      throw new Main.Failure(
          file + ": row " + row + " is truncated (" + got + " of " + body.length + " bytes)");
    }
    float[] v = new float[dim];
    ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    for (int i = 0; i < dim; i++) {
      if (!Float.isFinite(v[i])) {
        throw new Main.Failure(file + ": row " + row + ", component " + i + " is " + v[i]);
      }
    }
    row++;
    return v;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
