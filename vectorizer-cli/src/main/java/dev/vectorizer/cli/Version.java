package dev.vectorizer.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "vectorizer " + (v == null ? "(development build)" : v),
      "Java " + System.getProperty("java.version")
    };
  }
}
