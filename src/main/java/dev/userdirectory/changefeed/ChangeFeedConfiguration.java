package dev.userdirectory.changefeed;

import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.streaming.ReplicaWakeUps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ChangeFeedConfiguration {

	/** This replica's follower of the change feed, shared by all its watchers. */
	@Bean
	FeedTail<ChangeEvent> changeFeedTail(ChangeFeedSource source, ChangeFeedProperties properties,
			ReplicaWakeUps wakeUps, MeterRegistry meters) {
		FeedTail<ChangeEvent> tail = new FeedTail<>("change-feed", source, properties.ringSize(), 500,
				properties.pollInterval())
			.measuredAs("users.watch.active", "Open WatchUserChanges streams on this replica", meters)
			.wokenAcrossReplicas(wakeUps, "users_changes");
		Gauge.builder("users.change_feed.head", tail, FeedTail::head)
			.description("The newest change-feed sequence number this replica has seen")
			.register(meters);
		return tail;
	}

}
