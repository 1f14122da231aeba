package io.chaosharness.report.internal;

import static io.chaosharness.report.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one schema reads what earlier runs wrote, and writes it again unchanged: schema version 1 holds. */
class SchemaCompatibilityTest {

    @TempDir
    Path dir;

    @Test
    void aFileTheScenariosWroteBeforeTheSchemaMovedIsWrittenAgainMemberForMember() throws Exception {
        Path original = fixture("from-scenarios").resolve("brief-outage.json");
        ObjectMapper plain = new ObjectMapper();

        ScenarioResult read = ResultFiles.readScenario(original);
        Path rewritten = ResultFiles.write(read, dir);

        JsonNode before = plain.readTree(original.toFile());
        JsonNode after = plain.readTree(rewritten.toFile());
        assertThat(read.timeline()).as("every event typed").hasSize(before.path("timeline").size());
        // compared as compact text, so member order, number forms (10.0 vs 10) and nulls count, not indentation
        assertThat(plain.writeValueAsString(after)).as("the same document, member for member")
                .isEqualTo(plain.writeValueAsString(before));
        assertThat(Files.readString(rewritten)).as("written the way ResultWriter always wrote: Jackson's indentation")
                .startsWith("{\n  \"schemaVersion\" : 1,\n  \"scenario\" : \"brief-outage\",");
    }

    @Test
    void theRewrittenFileReadsAsTheOriginalDoesInTheReport() throws Exception {
        Path original = fixture("from-scenarios").resolve("brief-outage.json");
        Path rewritten = ResultFiles.write(ResultFiles.readScenario(original), dir);
        ResultReader reader = new ResultReader(new ObjectMapper());

        ScenarioReport before = reader.readScenario(original, true);
        ScenarioReport after = reader.readScenario(rewritten, true);

        assertThat(after).usingRecursiveComparison().ignoringFields("file").isEqualTo(before);
    }
}
