package dev.userdirectory.listing;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.userdirectory.error.ApiException;
import dev.userdirectory.listing.FilterLexer.Kind;
import dev.userdirectory.listing.FilterLexer.Token;
import dev.userdirectory.listing.UserFilter.Comparison;
import dev.userdirectory.user.UserEntity;

/**
 * Parses ListUsers' filter, the subset of AIP-160 that docs/api.md lists, by recursive
 * descent following AIP-160's grammar, where OR binds tighter than AND:
 *
 * <pre>
 * filter      = [ expression ]
 * expression  = factor { "AND" factor }
 * factor      = term { "OR" term }
 * term        = [ "NOT" | "-" ] simple
 * simple      = restriction | "(" expression ")"
 * restriction = field comparator value | field ":" value
 * </pre>
 *
 * Anything else is INVALID_ARGUMENT on {@code filter}, naming the offending token and its
 * position.
 */
final class UserFilterParser {

	/** Deeper nesting than any real filter needs; bounds the recursion. */
	private static final int MAX_DEPTH = 32;

	private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("\\d{4}-");

	private static final String FIELDS = "status, age, created_at, updated_at, email, name, external_id, tag, tags, "
			+ "annotations.KEY";

	private final List<Token> tokens;

	private int next;

	private int depth;

	private UserFilterParser(List<Token> tokens) {
		this.tokens = tokens;
	}

	static UserFilter parse(String filter) {
		UserFilterParser parser = new UserFilterParser(FilterLexer.tokenize(filter));
		if (parser.peek().kind() == Kind.END) {
			return UserFilter.ALL;
		}
		UserFilter parsed = parser.expression();
		Token rest = parser.peek();
		if (rest.kind() != Kind.END) {
			throw invalid("expected AND, OR or the end of the filter, found " + rest.describe()
					+ (rest.kind() == Kind.RPAREN ? " (unbalanced parenthesis)" : ""));
		}
		return parsed;
	}

	private UserFilter expression() {
		if (++this.depth > MAX_DEPTH) {
			throw invalid("the filter nests deeper than " + MAX_DEPTH + " levels at " + peek().describe());
		}
		UserFilter result = factor();
		while (accept(Kind.AND)) {
			result = new UserFilter.And(result, factor());
		}
		this.depth--;
		return result;
	}

	private UserFilter factor() {
		UserFilter result = term();
		while (accept(Kind.OR)) {
			result = new UserFilter.Or(result, term());
		}
		return result;
	}

	private UserFilter term() {
		if (accept(Kind.NOT) || accept(Kind.MINUS)) {
			return new UserFilter.Not(simple());
		}
		return simple();
	}

	private UserFilter simple() {
		Token token = take();
		if (token.kind() == Kind.LPAREN) {
			UserFilter inner = expression();
			Token close = take();
			if (close.kind() != Kind.RPAREN) {
				throw invalid("expected ')' to close the '(' at position " + token.position() + ", found "
						+ close.describe());
			}
			return inner;
		}
		if (token.kind() != Kind.WORD) {
			throw invalid("expected a restriction like status = USER_STATUS_ACTIVE, found " + token.describe());
		}
		return restriction(token);
	}

	private UserFilter restriction(Token field) {
		String name = field.text();
		if (name.startsWith("annotations.") && name.length() > "annotations.".length()) {
			return annotation(field, name.substring("annotations.".length()));
		}
		return switch (name) {
			case "status" -> status(comparator(field, true));
			case "age" -> age(comparator(field, true));
			case "created_at" -> time(UserFilter.TimeField.CREATED_AT, comparator(field, true));
			case "updated_at" -> time(UserFilter.TimeField.UPDATED_AT, comparator(field, true));
			case "email" -> text(UserFilter.TextField.EMAIL, comparator(field, false), true);
			case "name" -> text(UserFilter.TextField.NAME, comparator(field, false), true);
			case "external_id" -> text(UserFilter.TextField.EXTERNAL_ID, comparator(field, false), false);
			case "tag" -> {
				Token operator = take();
				if (operator.kind() != Kind.COMPARATOR || !"=".equals(operator.text())) {
					throw invalid("tag takes '=' (or write tags:\"x\"), found " + operator.describe());
				}
				yield new UserFilter.HasTag(string(take(), "tag"));
			}
			case "tags" -> {
				Token operator = take();
				if (operator.kind() != Kind.HAS) {
					throw invalid("tags takes ':' as in tags:\"x\", found " + operator.describe());
				}
				yield new UserFilter.HasTag(string(take(), "tags"));
			}
			default -> throw invalid(
					"unknown field '" + name + "' at position " + field.position() + "; filterable fields: " + FIELDS);
		};
	}

