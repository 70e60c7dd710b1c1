package dev.userdirectory.listing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param defaultPageSize the page size when a request asks for 0
 * @param maxPageSize larger requests are cut to this
 * @param chunkSize how many users one database query fetches while a page streams
 */
@ConfigurationProperties("users.list")
public record ListingProperties(int defaultPageSize, int maxPageSize, int chunkSize) {
}
