package scala;

/** Stands in for a Scala collection in the API's tests: only its package name matters. */
public final class FakeSeq {
  @Override
  public String toString() {
    return "List(en, de)";
  }
}
