package dev.userdirectory.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;

import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	/**
	 * Replaces Boot's default meter handler (it backs off), keeping its ignored-meters
	 * setting.
	 */
	@Bean
	DefaultMeterObservationHandler perCallMeterObservationHandler(MeterRegistry meters, MetricsProperties metrics) {
		return new PerCallMeterObservationHandler(meters,
				metrics.getObservations().getIgnoredMeters().toArray(IgnoredMeters[]::new));
	}

}
