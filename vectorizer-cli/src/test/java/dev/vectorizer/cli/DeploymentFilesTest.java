package dev.vectorizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vectorizer.backup.BackupPolicy;
import dev.vectorizer.server.ServerConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * No Docker engine or cluster runs here: these tests read the Dockerfile, the Compose file and the
 * Kubernetes manifests and check them against the server itself: the port, probe paths that are
 * public routes, the data directory the volume is mounted at, configurations the server accepts.
 */
class DeploymentFilesTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;

  /** Public routes, from the API description the server serves. */
  static Set<String> publicRoutes() throws Exception {
    try (InputStream in =
        ServerConfig.class.getResourceAsStream("/dev/vectorizer/server/openapi.json")) {
      JsonNode paths = new ObjectMapper().readTree(in).get("paths");
      Set<String> out = new TreeSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        JsonNode get = p.getValue().get("get");
        if (get != null && get.get("x-vectorizer-access").asText().equals("public")) {
          out.add(p.getKey());
        }
      }
      return out;
    }
  }

  /** Parses a command line as the vectorizer command would; returns the serve command. */
  static ServeCommand parseServe(List<String> args) {
    VectorizerCommand root = new VectorizerCommand(System.out, System.err);
    CommandLine cl = new CommandLine(root);
    List<CommandLine> parsed = cl.parseArgs(args.toArray(String[]::new)).asCommandLineList();
    Object last = parsed.get(parsed.size() - 1).getCommand();
    assertTrue(last instanceof ServeCommand, "not a serve command line: " + args);
    ServeCommand serve = (ServeCommand) last;
    serve.root = root;
    return serve;
  }

  private static List<String> jsonArray(String line, String instruction) throws Exception {
    String json = line.substring(instruction.length()).trim();
    List<String> out = new ArrayList<>();
    new ObjectMapper().readTree(json).forEach(n -> out.add(n.asText()));
    return out;
  }

  private ServerConfig serverConfig(String yaml) throws Exception {
    Path f = dir.resolve("vectorizer-" + System.nanoTime() + ".yaml");
    Files.writeString(f, yaml);
    return ServerConfig.load(f);
  }

  @Test
  void dockerfile() throws Exception {
    List<String> lines = new ArrayList<>();
    StringBuilder cont = new StringBuilder();
    for (String raw : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
      if (raw.startsWith("#")) {
        continue;
      }
      cont.append(raw.endsWith("\\") ? raw.substring(0, raw.length() - 1) + " " : raw);
      if (!raw.endsWith("\\")) {
        lines.add(cont.toString().trim());
        cont.setLength(0);
      }
    }
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, from.size(), "multi-stage: " + from);
    assertTrue(from.get(1).matches("FROM eclipse-temurin:25-jre\\b.*"), from.get(1));
    List<String> entrypoint = null;
    List<String> cmd = null;
    for (String l : lines) {
      if (l.startsWith("ENTRYPOINT")) {
        entrypoint = jsonArray(l, "ENTRYPOINT");
      } else if (l.startsWith("CMD")) {
        cmd = jsonArray(l, "CMD");
      }
    }
    assertNotNull(entrypoint);
    assertNotNull(cmd);
    assertEquals(List.of("--add-modules", "jdk.incubator.vector"), entrypoint.subList(1, 3));
    ServeCommand serve = parseServe(cmd);
    assertEquals(Path.of("/data"), serve.root.data);
    assertTrue(lines.contains("VOLUME [\"/data\", \"/backups\"]"), "VOLUME /data /backups");
    String user = lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow();
    assertTrue(!user.contains(" 0") && !user.contains("root"), "non-root: " + user);

    // The configuration baked in: the port exposed, backups in the /backups volume.
    String config = cmd.get(cmd.indexOf("--config") + 1);
    String copy =
        lines.stream()
            .filter(l -> l.startsWith("COPY") && l.endsWith(config))
            .findFirst()
            .orElseThrow();
    Path source = ROOT.resolve(copy.split("\\s+")[1]);
    ServerConfig server = ServerConfig.load(source);
    int port = serve.port != null ? serve.port : server.port();
    assertTrue(lines.contains("EXPOSE " + port), "EXPOSE " + port);
    assertEquals(ServerConfig.DEFAULT_PORT, port);
    assertEquals(Path.of("/backups"), BackupPolicy.load(source).directory());
    String health =
        lines.stream().filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
    Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/\\S*)").matcher(health);
    assertTrue(m.find(), health);
    assertEquals(port, Integer.parseInt(m.group(1)));
    assertTrue(publicRoutes().contains(m.group(2)), m.group(2) + " is not a public route");
    String jar =
        lines.stream().filter(l -> l.startsWith("COPY --from=build")).findFirst().orElseThrow();
    assertTrue(jar.contains("vectorizer-cli/target/vectorizer-cli.jar"), "the shaded jar: " + jar);
    assertTrue(
        Files.readString(ROOT.resolve("vectorizer-cli/pom.xml"))
            .contains("<outputFile>${project.build.directory}/vectorizer-cli.jar</outputFile>"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void composeFile() throws Exception {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    Map<String, Object> v = (Map<String, Object>) services.get("vectorizer");
    assertEquals(List.of("15002:15002"), v.get("ports"));
    List<String> volumes = (List<String>) v.get("volumes");
    assertTrue(volumes.contains("vectorizer-data:/data"), volumes.toString());
    assertTrue(volumes.contains("vectorizer-backups:/backups"), volumes.toString());
    String configMount =
        volumes.stream()
            .filter(s -> s.endsWith(":/etc/vectorizer/vectorizer.yaml:ro"))
            .findFirst()
            .orElseThrow();
    Path config = ROOT.resolve(configMount.substring(0, configMount.indexOf(':')));
    // The image's CMD reads /etc/vectorizer/vectorizer.yaml: this file replaces it.
    BackupPolicy policy = BackupPolicy.load(config);
    assertEquals(Path.of("/backups"), policy.directory());
    String yaml = Files.readString(config);
    Matcher keys = Pattern.compile("api_keys_file: (\\S+)").matcher(yaml);
    assertTrue(keys.find());
    List<Map<String, Object>> secrets = (List<Map<String, Object>>) v.get("secrets");
    assertEquals(keys.group(1), secrets.get(0).get("target"));
    // With a real keys file at that place, the server accepts the configuration.
    Path keysFile = dir.resolve("api-keys.yaml");
    Files.writeString(
        keysFile,
        "server:\n  api_keys:\n    - {name: ops, sha256: \""
            + ServerConfig.ApiKey.sha256Hex("k")
            + "\", role: admin}\n");
    ServerConfig server = serverConfig(yaml.replace(keys.group(1), keysFile.toString()));
    assertEquals(15002, server.port());
    assertEquals("0.0.0.0", server.host());
    assertEquals(1, server.apiKeys().size());
    int grace = Integer.parseInt(((String) v.get("stop_grace_period")).replace("s", ""));
    assertTrue(grace > server.shutdownGrace().toSeconds(), "stop_grace_period covers the drain");

    // Prometheus scrapes a real route on the server's port, with a key.
    Map<String, Object> prom =
        new Yaml().load(Files.readString(ROOT.resolve("deploy/compose/prometheus.yml")));
    Map<String, Object> job = ((List<Map<String, Object>>) prom.get("scrape_configs")).get(0);
    assertEquals("/metrics", job.get("metrics_path"));
    assertTrue(
        ((Map<String, Object>) job.get("authorization"))
            .get("credentials_file")
            .toString()
            .startsWith("/run/secrets/"));
    assertEquals(
        List.of("vectorizer:15002"),
        ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets"));
    // Grafana gets the dashboard of deploy/grafana.
    Map<String, Object> grafana = (Map<String, Object>) services.get("grafana");
    assertTrue(
        ((List<String>) grafana.get("volumes"))
            .contains("./deploy/grafana:/var/lib/grafana/dashboards:ro"));
    Map<String, Object> provider =
        new Yaml()
            .load(
                Files.readString(
                    ROOT.resolve("deploy/compose/grafana/provisioning/dashboards/vectorizer.yml")));
    assertEquals(
        "/var/lib/grafana/dashboards",
        ((Map<String, Object>)
                ((List<Map<String, Object>>) provider.get("providers")).get(0).get("options"))
            .get("path"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> kubernetes() throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    Map<String, Object> kustomization =
        new Yaml().load(Files.readString(ROOT.resolve("deploy/kubernetes/kustomization.yaml")));
    for (String file : (List<String>) kustomization.get("resources")) {
      for (Object d :
          new Yaml().loadAll(Files.readString(ROOT.resolve("deploy/kubernetes").resolve(file)))) {
        docs.add((Map<String, Object>) d);
      }
    }
    return docs;
  }

  private static Map<String, Object> kind(
      List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream()
        .filter(
            d ->
                d.get("kind").equals(kind)
                    && ((Map<?, ?>) d.get("metadata")).get("name").equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesManifests() throws Exception {
    List<Map<String, Object>> docs = kubernetes();
    Map<String, Object> sts = kind(docs, "StatefulSet", "vectorizer");
    Map<String, Object> spec = (Map<String, Object>) sts.get("spec");
    Map<String, Object> pod =
        (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
    ServeCommand serve = parseServe((List<String>) container.get("args"));
    Map<String, Object> port = ((List<Map<String, Object>>) container.get("ports")).get(0);
    assertEquals(15002, port.get("containerPort"));
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      Map<String, Object> get =
          (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
      assertTrue(publicRoutes().contains(get.get("path")), probe + " " + get.get("path"));
      assertEquals(port.get("name"), get.get("port"));
    }
    assertEquals(
        "/health",
        ((Map<String, Map<String, Object>>) container.get("livenessProbe"))
            .get("httpGet")
            .get("path"));
    assertEquals(
        "/ready",
        ((Map<String, Map<String, Object>>) container.get("readinessProbe"))
            .get("httpGet")
            .get("path"));
    Map<String, Object> resources = (Map<String, Object>) container.get("resources");
    assertNotNull(resources.get("requests"));
    assertNotNull(resources.get("limits"));
    assertEquals(true, ((Map<String, Object>) pod.get("securityContext")).get("runAsNonRoot"));

    Map<String, String> mounts = new java.util.HashMap<>();
    for (Map<String, Object> m : (List<Map<String, Object>>) container.get("volumeMounts")) {
      mounts.put((String) m.get("name"), (String) m.get("mountPath"));
    }
    assertEquals(
        serve.root.data.toString(), mounts.get("data"), "the data volume is the --data directory");
    Set<String> claims = new TreeSet<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) spec.get("volumeClaimTemplates")) {
      claims.add((String) ((Map<String, Object>) c.get("metadata")).get("name"));
    }
    assertEquals(Set.of("data", "backups"), claims);

    // The ConfigMap holds a vectorizer.yaml the server accepts once the Secret holds a real hash.
    Map<String, Object> cm = kind(docs, "ConfigMap", "vectorizer-config");
    String yaml = ((Map<String, String>) cm.get("data")).get("vectorizer.yaml");
    String configPath = serve.config.toString();
    assertEquals(mounts.get("config") + "/vectorizer.yaml", configPath);
    Path config = dir.resolve("vectorizer.yaml");
    Matcher keysFile = Pattern.compile("api_keys_file: (\\S+)").matcher(yaml);
    assertTrue(keysFile.find());
    Map<String, Object> secret = kind(docs, "Secret", "vectorizer-keys");
    String keyName = keysFile.group(1).substring(mounts.get("keys").length() + 1);
    String keysYaml = ((Map<String, String>) secret.get("stringData")).get(keyName);
    assertNotNull(keysYaml, "the Secret has " + keyName);
    Path keys = dir.resolve(keyName);
    Files.writeString(config, yaml.replace(keysFile.group(1), keys.toString()));
    Files.writeString(keys, keysYaml);
    IllegalArgumentException placeholder =
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.load(config));
    assertTrue(placeholder.getMessage().contains("sha256"), placeholder.getMessage());
    Files.writeString(
        keys,
        keysYaml.replace(
            "REPLACE-WITH-THE-SHA256-OF-YOUR-KEY", ServerConfig.ApiKey.sha256Hex("k")));
    ServerConfig server = ServerConfig.load(config);
    assertEquals(15002, server.port());
    assertEquals(mounts.get("backups"), BackupPolicy.load(config).directory().toString());
    assertTrue(BackupPolicy.load(config).enabled(), "scheduled backups");
    assertTrue(
        ((Number) pod.get("terminationGracePeriodSeconds")).longValue()
            > server.shutdownGrace().toSeconds());

    // The Services and the PodDisruptionBudget select the pod.
    Map<String, Object> labels =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("metadata"))
                .get("labels");
    for (String name : List.of("vectorizer", "vectorizer-headless")) {
      Map<String, Object> svc = (Map<String, Object>) kind(docs, "Service", name).get("spec");
      assertEquals(labels, svc.get("selector"));
      Map<String, Object> p = ((List<Map<String, Object>>) svc.get("ports")).get(0);
      assertEquals(port.get("name"), p.get("targetPort"));
    }
    assertEquals("vectorizer-headless", spec.get("serviceName"));
    Map<String, Object> pdb =
        (Map<String, Object>) kind(docs, "PodDisruptionBudget", "vectorizer").get("spec");
    assertEquals(labels, ((Map<String, Object>) pdb.get("selector")).get("matchLabels"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void workflowBuildsRunsAndCurlsTheImage() throws Exception {
    Map<String, Object> wf =
        new Yaml().load(Files.readString(ROOT.resolve(".github/workflows/docker.yml")));
    String steps =
        new ObjectMapper().writeValueAsString(((Map<String, Object>) wf.get("jobs")).values());
    assertTrue(steps.contains("docker build"), steps);
    assertTrue(steps.contains("docker run"), steps);
    assertTrue(steps.contains("http://127.0.0.1:15002/health"), steps);
  }
}
