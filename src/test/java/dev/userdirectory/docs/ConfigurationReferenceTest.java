package dev.userdirectory.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md lists every server {@code users.*} property with its default and
 * meaning, rendered from the configuration metadata that
 * spring-boot-configuration-processor generates from the {@code @ConfigurationProperties}
 * records, where each default is stated. So the reference can never disagree with the
 * code: a property added, renamed or given another default fails this test until the
 * table is regenerated ({@code ./mvnw test -Dtest=ConfigurationReferenceTest
 * -Ddocs.update=true} rewrites it).
 */
class ConfigurationReferenceTest {

	static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	static final Path REFERENCE = Path.of("docs/configuration.md");

	static final String START = "<!-- users-properties: generated from the configuration metadata -->";

	static final String END = "<!-- users-properties: end -->";

	/** The client library's properties are documented with the client, not the server. */
	static final String CLIENT_PACKAGE = "dev.userdirectory.client";

	@Test
	void everyServerPropertyIsListedWithItsDefault() throws IOException {
		String expected = table(serverProperties());
		String document = Files.readString(REFERENCE, StandardCharsets.UTF_8);
		int start = document.indexOf(START);
		int end = document.indexOf(END);
		assertThat(start).as("%s has the marker %s", REFERENCE, START).isNotNegative();
		assertThat(end).as("%s has the marker %s", REFERENCE, END).isGreaterThan(start);
		String listed = document.substring(start + START.length(), end);
		if (Boolean.getBoolean("docs.update") && !listed.equals(expected)) {
			Files.writeString(REFERENCE,
					document.substring(0, start + START.length()) + expected + document.substring(end),
					StandardCharsets.UTF_8);
			listed = expected;
		}
		assertThat(listed).as("the users.* table of %s (regenerate it with -Ddocs.update=true)", REFERENCE)
			.isEqualTo(expected);
	}

	@Test
	void everyServerPropertyExplainsItself() throws IOException {
		assertThat(serverProperties()).isNotEmpty()
			.allSatisfy((property) -> assertThat(property.description())
				.as("the description of %s (the record's @param)", property.name())
				.isNotBlank());
	}

	static List<Property> serverProperties() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(Files.readString(METADATA, StandardCharsets.UTF_8));
		List<Property> properties = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			String source = property.path("sourceType").asString("");
			if (name.startsWith("users.") && !source.startsWith(CLIENT_PACKAGE)) {
				JsonNode defaultValue = property.get("defaultValue");
				properties.add(new Property(name, (defaultValue != null) ? defaultValue.asString() : "",
						property.path("description").asString("")));
			}
		}
		properties.sort(Comparator.comparing(Property::name));
		return properties;
	}

	static String table(List<Property> properties) {
		StringBuilder table = new StringBuilder("\n| property | default | meaning |\n|---|---|---|\n");
		for (Property property : properties) {
			table.append("| `")
				.append(property.name())
				.append("` | ")
				.append(property.defaultValue().isEmpty() ? "(none)" : "`" + property.defaultValue() + "`")
				.append(" | ")
				.append(markdown(property.description()))
				.append(" |\n");
		}
		return table.toString();
	}

	/** Javadoc's inline code as Markdown's, on one line, with table cells kept apart. */
	static String markdown(String description) {
		return description.replaceAll("\\{@code ([^}]*)}", "`$1`")
			.replaceAll("\\{@link ([^}]*)}", "`$1`")
			.replaceAll("\\s+", " ")
			.replace("|", "\\|")
			.strip();
	}

	record Property(String name, String defaultValue, String description) {
	}

}
