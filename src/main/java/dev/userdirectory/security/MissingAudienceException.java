package dev.userdirectory.security;

/**
 * Without an audience the service would accept tokens its issuer minted for any other API
 * (the confused deputy of RFC 8725): it refuses to start instead.
 */
public class MissingAudienceException extends RuntimeException {

	public MissingAudienceException() {
		super("No token audience is configured: set " + AudienceRequirement.AUDIENCES_PROPERTY
				+ " to the aud value your issuer puts in tokens for this service");
	}

}
