package dev.vectorizer.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.CollectionConfig;
import dev.vectorizer.Metric;
import dev.vectorizer.Point;
import dev.vectorizer.VectorStore;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Loads an fvecs or JSONL class-path resource into a new collection; bad input names the line. */
final class Preloader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Preloader() {}

  static void load(
      VectorStore store, String collection, Metric metric, String resource, ExtensionContext ctx) {
    if (!resource.endsWith(".fvecs") && !resource.endsWith(".jsonl")) {
      throw new ExtensionConfigurationException(
          "preload resource '" + resource + "' must end in .fvecs or .jsonl");
    }
    Class<?> anchor = ctx.getRequiredTestClass();
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ExtensionConfigurationException(
            "preload resource '"
                + resource
                + "' is not on the class path of "
                + anchor.getName()
                + " (absolute paths start with '/')");
      }
      List<Point> points = resource.endsWith(".fvecs") ? fvecs(in, resource) : jsonl(in, resource);
      if (points.isEmpty()) {
        throw new ExtensionConfigurationException("preload resource '" + resource + "' is empty");
      }
      store
          .createCollection(
              collection,
              CollectionConfig.builder(points.get(0).dimension()).metric(metric).build())
          .upsert(points);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read preload resource " + resource, e);
    }
  }

  static List<Point> fvecs(InputStream raw, String resource) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    List<Point> points = new ArrayList<>();
    byte[] header = new byte[4];
    while (true) {
      int n = in.readNBytes(header, 0, 4);
      if (n == 0) {
        return points;
      }
      if (n < 4) {
        throw new ExtensionConfigurationException(
            resource + ": vector " + points.size() + " is truncated in its dimension");
      }
      int dim = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (dim < 1 || dim > CollectionConfig.MAX_DIMENSION) {
        throw new ExtensionConfigurationException(
            resource + ": vector " + points.size() + " has dimension " + dim + " (not fvecs?)");
      }
      if (!points.isEmpty() && dim != points.get(0).dimension()) {
        throw new ExtensionConfigurationException(
            resource
                + ": vector "
                + points.size()
                + " has dimension "
                + dim
                + ", the first has "
                + points.get(0).dimension());
      }
      byte[] body = new byte[dim * 4];
      try {
        in.readFully(body);
      } catch (EOFException e) {
        throw new ExtensionConfigurationException(
            resource + ": vector " + points.size() + " is truncated", e);
      }
      float[] v = new float[dim];
      ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      points.add(Point.of(Integer.toString(points.size()), v));
    }
  }

  static List<Point> jsonl(InputStream in, String resource) throws IOException {
    List<Point> points = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        JsonNode id = node.get("id");
        JsonNode vector = node.get("vector");
        if (id == null || !id.isTextual() || vector == null || !vector.isArray()) {
          throw new IllegalArgumentException(
              "needs {\"id\": string, \"vector\": [numbers], \"payload\": {...}}");
        }
        float[] v = new float[vector.size()];
        for (int i = 0; i < v.length; i++) {
          if (!vector.get(i).isNumber()) {
            throw new IllegalArgumentException("vector[" + i + "] is not a number");
          }
          v[i] = vector.get(i).floatValue();
        }
        JsonNode payload = node.get("payload");
        @SuppressWarnings("unchecked")
        Map<String, Object> map =
            payload == null || payload.isNull() ? Map.of() : JSON.convertValue(payload, Map.class);
        points.add(Point.of(id.asText(), v, map));
      } catch (IOException | IllegalArgumentException e) {
        throw new ExtensionConfigurationException(
            resource + " line " + lineNumber + ": " + e.getMessage(), e);
      }
    }
    return points;
  }
}
