package dev.userdirectory.listing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultPageSize the page size when a request asks for 0
 * @param maxPageSize larger requests are cut to this
 * @param chunkSize how many users one database query fetches while a page streams
 */
@ConfigurationProperties("users.list")
public record ListingProperties(@DefaultValue("50") int defaultPageSize, @DefaultValue("1000") int maxPageSize,
		@DefaultValue("200") int chunkSize) {
}
