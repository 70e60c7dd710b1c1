package dev.userdirectory.chat;

import dev.userdirectory.streaming.FeedTail;
import dev.userdirectory.streaming.ReplicaWakeUps;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

	/** This replica's follower of the chat messages, shared by all its participants. */
	@Bean
	FeedTail<ChatRow> chatTail(ChatStore store, ChatProperties properties, ReplicaWakeUps wakeUps,
			MeterRegistry meters) {
		return new FeedTail<>("chat", store, properties.ringSize(), 500, properties.pollInterval())
			.measuredAs("users.chat.participants", "Open Chat streams on this replica", meters)
			.wokenAcrossReplicas(wakeUps, ChatStore.CHANNEL);
	}

}
