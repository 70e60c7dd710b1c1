# syntax=docker/dockerfile:1
# users.v1 service image: built with the Maven wrapper (Java 17 bytecode), run on a JDK 25 JRE with
# an AOT cache trained at build time, as a non-root user. Checked without a Docker engine by
# scripts/dockerfile-check (lint, then the same extraction, training and entrypoint on the host).

# Base images named by their full version, so a rebuild gets the same JDK until this line changes.
FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
WORKDIR /src
# Wrapper and pom first: dependency downloads stay cached until the pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY proto proto
COPY src/main src/main
# Extracted as a plain jar and lib/ (not nested jars): what the AOT cache needs.
RUN ./mvnw -B -ntp -q -DskipTests package \
 && java -Djarmode=tools -jar target/users-service.jar extract --layers --destination /extracted

FROM eclipse-temurin:25.0.3_9-jre-noble
# A fixed numeric non-root user, so runAsNonRoot can verify it without a user database.
RUN groupadd --system --gid 10001 users \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin users
WORKDIR /app
# Least to most often changed, each its own layer.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# The jar's CycloneDX SBOM (cyclonedx-maven-plugin), where image scanners find it; see docs/security.md.
COPY --from=build /src/target/classes/META-INF/sbom/application.cdx.json sbom/users-service.cdx.json
# JDK 25's AOT cache: the classes one start-up of the application context loads and links, and
# their profiles, so every start skips that work (bench/startup: about 0.4-0.5x the time to
# SERVING). Trained with the dev profile, the only one that starts with no database or token
# issuer to reach; the H2 file and the dev signing key that run writes are deleted in this layer.
RUN mkdir /tmp/training \
 && java -XX:AOTCacheOutput=users-service.aot -Djava.io.tmpdir=/tmp/training -Dspring.context.exit=onRefresh -jar users-service.jar --spring.profiles.active=dev --spring.grpc.server.port=0 --server.port=0 \
 && rm -rf data /tmp/training \
 && mkdir data \
 && chown 10001:10001 data
USER 10001:10001
# Writes go to /tmp and /app/data only (mount both when the root filesystem is read-only); the
# embedded H2 database lives in /app/data, which a production deployment replaces by PostgreSQL.
VOLUME ["/tmp", "/app/data"]
EXPOSE 9090 8080
# Heap sized from the container's memory limit; die on OOM so the orchestrator restarts the pod.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseContainerSupport"
# A cache that does not match this JVM is ignored with a warning, never fatal.
ENTRYPOINT ["java", "-XX:AOTCache=users-service.aot", "-jar", "users-service.jar"]
