package dev.userdirectory.changefeed;

import dev.userdirectory.streaming.FeedTail;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** This replica's follower of the change feed, shared by all its watchers. */
@Component
class ChangeFeedTail implements SmartLifecycle {

	private final FeedTail<ChangeEvent> tail;

	private volatile boolean running;

	ChangeFeedTail(ChangeFeedSource source, ChangeFeedProperties properties, MeterRegistry meters) {
		this.tail = new FeedTail<>("change-feed", source, properties.ringSize(), 500, properties.pollInterval());
		Gauge.builder("users.watch.active", this.tail, FeedTail::subscriberCount)
			.description("Open WatchUserChanges streams on this replica")
			.register(meters);
		Gauge.builder("users.change_feed.head", this.tail, FeedTail::head)
			.description("The newest change-feed sequence number this replica has seen")
			.register(meters);
	}

	FeedTail<ChangeEvent> tail() {
		return this.tail;
	}

	@Override
	public void start() {
		this.tail.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.tail.close();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
