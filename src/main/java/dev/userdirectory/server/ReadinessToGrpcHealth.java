package dev.userdirectory.server;

import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.grpc.server.health.GrpcServerHealth;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * gRPC health copies actuator health on a schedule (spring.grpc.server.health.schedule),
 * whose first run comes before the application is ready: readiness then stayed
 * NOT_SERVING for up to a period after start-up, about a second of every start measured
 * by bench/startup. Copying it the moment the application accepts traffic makes SERVING
 * mean "ready now".
 */
@Component
class ReadinessToGrpcHealth implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private final GrpcServerHealth health;

	private final HealthStatusManager statuses;

	ReadinessToGrpcHealth(GrpcServerHealth health, HealthStatusManager statuses) {
		this.health = health;
		this.statuses = statuses;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			this.health.update(this.statuses);
		}
	}

}
