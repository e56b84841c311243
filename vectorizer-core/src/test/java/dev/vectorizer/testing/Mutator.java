package dev.vectorizer.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a file's bytes for the fuzz suites: bit flips, interesting bytes and
 * little-endian ints (length fields set to 0, -1, huge, or just past the end), truncation,
 * insertion, deletion, splices from other files, and appended garbage. One to three per call.
 *
 * <p>Stateless; thread-safe.
 */
public final class Mutator {
  private static final int[] INTERESTING_INTS = {
    0,
    1,
    -1,
    2,
    7,
    8,
    11,
    12,
    255,
    256,
    65_535,
    65_536,
    1 << 20,
    1 << 30,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    Integer.MAX_VALUE - 7
  };
  private static final byte[] INTERESTING_BYTES = {0, 1, -1, 0x7f, (byte) 0x80, 0x20, '"', '{'};

  private Mutator() {}

  /**
   * Mutates a copy of the input.
   *
   * @param in the original bytes
   * @param r the random source (seeded by the caller, so failures replay)
   * @param others files to splice from
   * @return the mutated bytes (never the same array)
   */
  public static byte[] mutate(byte[] in, Random r, List<byte[]> others) {
    byte[] b = in.clone();
    int rounds = 1 + r.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      b = once(b, r, others);
    }
    return b;
  }

  private static byte[] once(byte[] b, Random r, List<byte[]> others) {
    int n = b.length;
    switch (r.nextInt(9)) {
      case 0 -> { // flip bits
        if (n > 0) {
          for (int k = 1 + r.nextInt(4); k > 0; k--) {
            b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
          }
        }
        return b;
      }
      case 1 -> { // an interesting byte
        if (n > 0) {
          b[r.nextInt(n)] = INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)];
        }
        return b;
      }
      case 2, 3 -> { // a length field: an int at a 4-aligned or any offset
        if (n >= 4) {
          int at = r.nextBoolean() ? (r.nextInt(n / 4) * 4) : r.nextInt(n - 3);
          int value = INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)];
          if (r.nextInt(4) == 0) {
            value = n - at + r.nextInt(9) - 4; // about as long as what is left
          }
          ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        }
        return b;
      }
      case 4 -> { // truncate
        return Arrays.copyOf(b, n == 0 ? 0 : r.nextInt(n));
      }
      case 5 -> { // insert random bytes
        byte[] ins = new byte[1 + r.nextInt(64)];
        r.nextBytes(ins);
        return splice(b, r.nextInt(n + 1), 0, ins);
      }
      case 6 -> { // delete a range
        if (n == 0) {
          return b;
        }
        int at = r.nextInt(n);
        return splice(b, at, 1 + r.nextInt(Math.min(64, n - at)), new byte[0]);
      }
      case 7 -> { // splice in a piece of another file (or this one)
        byte[] src = others.isEmpty() ? b : others.get(r.nextInt(others.size()));
        if (src.length == 0) {
          return b;
        }
        int from = r.nextInt(src.length);
        byte[] piece = Arrays.copyOfRange(src, from, from + r.nextInt(src.length - from) + 1);
        int at = r.nextInt(n + 1);
        return splice(b, at, r.nextBoolean() ? Math.min(piece.length, n - at) : 0, piece);
      }
      default -> { // append zeros or garbage, as a power loss might
        byte[] tail = new byte[1 + r.nextInt(4096)];
        if (r.nextBoolean()) {
          r.nextBytes(tail);
        }
        return splice(b, n, 0, tail);
      }
    }
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }
}
