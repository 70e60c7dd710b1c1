package dev.userdirectory.security;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Outside the dev profile (whose own tokens carry their own audience) a token must name
 * this service in {@code aud}; without a configured audience the service does not start,
 * unless that was switched off on purpose. Checked once every bean exists, so a missing
 * JWT configuration is reported first, and before any port opens.
 */
final class AudienceRequirement implements SmartInitializingSingleton {

	static final String AUDIENCES_PROPERTY = "spring.security.oauth2.resourceserver.jwt.audiences";

	static final String OPT_OUT_PROPERTY = "users.security.audience-required";

	private static final Logger log = LoggerFactory.getLogger(AudienceRequirement.class);

	private final boolean devProfile;

	private final List<String> audiences;

	private final boolean required;

	AudienceRequirement(boolean devProfile, List<String> audiences, boolean required) {
		this.devProfile = devProfile;
		this.audiences = (audiences != null) ? audiences : List.of();
		this.required = required;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.devProfile || this.audiences.stream().anyMatch((audience) -> !audience.isBlank())) {
			return;
		}
		if (this.required) {
			throw new MissingAudienceException();
		}
		log.warn("{}=false and no {}: tokens are accepted whatever their aud claim, so a token the issuer "
				+ "minted for any other API is accepted here too", OPT_OUT_PROPERTY, AUDIENCES_PROPERTY);
	}

}
