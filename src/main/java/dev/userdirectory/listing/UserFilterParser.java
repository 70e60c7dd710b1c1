package dev.userdirectory.listing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.user.UserEntity;

/**
 * Parses ListUsers' filter, a subset of AIP-160: restrictions
 * {@code status = USER_STATUS_ACTIVE} and {@code tag = "x"} (string literals in double
 * quotes, with {@code \"} and {@code \\} escapes), joined by {@code AND}. Anything else
 * is INVALID_ARGUMENT on {@code filter}.
 */
final class UserFilterParser {

	private UserFilterParser() {
	}

	static UserFilter parse(String filter) {
		List<String> tokens = tokenize(filter);
		Optional<UserEntity.Status> status = Optional.empty();
		Optional<String> tag = Optional.empty();
		int i = 0;
		while (i < tokens.size()) {
			if (i + 3 > tokens.size()) {
				throw invalid("expected a restriction like status = USER_STATUS_ACTIVE or tag = \"x\"");
			}
			String field = tokens.get(i);
			if (!"=".equals(tokens.get(i + 1))) {
				throw invalid("only '=' is supported, found '" + tokens.get(i + 1) + "'");
			}
			String value = tokens.get(i + 2);
			switch (field) {
				case "status" -> {
					if (status.isPresent()) {
						throw invalid("status is restricted twice");
					}
					status = Optional.of(status(value));
				}
				case "tag" -> {
					if (tag.isPresent()) {
						throw invalid("tag is restricted twice");
					}
					tag = Optional.of(quoted(value));
				}
				default -> throw invalid("unknown field '" + field + "'; supported: status, tag");
			}
			i += 3;
			if (i < tokens.size()) {
				if (!"AND".equals(tokens.get(i))) {
					throw invalid("restrictions must be joined by AND, found '" + tokens.get(i) + "'");
				}
				i++;
				if (i == tokens.size()) {
					throw invalid("AND must be followed by a restriction");
				}
			}
		}
		return new UserFilter(status, tag);
	}

	private static UserEntity.Status status(String value) {
		return switch (value) {
			case "USER_STATUS_ACTIVE", "ACTIVE" -> UserEntity.Status.ACTIVE;
			case "USER_STATUS_INACTIVE", "INACTIVE" -> UserEntity.Status.INACTIVE;
			case "USER_STATUS_SUSPENDED", "SUSPENDED" -> UserEntity.Status.SUSPENDED;
			default -> throw invalid("unknown status '" + value + "'");
		};
	}

	private static String quoted(String value) {
		if (value.length() < 2 || value.charAt(0) != '"') {
			throw invalid("tag values are double-quoted strings");
		}
		return value.substring(1, value.length() - 1);
	}

	/**
	 * Words, '=', and double-quoted strings (kept with their quotes, escapes resolved).
	 */
	private static List<String> tokenize(String filter) {
		List<String> tokens = new ArrayList<>();
		int i = 0;
		while (i < filter.length()) {
			char c = filter.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '=') {
				tokens.add("=");
				i++;
			}
			else if (c == '"') {
				StringBuilder literal = new StringBuilder("\"");
				i++;
				boolean closed = false;
				while (i < filter.length()) {
					char d = filter.charAt(i++);
					if (d == '\\' && i < filter.length()) {
						literal.append(filter.charAt(i++));
					}
					else if (d == '"') {
						closed = true;
						break;
					}
					else {
						literal.append(d);
					}
				}
				if (!closed) {
					throw invalid("unterminated string literal");
				}
				tokens.add(literal.append('"').toString());
			}
			else if (Character.isLetterOrDigit(c) || c == '_') {
				int start = i;
				while (i < filter.length()
						&& (Character.isLetterOrDigit(filter.charAt(i)) || filter.charAt(i) == '_')) {
					i++;
				}
				tokens.add(filter.substring(start, i));
			}
			else {
				throw invalid("unexpected character '" + c + "' at " + i);
			}
		}
		return tokens;
	}

	private static ApiException invalid(String description) {
		return ApiException.invalid("filter", description);
	}

}
