package dev.userdirectory.storage;

import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Makes every commit on an embedded H2 database reach the database file before it is
 * acknowledged, whatever URL the operator configured.
 * <p>
 * H2 keeps committed changes in memory and writes them out from a background thread, by default
 * up to half a second later ({@code WRITE_DELAY}): a process killed in that window loses writes
 * that callers were told had succeeded. With {@code WRITE_DELAY 0} H2 writes its store at every
 * commit, so a committed change is in the operating system's file cache when the call returns and
 * survives the process. H2 still does not fsync at commit: see docs/durability.md for what that
 * means on power loss.
 */
@Component
class H2DurableCommits implements BeanPostProcessor {

	private static final Logger log = LoggerFactory.getLogger(H2DurableCommits.class);

	static final String SETTING = "WRITE_DELAY";

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:h2:")) {
			pool.setJdbcUrl(durable(pool.getJdbcUrl()));
		}
		return bean;
	}

	/**
	 * The URL with {@code WRITE_DELAY=0} added, in the URL rather than a statement so that it
	 * applies to every opening of the database, a reopening after a failed write included. An
	 * operator's own {@code WRITE_DELAY} is kept, with a warning: it is a choice to lose writes.
	 */
	static String durable(String url) {
		if (url.toUpperCase(Locale.ROOT).contains(";" + SETTING + "=")) {
			if (!url.toUpperCase(Locale.ROOT).contains(";" + SETTING + "=0")) {
				log.warn("spring.datasource.url sets {}: acknowledged writes of up to that many milliseconds are lost"
						+ " if the process is killed", SETTING);
			}
			return url;
		}
		return url + ";" + SETTING + "=0";
	}

}
