package dev.userdirectory.observability;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogDurationTests {

	@ParameterizedTest
	@CsvSource({ "0, 0.00", "4999, 0.00", "5000, 0.01", "90000, 0.09", "1234567, 1.23", "999999, 1.00",
			"12000000000, 12000.00", "100000, 0.10" })
	void durationIsMillisecondsWithTwoDecimalsAndADotInEveryLocale(long nanos, String expected) {
		assertThat(AccessLogInterceptor.millis(nanos)).isEqualTo(expected)
			.isEqualTo(String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6));
	}

}
