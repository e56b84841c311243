package dev.vectorizer.server.internal;

import dev.vectorizer.server.ServerConfig.Role;
import java.util.List;
import java.util.Set;

/**
 * One operation of the API: method, path template, who may call it, the body fields it accepts and
 * its handler. The route table ({@link Routes}) is the single source of truth that the OpenAPI
 * description is checked against.
 *
 * @param method the HTTP method
 * @param template the path, with {@code {name}} parameters
 * @param access who may call it at all
 * @param role the least role (null for public routes)
 * @param audited whether every call is written to the audit log (writes and admin operations)
 * @param bodyFields the top-level fields the JSON body may have (empty: no body)
 * @param timed whether the request timeout applies (backups, scrapes and reads of stored points are
 *     exempt)
 * @param handler the handler
 */
public record Route(
    String method,
    String template,
    Access access,
    Role role,
    boolean audited,
    Set<String> bodyFields,
    boolean timed,
    Handler handler) {

  /** Who may call a route. */
  public enum Access {
    /** Anyone, without a key: health and readiness probes. */
    PUBLIC,
    /** Any key with the role, tenant keys included. */
    ANY_KEY,
    /** Only keys without a tenant (they see the whole store): metrics. */
    GLOBAL_KEY
  }

  /** Runs a call. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Handles a call.
     *
     * @param call the call
     * @return the reply
     * @throws Exception mapped to a status by the dispatcher
     */
    Reply handle(Call call) throws Exception;
  }

  List<String> segments() {
    return Router.split(template);
  }
}
