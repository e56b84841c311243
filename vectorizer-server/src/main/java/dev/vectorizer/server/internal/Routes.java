package dev.vectorizer.server.internal;

import dev.vectorizer.server.ServerConfig.Role;
import dev.vectorizer.server.internal.Route.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The route table: every operation of the REST API, its access rule and its body fields. {@code
 * /openapi.json} describes exactly these (OpenApiTest checks both ways).
 */
public final class Routes {
  /** Backups are served under both prefixes: the upstream system renamed them. */
  public static final List<String> BACKUP_PREFIXES = List.of("/backups", "/api/backups");

  private Routes() {}

  static List<Route> table(
      OpsRoutes ops, CollectionRoutes collections, PointRoutes points, BackupRoutes backups) {
    List<Route> r = new ArrayList<>();
    r.add(route("GET", "/health", Access.PUBLIC, null, false, Set.of(), false, ops::health));
    r.add(route("GET", "/ready", Access.PUBLIC, null, false, Set.of(), false, ops::ready));
    r.add(
        route(
            "GET", "/metrics", Access.GLOBAL_KEY, Role.READ, false, Set.of(), false, ops::metrics));
    r.add(
        route(
            "GET",
            "/openapi.json",
            Access.ANY_KEY,
            Role.READ,
            false,
            Set.of(),
            false,
            ops::openapi));

    r.add(read("GET", "/collections", Set.of(), collections::list));
    r.add(admin("PUT", "/collections/{name}", CollectionRoutes.CREATE_FIELDS, collections::create));
    r.add(read("GET", "/collections/{name}", Set.of(), collections::get));
    r.add(admin("DELETE", "/collections/{name}", Set.of(), collections::drop));

    r.add(write("PUT", "/collections/{name}/points", PointRoutes.UPSERT_FIELDS, points::upsert));
    r.add(lookup("GET", "/collections/{name}/points/{id}", Set.of(), points::get));
    r.add(
        write(
            "POST",
            "/collections/{name}/points/delete",
            PointRoutes.DELETE_FIELDS,
            points::delete));
    r.add(
        lookup(
            "POST", "/collections/{name}/points/count", PointRoutes.COUNT_FIELDS, points::count));
    r.add(lookup("POST", "/collections/{name}/search", PointRoutes.SEARCH_FIELDS, points::search));

    r.add(
        write(
            "POST",
            "/collections/{name}/documents",
            CollectionRoutes.DOCUMENTS_FIELDS,
            collections::documents));
    r.add(
        read(
            "POST",
            "/collections/{name}/query",
            CollectionRoutes.QUERY_FIELDS,
            collections::query));

    for (String prefix : BACKUP_PREFIXES) {
      r.add(backup("GET", prefix, Set.of(), backups::list));
      r.add(
          backup("POST", prefix + "/create", Set.of("collection", "incremental"), backups::create));
      r.add(backup("POST", prefix + "/verify", Set.of("backup"), backups::verify));
      r.add(
          backup(
              "POST",
              prefix + "/restore",
              Set.of("backup", "collection", "force"),
              backups::restore));
    }
    return r;
  }

  private static Route route(
      String method,
      String template,
      Access access,
      Role role,
      boolean audited,
      Set<String> fields,
      boolean timed,
      Route.Handler h) {
    return new Route(method, template, access, role, audited, fields, timed, h);
  }

  private static Route read(String method, String template, Set<String> fields, Route.Handler h) {
    return route(method, template, Access.ANY_KEY, Role.READ, false, fields, true, h);
  }

  /**
   * Reads of stored points (get, count, vector search) run on the request's own thread, untimed:
   * they take no lock a write holds for long and finish in milliseconds, and handing them to a
   * timed worker cost more than the search itself on a loaded machine (docs/benchmarks.md, "Search
   * over HTTP"). A request timeout could not stop them anyway: it only answers early.
   */
  private static Route lookup(String method, String template, Set<String> fields, Route.Handler h) {
    return route(method, template, Access.ANY_KEY, Role.READ, false, fields, false, h);
  }

  private static Route write(String method, String template, Set<String> fields, Route.Handler h) {
    return route(method, template, Access.ANY_KEY, Role.WRITE, true, fields, true, h);
  }

  private static Route admin(String method, String template, Set<String> fields, Route.Handler h) {
    return route(method, template, Access.ANY_KEY, Role.ADMIN, true, fields, true, h);
  }

  /** Backups run as long as they take: the request timeout does not apply. */
  private static Route backup(String method, String template, Set<String> fields, Route.Handler h) {
    return route(method, template, Access.ANY_KEY, Role.ADMIN, true, fields, false, h);
  }
}
