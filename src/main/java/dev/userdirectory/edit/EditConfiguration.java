package dev.userdirectory.edit;

import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.streaming.ReplicaWakeUps;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EditConfiguration {

	/** This replica's follower of the bio edit log, shared by all its editors. */
	@Bean
	FeedTail<EditRow> editTail(EditStore store, EditProperties properties, ReplicaWakeUps wakeUps,
			MeterRegistry meters) {
		return new FeedTail<>("edits", store, properties.ringSize(), 500, properties.pollInterval())
			.measuredAs("users.edit.participants", "Open CollaborativeEdit streams on this replica", meters)
			.wokenAcrossReplicas(wakeUps, "users_edits");
	}

}
