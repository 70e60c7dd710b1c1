package dev.userdirectory.server;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The executor that runs every call's handler and callbacks. grpc-java's default is an
 * unbounded cached thread pool: each callback is handed to an idle thread through a
 * SynchronousQueue, a wake-up per hop, and a database outage can pile up a thread per
 * waiting call. A work-stealing pool in FIFO mode keeps a bounded set of threads busy
 * from per-thread queues instead: on bench/unary it raised GetUser from 0.41 to 0.66-0.71
 * of bare grpc-java's rate. The bound is generous ({@code users.grpc.call-threads})
 * because handlers block on JDBC, which a ForkJoinPool cannot see; Hikari's pool, far
 * smaller, is what limits database work.
 */
@Configuration(proxyBeanMethods = false)
class GrpcCallExecutor {

	@Bean(destroyMethod = "shutdown")
	ForkJoinPool grpcCallPool(GrpcServerProperties properties) {
		// Numbered here: a new worker's pool index is only assigned once it runs, so
		// every thread
		// was named grpc-call-0. Idle workers retire after 60 s; the numbers keep
		// counting.
		AtomicInteger threadNumber = new AtomicInteger();
		return new ForkJoinPool(properties.callThreads(), (pool) -> {
			ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
			thread.setName("grpc-call-" + threadNumber.getAndIncrement());
			return thread;
		}, null, true);
	}

	@Bean
	GrpcServerExecutorProvider grpcCallExecutorProvider(ForkJoinPool grpcCallPool) {
		return () -> grpcCallPool;
	}

}
