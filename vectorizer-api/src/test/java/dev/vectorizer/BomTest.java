package dev.vectorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * vectorizer-bom lists every published module of the reactor, at the parent's version: a module
 * added to the root pom without a BOM entry fails here. (Run from vectorizer-api's directory, as
 * Surefire does; the reactor root is its parent.)
 */
class BomTest {
  private static final List<String> UNPUBLISHED =
      List.of("vectorizer-bench", "examples", "vectorizer-bom");

  @Test
  void theBomListsEveryPublishedModuleAtTheParentsVersion() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String parent = Files.readString(root.resolve("pom.xml"));
    String bom = Files.readString(root.resolve("vectorizer-bom/pom.xml"));
    TreeSet<String> published = new TreeSet<>();
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
    while (modules.find()) {
      String pom = Files.readString(root.resolve(modules.group(1)).resolve("pom.xml"));
      String artifact = firstArtifactIdAfterParent(pom);
      if (!UNPUBLISHED.contains(artifact) && !artifact.startsWith("examples")) {
        published.add(artifact);
      }
    }
    TreeSet<String> listed = new TreeSet<>(all(bom, "<artifactId>(vectorizer-[^<]+)</artifactId>"));
    listed.remove("vectorizer-bom");
    assertEquals(published, listed, "vectorizer-bom/pom.xml must list every published module");
    assertEquals(
        all(parent, "<version>([^<]+)</version>").get(0),
        all(bom, "<version>([^<]+)</version>").get(0),
        "vectorizer-bom's version must equal vectorizer-parent's");
  }

  private static String firstArtifactIdAfterParent(String pom) {
    int end = pom.indexOf("</parent>");
    return all(pom.substring(end < 0 ? 0 : end), "<artifactId>([^<]+)</artifactId>").get(0);
  }

  private static List<String> all(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
