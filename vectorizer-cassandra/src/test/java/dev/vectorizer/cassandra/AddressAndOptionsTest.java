package dev.vectorizer.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of cassandra:// addresses, indexed-field specs and the builder's checks. */
class AddressAndOptionsTest {
  @Test
  void parsesHostsPortsKeyspaceCredentialsAndOptions() {
    CassandraUri u =
        CassandraUri.parse(
            "cassandra://app:s%40cret@10.0.0.5:9142,db2,[::1]:9043/vectors"
                + "?dc=eu-west&consistency=QUORUM&timeout=500ms&connect_timeout=2s&rf=3");
    assertEquals(3, u.contactPoints().size());
    assertEquals("10.0.0.5", u.contactPoints().get(0).getHostString());
    assertEquals(9142, u.contactPoints().get(0).getPort());
    assertEquals(CassandraUri.DEFAULT_PORT, u.contactPoints().get(1).getPort());
    assertEquals("::1", u.contactPoints().get(2).getHostString());
    assertEquals(9043, u.contactPoints().get(2).getPort());
    assertEquals("vectors", u.keyspace());
    assertEquals("app", u.user());
    assertEquals("s@cret", u.password());
    assertEquals("eu-west", u.options().get("dc"));
    assertFalse(u.toString().contains("cret"), u.toString());
    // One canonical text per address: the migration's resume file compares it across runs.
    assertEquals(
        CassandraUri.parse("cassandra://h/ks?timeout=20s&rf=1&dc=x").toString(),
        CassandraUri.parse("cassandra://h/ks?dc=x&rf=1&timeout=20s").toString());
    assertEquals(
        "cassandra://h:9042/ks?dc=x&rf=1&timeout=20s",
        CassandraUri.parse("cassandra://h/ks?rf=1&timeout=20s&dc=x").toString());
    CassandraUri plain = CassandraUri.parse("CASSANDRA://localhost/ks");
    assertEquals(Map.of(), plain.options());
    assertNull(plain.user());
    assertTrue(CassandraUri.isCassandra("cassandra://x/y"));
    assertFalse(CassandraUri.isCassandra("/var/data"));
  }

  @Test
  void badAddressesNameTheProblem() {
    Map<String, String> bad =
        Map.ofEntries(
            Map.entry("http://h/ks", "must start with cassandra://"),
            Map.entry("cassandra://h:9042", "the keyspace is missing"),
            Map.entry("cassandra://h:port/ks", "port 'port' of host 'h' is not a number"),
            Map.entry("cassandra://h:70000/ks", "port 70000 of host 'h' is not between 1 and"),
            Map.entry("cassandra://h,,x/ks", "a host is empty"),
            Map.entry("cassandra://h/1ks", "keyspace '1ks' is not 1 to 48 letters"),
            Map.entry("cassandra://h/ks-x", "keyspace 'ks-x'"),
            Map.entry("cassandra://h/ks?speed=fast", "unknown option 'speed' (known: "),
            Map.entry("cassandra://h/ks?dc", "option 'dc' is not NAME=VALUE"),
            Map.entry("cassandra://h/ks?timeout=10", "timeout '10' is not a positive duration"),
            Map.entry("cassandra://h/ks?timeout=0s", "timeout '0s' is not a positive duration"),
            Map.entry("cassandra://h/ks?rf=two", "rf 'two' is not an integer"),
            Map.entry("cassandra://h/ks?rf=0", "replication factor must be between 1 and 10"),
            Map.entry("cassandra://h/ks?consistency=MOST", "unknown consistency level 'MOST'"),
            Map.entry("cassandra://u@h/ks", "credentials must be USER:PASSWORD@"));
    bad.forEach(
        (uri, expected) -> {
          IllegalArgumentException e =
              assertThrows(IllegalArgumentException.class, () -> CassandraUri.parse(uri), uri);
          assertTrue(e.getMessage().contains(expected), uri + " -> " + e.getMessage());
        });
    IllegalArgumentException secret =
        assertThrows(
            IllegalArgumentException.class,
            () -> CassandraUri.parse("cassandra://u:hidden@h/ks?x=1"));
    assertFalse(secret.getMessage().contains("hidden"), secret.getMessage());
  }

  @Test
  void durationsAndIndexedFields() {
    assertEquals(Duration.ofMillis(250), CassandraUri.duration("t", "250ms"));
    assertEquals(Duration.ofMinutes(2), CassandraUri.duration("t", " 2m "));
    assertEquals(
        new IndexedField("meta.author", IndexedField.Type.TEXT),
        IndexedField.parse("meta.author:TEXT"));
    assertEquals("year:number", IndexedField.parse("year:number").toString());
    for (String bad : List.of("year", "year:", ":text", "year:date", "a..b:text")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> IndexedField.parse(bad), bad);
      assertTrue(e.getMessage().contains("indexed field"), e.getMessage());
    }
  }

  @Test
  void theBuilderChecksEachValueWhenItIsSet() {
    CassandraVectorStore.Builder b = CassandraVectorStore.builder();
    assertThrows(IllegalArgumentException.class, () -> b.contactPoint("", 9042));
    assertThrows(IllegalArgumentException.class, () -> b.contactPoint("h", 0));
    assertThrows(IllegalArgumentException.class, () -> b.keyspace("bad-name"));
    assertThrows(IllegalArgumentException.class, () -> b.readConsistency("SERIAL"));
    assertThrows(IllegalArgumentException.class, () -> b.writeConsistency(null));
    assertThrows(IllegalArgumentException.class, () -> b.requestTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> b.overFetch(0));
    assertThrows(IllegalArgumentException.class, () -> b.maxCandidates(1001));
    assertThrows(IllegalArgumentException.class, () -> b.createKeyspace(11));
    IllegalStateException noHost = assertThrows(IllegalStateException.class, b::open);
    assertTrue(noHost.getMessage().contains("contactPoint"), noHost.getMessage());
    b.contactPoint("127.0.0.1", 9042);
    IllegalStateException noKs = assertThrows(IllegalStateException.class, b::open);
    assertTrue(noKs.getMessage().contains("keyspace"), noKs.getMessage());
  }
}
