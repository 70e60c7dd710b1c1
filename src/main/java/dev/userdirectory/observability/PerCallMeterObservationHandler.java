package dev.userdirectory.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.GrpcObservationDocumentation.GrpcServerEvents;
import io.micrometer.core.instrument.binder.grpc.GrpcServerObservationContext;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;

/**
 * Boot's meter observation handler, minus a counter for every message of every gRPC call.
 *
 * <p>
 * Micrometer's gRPC server observation reports each message sent or received as an event,
 * and the default handler builds, tags and looks up a counter for each one
 * ({@code grpc_server_sent}, {@code grpc_server_received}): a third of the CPU of
 * delivering chat messages in a profile. {@link StreamMetricsInterceptor} counts the same
 * messages as {@code grpc_server_messages_sent_total} and {@code _received_total}, with
 * counters it finds once per call. Every other event and meter is handled as before, and
 * tracing, which has its own handler, still sees every event.
 */
class PerCallMeterObservationHandler extends DefaultMeterObservationHandler {

	PerCallMeterObservationHandler(MeterRegistry meters, IgnoredMeters... ignored) {
		super(meters, ignored);
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		if (context instanceof GrpcServerObservationContext
				&& (event == GrpcServerEvents.MESSAGE_SENT || event == GrpcServerEvents.MESSAGE_RECEIVED)) {
			return;
		}
		super.onEvent(event, context);
	}

}
