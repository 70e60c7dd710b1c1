package dev.userdirectory.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.userdirectory.api.v1.GetUserRequest;
import dev.userdirectory.api.v1.GetUserResponse;
import dev.userdirectory.api.v1.UserServiceGrpc;
import dev.userdirectory.support.BearerToken;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Latency percentiles for bench/unary, which h2load does not give: {@code inFlight}
 * GetUser calls kept in flight over 4 connections for {@code seconds}, each answer
 * checked to be the user asked for (an error is counted, never timed as a success).
 * Prints one line: name, calls/s, p50, p99.
 *
 * Arguments: name port token userId seconds [inFlight=64]
 */
public final class GetUserLatency {

	private GetUserLatency() {
	}

	public static void main(String[] args) throws Exception {
		int inFlight = (args.length > 5) ? Integer.parseInt(args[5]) : 64;
		Result result = measure(Integer.parseInt(args[1]), args[2], GetUserRequest.newBuilder().setId(args[3]).build(),
				Integer.parseInt(args[4]), inFlight);
		System.out.printf("%s %.0f %.2f %.2f %d%n", args[0], result.rate(), result.p50(), result.p99(),
				result.errors());
	}

	/** What one run measured: the timed successes and the errors. */
	record Result(ConcurrentHistogram micros, long errors, int seconds) {

		double rate() {
			return this.micros.getTotalCount() / (double) this.seconds;
		}

		double p50() {
			return this.micros.getValueAtPercentile(50) / 1000.0;
		}

		double p99() {
			return this.micros.getValueAtPercentile(99) / 1000.0;
		}

	}

	/**
	 * {@code inFlight} calls of {@code request} kept in flight over 4 connections to
	 * {@code port} for {@code seconds}, each answer checked to be the user asked for.
	 */
	static Result measure(int port, String token, GetUserRequest request, int seconds, int inFlight)
			throws InterruptedException {
		ConcurrentHistogram micros = new ConcurrentHistogram(3);
		AtomicLong errors = new AtomicLong();
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build());
		}
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		CountDownLatch done = new CountDownLatch(inFlight);
		for (int i = 0; i < inFlight; i++) {
			UserServiceGrpc.UserServiceStub stub = UserServiceGrpc.newStub(channels.get(i % channels.size()))
				.withInterceptors(BearerToken.of(token));
			new Object() {
				void call() {
					if (System.nanoTime() >= end) {
						done.countDown();
						return;
					}
					long started = System.nanoTime();
					stub.withDeadlineAfter(10, TimeUnit.SECONDS).getUser(request, new StreamObserver<>() {
						@Override
						public void onNext(GetUserResponse response) {
							if (request.getId().equals(response.getUser().getId())) {
								micros.recordValue((System.nanoTime() - started) / 1000);
							}
							else {
								errors.incrementAndGet();
							}
						}

						@Override
						public void onError(Throwable t) {
							errors.incrementAndGet();
							call();
						}

						@Override
						public void onCompleted() {
							call();
						}
					});
				}
			}.call();
		}
		done.await(seconds + 30L, TimeUnit.SECONDS);
		for (ManagedChannel channel : channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		return new Result(micros, errors.get(), seconds);
	}

}
