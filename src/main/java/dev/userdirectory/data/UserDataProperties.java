package dev.userdirectory.data;

import java.time.Duration;

import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxSize the largest upload accepted; past it RESOURCE_EXHAUSTED and nothing is stored
 * @param orphanAge chunks no user's data refers to are deleted once this old
 */
@ConfigurationProperties("users.data")
public record UserDataProperties(DataSize maxSize, Duration orphanAge) {
}
