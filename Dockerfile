# The vectorizer server image (docs/server.md, "Docker").
#   docker build -t vectorizer .
#   docker run -p 15002:15002 -v vectorizer-data:/data -v vectorizer-backups:/backups vectorizer
# Without API keys the server listens on loopback only: mount a vectorizer.yaml with keys (see
# docker-compose.yml) to serve other hosts.

# Build: the shaded vectorizer command with Maven (the same JDK and Maven as CI).
FROM eclipse-temurin:25-jdk AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends maven \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -pl vectorizer-cli -am package -DskipTests

# Run: a JRE 25, as a non-root user, data in /data, backups in /backups.
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 vectorizer \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --shell /usr/sbin/nologin vectorizer \
 && mkdir -p /data /backups /etc/vectorizer \
 && chown 10001:10001 /data /backups
COPY --from=build /src/vectorizer-cli/target/vectorizer-cli.jar /opt/vectorizer/vectorizer.jar
COPY deploy/docker/vectorizer.yaml /etc/vectorizer/vectorizer.yaml
USER 10001:10001
EXPOSE 15002
VOLUME ["/data", "/backups"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:15002/health || exit 1
# SIGTERM drains requests in flight, closes the store and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-XX:MaxRAMPercentage=75", "-jar", "/opt/vectorizer/vectorizer.jar"]
CMD ["--data", "/data", "serve", "--config", "/etc/vectorizer/vectorizer.yaml"]
