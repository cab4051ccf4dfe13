# Walnut's image: the shaded CLI jar (engine, components, collector, designer, launcher) on a Java
# 17 runtime.
# The same jar is the job jar shipped to the Flink session cluster (./walnut run --remote).
FROM maven:3.9-eclipse-temurin-17 AS build
# the designer's web UI is built by npm during the Maven build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN (cd designer/ui && npm ci --no-audit --no-fund) \
 && mvn -B -ntp -pl cli -am package -DskipTests -Dspotless.check.skip=true

FROM eclipse-temurin:17-jre
WORKDIR /opt/walnut
COPY --from=build /src/cli/target/walnut.jar /opt/walnut/walnut.jar
COPY scenarios /opt/walnut/scenarios
ENV JAVA_TOOL_OPTIONS="--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
ENTRYPOINT ["java", "-Dwalnut.home=/opt/walnut", "-jar", "/opt/walnut/walnut.jar"]
