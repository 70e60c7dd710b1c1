package dev.userdirectory.server;

import java.util.List;
import java.util.Map;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.ErrorReason;
import dev.userdirectory.streaming.FeedTail;
import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * The first step of shutting down (SIGTERM closes the context, which publishes this event
 * before any bean stops): readiness turns NOT_SERVING at once, on gRPC health and on
 * actuator, so no new traffic is routed here, and every long-lived stream (watch, chat,
 * edit) is ended with UNAVAILABLE so its client reconnects to another replica and
 * resumes. Then the gRPC server's own graceful shutdown refuses new calls and lets
 * in-flight ones finish within spring.grpc.server.shutdown.grace-period.
 */
@Component
class GracefulShutdown implements ApplicationListener<ContextClosedEvent> {

	private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

	private final HealthStatusManager health;

	private final List<FeedTail<?>> tails;

	GracefulShutdown(HealthStatusManager health, List<FeedTail<?>> tails) {
		this.health = health;
		this.tails = tails;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		ApplicationContext context = event.getApplicationContext();
		log.info("Shutting down: readiness NOT_SERVING, ending open streams with UNAVAILABLE");
		this.health.enterTerminalState();
		AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		ApiException goingAway = new ApiException(ErrorReason.SHUTTING_DOWN,
				"this replica is shutting down; reconnect (and resume) to continue", Map.of(), List.of());
		for (FeedTail<?> tail : this.tails) {
			tail.endAll(goingAway);
		}
	}

}
