package dev.vectorizer.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * fvecs / ivecs files (per row: little-endian int32 dimension, then that many float32 or int32) and
 * synthetic data sets.
 */
public final class VectorFiles {
  private VectorFiles() {}

  /**
   * Reads an fvecs file.
   *
   * @param file the file
   * @return the rows
   * @throws IOException naming the file and row when it is malformed
   */
  public static float[][] readFvecs(Path file) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (DataInputStream in = open(file)) {
      int expected = -1;
      for (int row = 0; ; row++) {
        int dim = readDim(in, file, row, expected);
        if (dim < 0) {
          break;
        }
        expected = dim;
        byte[] body = new byte[dim * 4];
        readBody(in, body, file, row);
        float[] v = new float[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        rows.add(v);
      }
    }
    if (rows.isEmpty()) {
      throw new IOException(file + ": no vectors");
    }
    return rows.toArray(float[][]::new);
  }

  /**
   * Reads an ivecs file.
   *
   * @param file the file
   * @return the rows
   * @throws IOException naming the file and row when it is malformed
   */
  public static int[][] readIvecs(Path file) throws IOException {
    List<int[]> rows = new ArrayList<>();
    try (DataInputStream in = open(file)) {
      int expected = -1;
      for (int row = 0; ; row++) {
        int dim = readDim(in, file, row, expected);
        if (dim < 0) {
          break;
        }
        expected = dim;
        byte[] body = new byte[dim * 4];
        readBody(in, body, file, row);
        int[] v = new int[dim];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
        rows.add(v);
      }
    }
    return rows.toArray(int[][]::new);
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return new DataInputStream(new BufferedInputStream(in, 1 << 20));
  }

  private static int readDim(DataInputStream in, Path file, int row, int expected)
      throws IOException {
    byte[] four = new byte[4];
    int n = in.readNBytes(four, 0, 4);
    if (n == 0) {
      return -1;
    }
    if (n < 4) {
      throw new IOException(file + ": row " + row + " is truncated in its dimension field");
    }
    int dim = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (dim <= 0 || dim > 65_536) {
      throw new IOException(file + ": row " + row + " has dimension " + dim);
    }
    if (expected > 0 && dim != expected) {
      throw new IOException(
          file + ": row " + row + " has dimension " + dim + ", earlier rows have " + expected);
    }
    return dim;
  }

  private static void readBody(DataInputStream in, byte[] body, Path file, int row)
      throws IOException {
    try {
      in.readFully(body);
    } catch (EOFException e) {
      throw new IOException(file + ": row " + row + " is truncated", e);
    }
  }

  /**
   * Writes an fvecs file.
   *
   * @param file the file
   * @param rows the rows
   * @throws IOException on failure
   */
  public static void writeFvecs(Path file, float[][] rows) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer b = ByteBuffer.allocate(4 + rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] r : rows) {
        b.clear();
        b.putInt(r.length);
        for (float f : r) {
          b.putFloat(f);
        }
        out.write(b.array(), 0, b.position());
      }
    }
  }

  /**
   * Writes an ivecs file.
   *
   * @param file the file
   * @param rows the rows
   * @throws IOException on failure
   */
  public static void writeIvecs(Path file, int[][] rows) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int[] r : rows) {
        ByteBuffer b = ByteBuffer.allocate(4 + r.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(r.length);
        for (int x : r) {
          b.putInt(x);
        }
        out.write(b.array());
      }
    }
  }

  /**
   * A synthetic clustered set with a low intrinsic dimension, like real embeddings: random centres,
   * each with its own random 16-dimensional subspace, plus a little isotropic noise.
   *
   * @param seed the seed
   * @param n rows
   * @param dim dimension
   * @param clusters clusters
   * @return the rows
   */
  public static float[][] clustered(long seed, int n, int dim, int clusters) {
    return clustered(seed, seed + 1, n, dim, clusters);
  }

  /**
   * Like {@link #clustered(long, int, int, int)}, with separate seeds for the clusters and the
   * points, so that queries come from the same clusters as the base set.
   *
   * @param shapeSeed the seed of the clusters
   * @param pointSeed the seed of the points
   * @param n rows
   * @param dim dimension
   * @param clusters clusters
   * @return the rows
   */
  public static float[][] clustered(long shapeSeed, long pointSeed, int n, int dim, int clusters) {
    long seed = shapeSeed;
    int rank = Math.min(16, dim);
    Random shape = new Random(seed);
    float[][] centres = new float[clusters][dim];
    float[][][] bases = new float[clusters][rank][dim];
    for (int c = 0; c < clusters; c++) {
      for (int i = 0; i < dim; i++) {
        centres[c][i] = (float) shape.nextGaussian();
      }
      for (int k = 0; k < rank; k++) {
        for (int i = 0; i < dim; i++) {
          bases[c][k][i] = (float) (shape.nextGaussian() / Math.sqrt(dim));
        }
      }
    }
    Random r = new Random(pointSeed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      int c = r.nextInt(clusters);
      System.arraycopy(centres[c], 0, row, 0, dim);
      for (int k = 0; k < rank; k++) {
        float z = (float) r.nextGaussian() * 1.5f;
        for (int i = 0; i < dim; i++) {
          row[i] += z * bases[c][k][i];
        }
      }
      for (int i = 0; i < dim; i++) {
        row[i] += 0.05f * (float) r.nextGaussian();
      }
    }
    return v;
  }
}
