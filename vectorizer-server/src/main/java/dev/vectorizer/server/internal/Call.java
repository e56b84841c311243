package dev.vectorizer.server.internal;

import java.util.Map;

/**
 * One request as a handler sees it: the caller, the route's path parameters, the query and the
 * body. Handlers name the collection they act on through {@link #collection()}, which applies the
 * caller's tenant and records the name for the audit log.
 *
 * <p>Not thread-safe; one per request.
 */
public final class Call {
  final Principal principal;
  final Route route;
  final Map<String, String> params;
  final byte[] body;
  final String requestId;
  volatile String auditCollection;

  Call(
      Principal principal, Route route, Map<String, String> params, byte[] body, String requestId) {
    this.principal = principal;
    this.route = route;
    this.params = params;
    this.body = body;
    this.requestId = requestId;
  }

  /** The JSON body, checked against the route's fields. */
  JsonBody json() {
    return JsonBody.parse(body, route.bodyFields());
  }

  /** The store's name of the {@code {name}} collection of the path. */
  String collection() {
    return collection(params.get("name"));
  }

  /** The store's name of a collection the client names (in the path or body). */
  String collection(String clientName) {
    auditCollection = clientName;
    return Tenancy.internal(principal, clientName);
  }

  /** A path parameter. */
  String param(String name) {
    return params.get(name);
  }
}
