package dev.userdirectory.storage;

import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The H2 settings every acknowledged write depends on, added to whatever URL the operator
 * configured; they go in the URL rather than a statement so that they apply to every
 * opening of the database, a reopening after a failed write included.
 * <ul>
 * <li>{@code WRITE_DELAY=0}: H2 keeps committed changes in memory and writes them out
 * from a background thread, by default up to half a second later, so a process killed in
 * that window loses writes that callers were told had succeeded. With 0 H2 writes its
 * store at every commit, and a committed change is in the operating system's file cache
 * when the call returns. H2 still does not fsync at commit: see docs/durability.md for
 * what that means on power loss.</li>
 * <li>{@code LOCK_TIMEOUT=10000}: writers of one user queue on its row lock, and a hot
 * user may have many; H2's own 2 s would refuse some of them on a busy disk.</li>
 * </ul>
 * An operator's own value of either is kept, with a warning for a write delay: it is a
 * choice to lose writes.
 */
@Component
class H2Settings implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(H2Settings.class);

	private static final Map<String, String> REQUIRED = Map.of("WRITE_DELAY", "0", "LOCK_TIMEOUT", "10000");

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
				&& pool.getJdbcUrl().startsWith("jdbc:h2:")) {
			pool.setJdbcUrl(withRequiredSettings(pool.getJdbcUrl()));
		}
		return bean;
	}

	static String withRequiredSettings(String url) {
		StringBuilder result = new StringBuilder(url);
		String upper = url.toUpperCase(Locale.ROOT);
		REQUIRED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((setting) -> {
			if (!upper.contains(";" + setting.getKey() + "=")) {
				result.append(';').append(setting.getKey()).append('=').append(setting.getValue());
			}
			else if (setting.getKey().equals("WRITE_DELAY") && !upper.contains(";WRITE_DELAY=0")) {
				log.warn("spring.datasource.url sets WRITE_DELAY: acknowledged writes of up to that many milliseconds"
						+ " are lost if the process is killed");
			}
		});
		return result.toString();
	}

}
