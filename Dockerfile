# syntax=docker/dockerfile:1
# users.v1 service image: built with the Maven wrapper, run on a JRE-only base as a non-root user.
# Checked without a Docker engine by scripts/dockerfile-check (lint + the same layer extraction and
# entrypoint run on the host).

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# Wrapper and pom first: dependency downloads stay cached until the pom changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY proto proto
COPY src/main src/main
RUN ./mvnw -B -ntp -q -DskipTests package \
 && java -Djarmode=tools -jar target/users-service.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre-jammy
# A fixed numeric non-root user, so runAsNonRoot can verify it without a user database.
RUN groupadd --system --gid 10001 users \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin users \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data
WORKDIR /app
# Least to most often changed, each its own layer.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# Writes go to /tmp and /app/data only (mount both when the root filesystem is read-only); the
# embedded H2 database lives in /app/data, which a production deployment replaces by PostgreSQL.
VOLUME ["/tmp", "/app/data"]
EXPOSE 9090 8080
# Heap sized from the container's memory limit; die on OOM so the orchestrator restarts the pod.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseContainerSupport"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
