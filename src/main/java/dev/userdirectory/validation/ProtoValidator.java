package dev.userdirectory.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.ValidatorFactory;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Message;
import dev.userdirectory.error.ApiException;
import dev.userdirectory.error.FieldViolation;

import org.springframework.stereotype.Component;

/**
 * Checks messages against the protovalidate rules declared in {@code proto/}, the single
 * source of the API's input rules, plus the one rule the database adds to every string
 * (no NUL), and turns violations into field violations named by their path.
 */
@Component
public class ProtoValidator {

	/**
	 * Built on a thread of its own: protovalidate's CEL runtime is some 800 classes to
	 * load, which start-up need not wait for. The first validation waits for it instead,
	 * long after it is done.
	 */
	private final CompletableFuture<Validator> validator = CompletableFuture
		.supplyAsync(() -> ValidatorFactory.newBuilder().build(), (task) -> {
			Thread thread = new Thread(task, "protovalidate-init");
			thread.setDaemon(true);
			thread.start();
		});

	/**
	 * Throws INVALID_ARGUMENT naming every violated field, each prefixed with
	 * {@code prefix}.
	 */
	public void validate(Message message, String prefix) {
		List<FieldViolation> violations = violations(message, prefix);
		if (!violations.isEmpty()) {
			throw ApiException.invalid(violations);
		}
	}

	public void validate(Message message) {
		validate(message, "");
	}

	public List<FieldViolation> violations(Message message, String prefix) {
		ValidationResult result;
		try {
			result = this.validator.join().validate(message);
		}
		catch (ValidationException ex) {
			// A rule that cannot be compiled or evaluated is a bug in proto/, not bad
			// input.
			throw new IllegalStateException("protovalidate rules of " + message.getDescriptorForType().getFullName()
					+ " could not be evaluated", ex);
		}
		List<FieldViolation> violations = new ArrayList<>(result.getViolations().size());
		for (build.buf.protovalidate.Violation violation : result.getViolations()) {
			build.buf.validate.Violation proto = violation.toProto();
			violations.add(new FieldViolation(path(proto.getField()), proto.getMessage()).withPrefix(prefix));
		}
		nulCharacters(message, prefix, violations);
		return violations;
	}

	/**
	 * PostgreSQL cannot store NUL (U+0000) in text, so no string of any request may carry
	 * one: it is refused here, naming the field, rather than by the database as a server
	 * error.
	 */
	private static void nulCharacters(Message message, String path, List<FieldViolation> violations) {
		message.getAllFields().forEach((field, value) -> {
			String name = path.isEmpty() ? field.getName() : path + "." + field.getName();
			List<?> values = field.isRepeated() ? (List<?>) value : List.of(value);
			for (int i = 0; i < values.size(); i++) {
				String element = field.isRepeated() ? name + "[" + i + "]" : name;
				if (values.get(i) instanceof String text && text.indexOf('\0') >= 0) {
					violations.add(new FieldViolation(element, "must not contain NUL (U+0000) characters"));
				}
				else if (values.get(i) instanceof Message nested) {
					nulCharacters(nested, element, violations);
				}
			}
		});
	}

	/**
	 * A map key as a path names it: a hostile key can be megabytes, and the path travels
	 * in the status message and trailers, whose size HTTP/2 limits.
	 */
	private static String shortened(String key) {
		int maxCodePoints = 64;
		if (key.codePointCount(0, key.length()) <= maxCodePoints) {
			return key;
		}
		return key.substring(0, key.offsetByCodePoints(0, maxCodePoints)) + "…";
	}

	static String path(FieldPath fieldPath) {
		StringBuilder path = new StringBuilder();
		for (FieldPathElement element : fieldPath.getElementsList()) {
			if (!path.isEmpty()) {
				path.append('.');
			}
			path.append(element.getFieldName());
			switch (element.getSubscriptCase()) {
				case INDEX -> path.append('[').append(element.getIndex()).append(']');
				case INT_KEY -> path.append('[').append(element.getIntKey()).append(']');
				case UINT_KEY -> path.append('[').append(element.getUintKey()).append(']');
				case BOOL_KEY -> path.append('[').append(element.getBoolKey()).append(']');
				case STRING_KEY -> path.append("[\"").append(shortened(element.getStringKey())).append("\"]");
				default -> {
				}
			}
		}
		return path.toString();
	}

}
