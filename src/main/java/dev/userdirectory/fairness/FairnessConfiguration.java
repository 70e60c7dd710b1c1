package dev.userdirectory.fairness;

import dev.userdirectory.error.GrpcErrorHandler;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Per-caller limits on every gRPC call. The interceptor sits inside Spring Security's
 * (order 2), where the subject is verified, and after the access log has its subject
 * (order 4), so a refused call is logged with the caller it refused.
 */
@Configuration(proxyBeanMethods = false)
class FairnessConfiguration {

	@Bean
	CallerBudgets callerBudgets(FairnessProperties properties) {
		return new CallerBudgets(properties, TimeMeter.SYSTEM_NANOTIME);
	}

	@Bean
	@GlobalServerInterceptor
	@Order(6)
	CallerLimitInterceptor callerLimitInterceptor(CallerBudgets budgets, FairnessProperties properties,
			GrpcErrorHandler errors, MeterRegistry meters) {
		return new CallerLimitInterceptor(budgets, properties, errors, meters);
	}

}
