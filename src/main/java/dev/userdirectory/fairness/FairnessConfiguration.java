package dev.userdirectory.fairness;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import com.google.common.util.concurrent.MoreExecutors;
import dev.userdirectory.error.GrpcErrorHandler;
import dev.userdirectory.security.VerifiedTokens;
import io.grpc.netty.NettyServerBuilder;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;

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

	/**
	 * Calls start on the transport thread (a direct server executor), where
	 * {@link EarlyRefusal} sends each to the call executor unless its caller is over its
	 * limit. Spring Boot's own customizers, which set the call executor, run before this
	 * one.
	 */
	@Bean
	ServerBuilderCustomizer<NettyServerBuilder> earlyRefusal(FairnessProperties properties, CallerBudgets budgets,
			ObjectProvider<JwtDecoder> jwtDecoder, GrpcServerExecutorProvider callExecutor) {
		return (builder) -> {
			if (properties.enabled() && jwtDecoder.getIfAvailable() instanceof VerifiedTokens tokens) {
				builder.executor(MoreExecutors.directExecutor())
					.callExecutor(new EarlyRefusal(budgets, tokens, callExecutor.getExecutor()));
			}
		};
	}

	@Bean
	@GlobalServerInterceptor
	@Order(6)
	CallerLimitInterceptor callerLimitInterceptor(CallerBudgets budgets, FairnessProperties properties,
			GrpcErrorHandler errors, MeterRegistry meters) {
		return new CallerLimitInterceptor(budgets, properties, errors, meters, heldRefusals());
	}

	/** One thread that sends held refusals: it only writes a status per refusal. */
	private static ScheduledExecutorService heldRefusals() {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "caller-limit-refusals");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

}
