# One Dockerfile for every application of the lab, so Maven runs once for all of them:
#
#   docker build --target session-app -t lab/session-app .
#   docker build --target token-app   -t lab/token-app   .
#   docker build --target loadtest    -t lab/loadtest    .
#
# The three targets share the `build` stage (cached after the first), docker-compose.yml builds
# them. Base images are build arguments with the public names as defaults; on a machine without
# a registry, ci/build-base-images.sh builds local stand-ins under exactly these names.
# No "# syntax=" line on purpose: that would make BuildKit pull a frontend image.
# No RUN --mount cache either: the legacy builder (DOCKER_BUILDKIT=0, or an engine without
# BuildKit) rejects it; the dependency layer below plays that role.

ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

# --- poms: every pom.xml of the tree, at its path and nothing else ---------------------------
# Copying the whole context here re-runs this stage on any change, but what it hands on (the
# poms alone) only changes when a pom does, so the dependency layer below stays cached, and a
# new module needs no edit here.
FROM ${BUILD_IMAGE} AS poms
WORKDIR /src
COPY . .
RUN mkdir /poms && find . -name pom.xml -not -path '*/target/*' -exec cp --parents {} /poms/ \;

# --- build: resolve dependencies (cached layer), then compile and package all modules -------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY --from=poms /poms/ ./
# Download what the build needs while only the poms are here; this layer is reused until a pom
# changes. dependency 3.9.0's go-offline leaves the reactor's own modules (common, ...) alone,
# so it works in a multi-module tree where they are not built yet. Good enough ("go-offline-
# ish"): a plugin dependency it misses is fetched by the package step below.
RUN mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline
COPY . .
RUN mvn -B -q -Dstyle.color=never -DskipTests package

# --- runtime: what the application images have in common -----------------------------------
FROM ${RUNTIME_IMAGE} AS runtime
# A fixed non-root user; the application only needs to read /app/app.jar.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /app
WORKDIR /app
# Java 25's AOT cache for each application image (see aot-training.sh).
COPY aot-training.sh /app/aot-training.sh
# JVM options: JAVA_TOOL_OPTIONS at run time can add options, but it is read before the
# ENTRYPOINT's own flags, which therefore win; to change those, override the entrypoint.

# --- session-app: server-side sessions (Redis or in memory) ----------------------------------
FROM runtime AS session-app
COPY --from=build /src/session-app/target/session-app.jar /app/app.jar
# The AOT cache (aot-training.sh): trained with the ENTRYPOINT's flags, sessions in memory.
RUN SESSION_STORE=memory INSTANCE_ID=aot-training SHUTDOWN_DRAIN_SECONDS=0 sh /app/aot-training.sh \
      -XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -XX:+ExitOnOutOfMemoryError
USER app
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=2s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health || exit 1
# Exec form: java is PID 1 and receives SIGTERM from `docker stop` itself (a shell in between
# would swallow it), so the application's graceful shutdown runs.
# JVM sized for six small containers sharing two cores: the serial collector (no GC threads
# fighting over the cores), a fixed heap instead of a share of the host's RAM (no memory limit
# is set on the containers), small thread stacks. Full JIT (no TieredStopAtLevel): we benchmark.
# -XX:AOTCache: the classes this image's training run loaded and linked, ready at start (Java 25;
# a cache that does not fit this JVM is reported in an [aot] log line and ignored: the JVM starts without it).
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]

# --- token-app: stateless JWT ----------------------------------------------------------------
FROM runtime AS token-app
COPY --from=build /src/token-app/target/token-app.jar /app/app.jar
# The AOT cache, likewise: no Redis (REVOCATION=off), a throwaway signing key.
RUN JWT_SECRET=$(head -c 48 /dev/urandom | base64 -w0) REVOCATION=off INSTANCE_ID=aot-training \
      SHUTDOWN_DRAIN_SECONDS=0 sh /app/aot-training.sh \
      -XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -XX:+ExitOnOutOfMemoryError
USER app
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=2s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/app.aot", "-jar", "/app/app.jar"]

# --- loadtest: the load generator (a client: no port, no health check) -----------------------
FROM runtime AS loadtest
COPY --from=build /src/loadtest/target/loadtest.jar /app/app.jar
USER app
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-Xss512k", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/app.jar"]
