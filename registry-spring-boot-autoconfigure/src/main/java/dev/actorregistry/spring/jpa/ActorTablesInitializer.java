package dev.actorregistry.spring.jpa;

import java.util.List;
import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Creates the tables {@code actor_state}, {@code actor_state_history},
 * {@code actor_outbox}, {@code actor_inbox} and {@code actor_reminder} from the script in
 * the jar for the application's database ({@code schema-h2.sql},
 * {@code schema-postgresql.sql}), as {@code actors.persistence.initialize-schema} says.
 * The scripts create only what does not exist, so they are safe on every start.
 * <p>
 * Being a {@link DataSourceScriptDatabaseInitializer}, Boot runs it before the
 * {@code EntityManagerFactory} and any other bean that depends on database
 * initialization, so Hibernate's schema validation already sees the tables.
 */
public class ActorTablesInitializer extends DataSourceScriptDatabaseInitializer {

	/** Where the scripts are, with Boot's placeholder for the database platform. */
	public static final String SCHEMA_LOCATION = "classpath:dev/actorregistry/spring/jpa/schema-@@platform@@.sql";

	private final DatabaseInitializationMode mode;

	private final List<String> locations;

	/**
	 * Create an initializer.
	 * @param dataSource the application's data source
	 * @param mode when to run the script
	 */
	public ActorTablesInitializer(DataSource dataSource, DatabaseInitializationMode mode) {
		this(dataSource, mode, locations(dataSource, mode));
	}

	/**
	 * Create an initializer for a given platform, whatever the data source's.
	 * @param dataSource the data source
	 * @param mode when to run the script
	 * @param platform the platform in the script's name, such as {@code postgresql}
	 */
	ActorTablesInitializer(DataSource dataSource, DatabaseInitializationMode mode, String platform) {
		this(dataSource, mode, List.of(SCHEMA_LOCATION.replace("@@platform@@", platform)));
	}

	private ActorTablesInitializer(DataSource dataSource, DatabaseInitializationMode mode, List<String> locations) {
		super(dataSource, settings(mode, locations));
		this.mode = mode;
		this.locations = locations;
	}

	private static List<String> locations(DataSource dataSource, DatabaseInitializationMode mode) {
		if (mode == DatabaseInitializationMode.NEVER) {
			// no platform needed, and so no connection at start
			return List.of();
		}
		try {
			return new PlatformPlaceholderDatabaseDriverResolver().resolveAll(dataSource, SCHEMA_LOCATION);
		}
		catch (IllegalStateException ex) {
			// a database Boot does not know: fails only if the tables are to be created
			return List.of(SCHEMA_LOCATION.replace("@@platform@@", "unknown"));
		}
	}

	private static DatabaseInitializationSettings settings(DatabaseInitializationMode mode, List<String> locations) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(locations);
		settings.setMode(mode);
		return settings;
	}

	@Override
	public boolean initializeDatabase() {
		boolean wanted = this.mode == DatabaseInitializationMode.ALWAYS
				|| (this.mode == DatabaseInitializationMode.EMBEDDED && isEmbeddedDatabase());
		if (!wanted) {
			// Boot looks for the scripts even when it will not run them: a database
			// the jar has no script for must not fail here
			return false;
		}
		ResourceLoader resources = new DefaultResourceLoader(getClass().getClassLoader());
		for (String location : this.locations) {
			if (!resources.getResource(location).exists()) {
				throw new IllegalStateException("There is no actor registry schema script for this database ("
						+ location
						+ " does not exist; the jar has scripts for H2 and PostgreSQL). Create the tables actor_state,"
						+ " actor_state_history, actor_outbox, actor_inbox and actor_reminder yourself, after schema-postgresql.sql in the jar, and set"
						+ " actors.persistence.initialize-schema=never.");
			}
		}
		return super.initializeDatabase();
	}

}
