package dev.userdirectory.data;

import java.time.Duration;

import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxSize the largest upload accepted; past it RESOURCE_EXHAUSTED and nothing is
 * stored
 * @param orphanAge chunks no user's data refers to are deleted once this old
 */
@ConfigurationProperties("users.data")
public record UserDataProperties(@DefaultValue("10MB") DataSize maxSize, @DefaultValue("1h") Duration orphanAge) {
}
