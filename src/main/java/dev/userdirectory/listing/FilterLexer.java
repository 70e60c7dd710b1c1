package dev.userdirectory.listing;

import java.util.ArrayList;
import java.util.List;

import dev.userdirectory.error.ApiException;

/**
 * Splits a filter into tokens for {@link UserFilterParser}. Positions are 1-based
 * character offsets, the way an error message names them.
 */
final class FilterLexer {

	enum Kind {

		WORD, STRING, LPAREN, RPAREN, MINUS, COMPARATOR, HAS, STAR, AND, OR, NOT, END

	}

	/**
	 * One token; a string's {@code text} has its escapes resolved, and {@code wildcard}
	 * says it ended in an unescaped {@code *} (then left out of {@code text}).
	 */
	record Token(Kind kind, String text, int position, boolean wildcard) {

		String describe() {
			return switch (this.kind) {
				case END -> "the end of the filter";
				case STRING -> "\"" + this.text + "\" at position " + this.position;
				default -> "'" + this.text + "' at position " + this.position;
			};
		}

	}

	private FilterLexer() {
	}

	static List<Token> tokenize(String filter) {
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		while (i < filter.length()) {
			char c = filter.charAt(i);
			int position = i + 1;
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '(' || c == ')' || c == ':' || c == '*') {
				Kind kind = switch (c) {
					case '(' -> Kind.LPAREN;
					case ')' -> Kind.RPAREN;
					case ':' -> Kind.HAS;
					default -> Kind.STAR;
				};
				tokens.add(new Token(kind, String.valueOf(c), position, false));
				i++;
			}
			else if (c == '-') {
				tokens.add(new Token(Kind.MINUS, "-", position, false));
				i++;
			}
			else if (c == '=' || c == '!' || c == '<' || c == '>') {
				boolean twoChars = i + 1 < filter.length() && filter.charAt(i + 1) == '=';
				if (c == '!' && !twoChars) {
					throw invalid("unexpected character '!' at position " + position + "; did you mean '!='?");
				}
				if (c == '=' && twoChars) {
					throw invalid("unexpected '==' at position " + position + "; equality is a single '='");
				}
				String text = twoChars ? filter.substring(i, i + 2) : String.valueOf(c);
				tokens.add(new Token(Kind.COMPARATOR, text, position, false));
				i += text.length();
			}
			else if (c == '"') {
				i = string(filter, i, tokens);
			}
			else if (startsWord(c)) {
				int start = i;
				while (i < filter.length() && continuesWord(filter.charAt(i))) {
					i++;
				}
				String word = filter.substring(start, i);
				Kind kind = switch (word) {
					case "AND" -> Kind.AND;
					case "OR" -> Kind.OR;
					case "NOT" -> Kind.NOT;
					default -> Kind.WORD;
				};
				tokens.add(new Token(kind, word, position, false));
			}
			else {
				throw invalid("unexpected character '" + c + "' at position " + position);
			}
		}
		tokens.add(new Token(Kind.END, "", filter.length() + 1, false));
		return tokens;
	}

	/**
	 * Reads the string literal opening at {@code open}; answers where the next token
	 * starts.
	 */
	private static int string(String filter, int open, List<Token> tokens) {
		StringBuilder text = new StringBuilder();
		boolean wildcard = false;
		int i = open + 1;
		while (i < filter.length()) {
			char c = filter.charAt(i++);
			if (c == '"') {
				tokens.add(new Token(Kind.STRING, text.toString(), open + 1, wildcard));
				return i;
			}
			if (wildcard) {
				// The '*' seen before was not the last character: it was meant literally.
				text.append('*');
				wildcard = false;
			}
			if (c == '\\') {
				if (i == filter.length()) {
					break;
				}
				text.append(filter.charAt(i++));
			}
			else if (c == '*') {
				wildcard = true;
			}
			else {
				text.append(c);
			}
		}
		throw invalid("unterminated string literal starting at position " + (open + 1));
	}

	private static boolean startsWord(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	/**
	 * Dots, slashes and dashes belong to words, for
	 * {@code annotations.example.com/team-id}.
	 */
	private static boolean continuesWord(char c) {
		return startsWord(c) || c == '.' || c == '/' || c == '-';
	}

	static ApiException invalid(String description) {
		return ApiException.invalid("filter", description);
	}

}
