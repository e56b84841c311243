package dev.vectorizer.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The leanest HTTP/1.1 client that measures a server fairly: one persistent connection with
 * TCP_NODELAY, blocking reads and writes on the calling thread, bodies framed by {@code
 * Content-Length} or chunked encoding. Load generators such as wrk work the same way; the JDK's
 * {@code HttpClient} adds its selector thread and executor hand-offs (about 0.2 ms per request on
 * this machine), which are the client's cost, not the server's.
 *
 * <p>Not thread-safe: one request at a time. The caller closes it.
 */
final class LoopbackHttp implements AutoCloseable {
  /** A response: status and body. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final StringBuilder line = new StringBuilder(128);

  LoopbackHttp(InetSocketAddress address) throws IOException {
    this.host = address.getHostString() + ":" + address.getPort();
    this.socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(60_000);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
  }

  Response get(String path) throws IOException {
    out.write(head("GET", path, -1));
    out.flush();
    return read();
  }

  Response post(String path, byte[] json) throws IOException {
    out.write(head("POST", path, json.length));
    out.write(json);
    out.flush();
    return read();
  }

  private byte[] head(String method, String path, int length) {
    StringBuilder b = new StringBuilder(128).append(method).append(' ').append(path);
    b.append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
    if (length >= 0) {
      b.append("Content-Type: application/json\r\nContent-Length: ").append(length).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  private Response read() throws IOException {
    String status = readLine();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 status line: '" + status + "'");
    }
    int code = number(status.substring(9, 12), 10, "status code");
    int length = -1;
    boolean chunked = false;
    for (String h = readLine(); !h.isEmpty(); h = readLine()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        throw new IOException("malformed header line: '" + h + "'");
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = number(value, 10, "Content-Length");
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      }
    }
    if (chunked) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int size = chunkSize(); size > 0; size = chunkSize()) {
        body.write(in.readNBytes(size));
        readLine();
      }
      readLine(); // the blank line after the last chunk (no trailers are sent)
      return new Response(code, body.toByteArray());
    }
    if (length < 0) {
      length = 0; // no body (the server frames every body it sends)
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("the connection closed after " + body.length + " of " + length);
    }
    return new Response(code, body);
  }

  private int chunkSize() throws IOException {
    String s = readLine();
    int semi = s.indexOf(';');
    return number((semi < 0 ? s : s.substring(0, semi)).trim(), 16, "chunk size");
  }

  private static int number(String s, int radix, String what) throws IOException {
    try {
      int n = Integer.parseInt(s, radix);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException("bad " + what + ": '" + s + "'");
    }
  }

  private String readLine() throws IOException {
    line.setLength(0);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection closed in the middle of a response");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
