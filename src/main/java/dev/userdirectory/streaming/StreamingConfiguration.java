package dev.userdirectory.streaming;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StreamingConfiguration {

	/** The connections the feed tails poll through, beside the service's pool. */
	@Bean
	TailConnections tailConnections(DataSource dataSource, MeterRegistry meters) {
		return TailConnections.beside(dataSource, meters);
	}

	/**
	 * Where long-lived streams (watch, chat) do their sending: a few threads shared by
	 * all of them, so thousands of idle streams cost no thread.
	 */
	@Bean(destroyMethod = "shutdownNow")
	ExecutorService streamExecutor() {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory threads = (task) -> {
			Thread thread = new Thread(task, "stream-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), threads);
	}

}
