package io.chaosharness.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run's own schema: dropped at close, and by the shutdown hook when the JVM is stopped by a signal first. */
class OwnedSchemaTest {

    @RegisterExtension
    static final TestPostgres TARGET = TestPostgres.perClass();

    private static DataSource admin() {
        return TargetUrl.parse("url", TARGET.url(null)).dataSource("owned-schema-test");
    }

    @Test
    void closeDropsTheSchemaOnceAskingForTheCurrentAdminSourceEachTime() throws Exception {
        Set<String> before = catalog();
        AtomicInteger asked = new AtomicInteger();
        OwnedSchema schema = OwnedSchema.create(() -> {
            asked.incrementAndGet();
            return admin();
        }, "postgres", TestPostgres.USER);
        try (Connection c = schema.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE inside (k int)");
        }
        assertThat(catalog()).as("while open").contains("relation " + schema.name() + ".inside");
        schema.close();
        schema.close();
        assertThat(asked.get()).as("admin source asked for at create, admin() and the drop, not copied once")
                .isEqualTo(3);
        assertThat(schema.isDropped()).isTrue();
        assertThat(catalog()).as("after close").isEqualTo(before);
    }

    @Test
    void aSignalToTheJvmDropsTheExternalEnvironmentsSchema(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Set<String> before = catalog();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                OwnedSchemaChild.class.getName(), TARGET.url(null))
                .redirectErrorStream(true).start();
        try {
            String schema = null;
            StringBuilder output = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String line;
                while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("READY ")) {
                        schema = line.substring(6).strip();
                        break;
                    }
                }
                assertThat(schema).as("child output:\n%s", output).isNotNull();
                assertThat(catalog()).as("while the child runs")
                        .contains("schema " + schema, "relation " + schema + ".harness_writes");
                child.destroy(); // SIGTERM, as Ctrl-C
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
            }
            assertThat(catalog()).as("schemas, relations and roles after the signal").isEqualTo(before);
        } finally {
            child.destroyForcibly();
        }
    }

    static Set<String> catalog() throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = admin().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 'schema ' || nspname FROM pg_namespace UNION ALL "
                        + "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n "
                        + "ON n.oid = c.relnamespace UNION ALL SELECT 'role ' || rolname FROM pg_roles")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
