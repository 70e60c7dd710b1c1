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
		String name = args[0];
		int port = Integer.parseInt(args[1]);
		String token = args[2];
		String id = args[3];
		int seconds = Integer.parseInt(args[4]);
		int inFlight = (args.length > 5) ? Integer.parseInt(args[5]) : 64;
		ConcurrentHistogram micros = new ConcurrentHistogram(3);
		AtomicLong errors = new AtomicLong();
		List<ManagedChannel> channels = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			channels.add(NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build());
		}
		GetUserRequest request = GetUserRequest.newBuilder().setId(id).build();
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
							if (id.equals(response.getUser().getId())) {
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
		System.out.printf("%s %.0f %.2f %.2f %d%n", name, micros.getTotalCount() / (double) seconds,
				micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, errors.get());
	}

}