	/** The comparator after {@code field}: any of the six when ordered, else = or !=. */
	private Comparison comparator(Token field, boolean ordered) {
		Token operator = take();
		if (operator.kind() != Kind.COMPARATOR) {
			throw invalid(
					"expected a comparison operator after " + field.describe() + ", found " + operator.describe());
		}
		Comparison comparison = switch (operator.text()) {
			case "=" -> Comparison.EQ;
			case "!=" -> Comparison.NE;
			case "<" -> Comparison.LT;
			case "<=" -> Comparison.LE;
			case ">" -> Comparison.GT;
			default -> Comparison.GE;
		};
		if (!ordered && comparison != Comparison.EQ && comparison != Comparison.NE) {
			throw invalid("operator " + operator.describe() + " is not supported on " + field.text() + "; use = or !=");
		}
		return comparison;
	}

	private UserFilter status(Comparison comparison) {
		Token value = take();
		UserEntity.Status status = switch (value.kind() == Kind.WORD ? value.text() : "") {
			case "USER_STATUS_ACTIVE", "ACTIVE" -> UserEntity.Status.ACTIVE;
			case "USER_STATUS_INACTIVE", "INACTIVE" -> UserEntity.Status.INACTIVE;
			case "USER_STATUS_SUSPENDED", "SUSPENDED" -> UserEntity.Status.SUSPENDED;
			default -> throw invalid("unknown status " + value.describe()
					+ "; one of USER_STATUS_ACTIVE, USER_STATUS_INACTIVE, USER_STATUS_SUSPENDED");
		};
		// Compared as the enum's numbers, which follow the declaration order.
		Set<UserEntity.Status> admitted = EnumSet.noneOf(UserEntity.Status.class);
		for (UserEntity.Status candidate : UserEntity.Status.values()) {
			if (comparison.admits(Integer.compare(candidate.ordinal(), status.ordinal()))) {
				admitted.add(candidate);
			}
		}
		return new UserFilter.StatusIn(admitted);
	}

	private UserFilter age(Comparison comparison) {
		Token value = take();
		try {
			if (value.kind() != Kind.WORD) {
				throw new NumberFormatException();
			}
			return new UserFilter.AgeCompare(comparison, Integer.parseInt(value.text()));
		}
		catch (NumberFormatException ex) {
			throw invalid("age is compared with a whole number, found " + value.describe());
		}
	}

	private UserFilter time(UserFilter.TimeField field, Comparison comparison) {
		Token value = take();
		String name = field.name().toLowerCase(Locale.ROOT);
		String text = string(value, name);
		try {
			// RFC 3339 years have four digits; the ISO parser would also take "+99999-…",
			// which the databases cannot compare with.
			if (!FOUR_DIGIT_YEAR.matcher(text).lookingAt()) {
				throw new DateTimeException(text);
			}
			return new UserFilter.TimeCompare(field, comparison, OffsetDateTime.parse(text).toInstant());
		}
		catch (DateTimeException ex) {
			throw invalid(name + " is compared with an RFC 3339 time like \"2026-01-31T12:00:00Z\", found "
					+ value.describe());
		}
	}

	private UserFilter text(UserFilter.TextField field, Comparison comparison, boolean prefixable) {
		Token value = take();
		String name = field.name().toLowerCase(Locale.ROOT);
		boolean prefix = prefixable && value.wildcard();
		String text = string(value, name);
		if (prefix) {
			text = text.substring(0, text.length() - 1);
		}
		if (field == UserFilter.TextField.EMAIL) {
			text = text.toLowerCase(Locale.ROOT);
		}
		UserFilter equals = new UserFilter.TextEquals(field, text, prefix);
		return (comparison == Comparison.EQ) ? equals : new UserFilter.Not(equals);
	}

	private UserFilter annotation(Token field, String key) {
		Token operator = take();
		if (operator.kind() == Kind.HAS) {
			Token star = take();
			if (star.kind() != Kind.STAR) {
				throw invalid(field.text() + ": takes only * (key present), found " + star.describe());
			}
			return new UserFilter.HasAnnotation(key);
		}
		if (operator.kind() == Kind.COMPARATOR && "=".equals(operator.text())) {
			return new UserFilter.AnnotationEquals(key, string(take(), field.text()));
		}
		throw invalid(field.text() + " takes '= \"value\"' or ':*', found " + operator.describe());
	}

	/**
	 * The literal text of a string token: a trailing wildcard is taken as a plain '*'.
	 */
	private static String string(Token value, String field) {
		if (value.kind() != Kind.STRING) {
			throw invalid(field + " is compared with a double-quoted string, found " + value.describe());
		}
		return value.wildcard() ? value.text() + "*" : value.text();
	}

	private Token peek() {
		return this.tokens.get(this.next);
	}

	private Token take() {
		Token token = peek();
		if (token.kind() != Kind.END) {
			this.next++;
		}
		return token;
	}

	private boolean accept(Kind kind) {
		if (peek().kind() == kind) {
			this.next++;
			return true;
		}
		return false;
	}

	private static ApiException invalid(String description) {
		return FilterLexer.invalid(description);
	}

}
